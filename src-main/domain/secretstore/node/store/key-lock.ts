// A per-key async lock: check-then-write operations on one document id (putKey, setDocumentKey,
// putAcl, deleteKey) run one after another, so two concurrent putKey calls for the same id cannot
// both see "absent" and both write. Operations on different ids still run in parallel.
// The lock is an instance, owned by one store: no module-level state (DESIGN §1).

/** Serializes async work per string key; work under different keys runs concurrently. */
export class KeyedLock {
  /** The tail of each key's queue; removed when the queue drains so the map does not grow. */
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `work` once every earlier `run` for the same key has settled; resolves with its result. */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    // A failure of the previous holder must not block or fail the next one: chain on settlement.
    const result = previous.then(work, work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      // Only the last waiter clears the entry; a newer waiter has replaced the tail otherwise.
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** How many keys currently have queued or running work (for tests and diagnostics). */
  get busyKeys(): number {
    return this.#tails.size;
  }
}
