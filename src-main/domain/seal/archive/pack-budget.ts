/**
 * Bounds how much packed output may wait for the consumer. tar-stream applies backpressure to file data,
 * but pushes folder and link headers without waiting; a tree of a million folders would otherwise pile up
 * in memory while the consumer (encryption, disk) is slower.
 */

/** Output bytes allowed to wait unread before the packer pauses. */
const MAX_WAITING_BYTES = 4 * 1024 * 1024;

/** Counts bytes pushed by the packer and taken by the consumer; the packer waits while too many wait. */
export class PackBudget {
  private producedBytes = 0;
  private consumedBytes = 0;
  private released = false;
  private wakeUp: (() => void) | null = null;

  /** Records a buffer pushed by tar-stream; returns it unchanged (used as streamx's `map`). */
  produced(data: Buffer): Buffer {
    this.producedBytes += data.byteLength;
    return data;
  }

  /** Records bytes the consumer took, and wakes a waiting packer once there is room again. */
  consumed(bytes: number): void {
    this.consumedBytes += bytes;
    if (this.hasRoom()) this.wake();
  }

  /** Resolves when the waiting output is below the limit (or the budget was released). */
  waitForRoom(): Promise<void> {
    if (this.hasRoom()) return Promise.resolve();
    return new Promise((resolve) => {
      this.wakeUp = resolve;
    });
  }

  /** Lets any waiting packer go on: the consumer stopped, nothing will be consumed any more. */
  release(): void {
    this.released = true;
    this.wake();
  }

  private hasRoom(): boolean {
    return this.released || this.producedBytes - this.consumedBytes <= MAX_WAITING_BYTES;
  }

  private wake(): void {
    const wakeUp = this.wakeUp;
    this.wakeUp = null;
    wakeUp?.();
  }
}
