/** Pulls exact byte counts and lines out of an async iterable of byte chunks, then hands back the rest. */

/** A pull-based reader over an async iterable of byte chunks (the header parser's input). */
export class ByteReader {
  readonly #source: AsyncIterator<Uint8Array>;
  #buffered: Uint8Array[] = [];
  #bufferedBytes = 0;
  #done = false;
  #consumed = 0;

  /** Wraps `source`; the reader takes ownership of the iteration. */
  constructor(source: AsyncIterable<Uint8Array>) {
    this.#source = source[Symbol.asyncIterator]();
  }

  /** Number of bytes handed out so far (by read, readLine and skip). */
  get position(): number {
    return this.#consumed;
  }

  /** Reads until at least `count` bytes are buffered or the source ends; returns the buffered count. */
  async fill(count: number): Promise<number> {
    while (this.#bufferedBytes < count && !this.#done) {
      const next = await this.#source.next();
      if (next.done === true) {
        this.#done = true;
        break;
      }
      if (next.value.length === 0) continue;
      this.#buffered.push(next.value);
      this.#bufferedBytes += next.value.length;
    }
    return this.#bufferedBytes;
  }

  /** Looks at up to `count` bytes without consuming them. */
  async peek(count: number): Promise<Uint8Array> {
    await this.fill(count);
    return this.#copyOut(Math.min(count, this.#bufferedBytes), false);
  }

  /** Reads exactly `count` bytes, or fewer only when the source ends first. */
  async read(count: number): Promise<Uint8Array> {
    await this.fill(count);
    return this.#copyOut(Math.min(count, this.#bufferedBytes), true);
  }

  /**
   * Reads one LF-terminated line (the LF is consumed, not returned). Returns null when no LF occurs
   * within `maxLength` bytes or before the end of input; nothing is consumed in that case.
   */
  async readLine(maxLength: number): Promise<Uint8Array | null> {
    let scanned = 0;
    for (;;) {
      const index = this.#indexOfLf(scanned, maxLength + 1);
      if (index >= 0) {
        const line = this.#copyOut(index, true);
        this.#copyOut(1, true);
        return line;
      }
      scanned = this.#bufferedBytes;
      if (scanned > maxLength) return null;
      const before = this.#bufferedBytes;
      if ((await this.fill(before + 1)) === before) return null;
    }
  }

  /** Yields everything not yet consumed, buffered bytes first, then the rest of the source. */
  async *rest(): AsyncGenerator<Uint8Array> {
    while (this.#buffered.length > 0) {
      const chunk = this.#buffered.shift() as Uint8Array;
      this.#bufferedBytes -= chunk.length;
      this.#consumed += chunk.length;
      yield chunk;
    }
    while (!this.#done) {
      const next = await this.#source.next();
      if (next.done === true) {
        this.#done = true;
        break;
      }
      this.#consumed += next.value.length;
      yield next.value;
    }
  }

  /** Stops the underlying source early (e.g. after a header error). */
  async close(): Promise<void> {
    if (!this.#done) {
      this.#done = true;
      await this.#source.return?.();
    }
  }

  #indexOfLf(from: number, limit: number): number {
    let offset = 0;
    for (const chunk of this.#buffered) {
      const start = Math.max(0, from - offset);
      if (start < chunk.length) {
        const found = chunk.indexOf(0x0a, start);
        if (found >= 0) return offset + found < limit ? offset + found : -1;
      }
      offset += chunk.length;
      if (offset >= limit) return -1;
    }
    return -1;
  }

  #copyOut(count: number, consume: boolean): Uint8Array {
    const out = new Uint8Array(count);
    let written = 0;
    let index = 0;
    while (written < count) {
      const chunk = this.#buffered[index] as Uint8Array;
      const take = Math.min(chunk.length, count - written);
      out.set(chunk.subarray(0, take), written);
      written += take;
      if (!consume) {
        index += 1;
        continue;
      }
      if (take === chunk.length) this.#buffered.shift();
      else this.#buffered[0] = chunk.subarray(take);
    }
    if (consume) {
      this.#bufferedBytes -= count;
      this.#consumed += count;
    }
    return out;
  }
}
