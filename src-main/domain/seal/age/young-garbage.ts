/**
 * Frees short-lived buffers promptly. node:crypto returns a fresh buffer from every cipher update and
 * file reads hand out fresh blocks: about a GiB of short-lived garbage per GiB sealed or opened. V8
 * collects external (ArrayBuffer) memory only after ~64 MiB has piled up per thread, which would put
 * peak memory of a seal with two workers near 250 MB instead of the flat ~120 MB we promise. A
 * young-generation collection every few MiB (about 0.1 ms each) keeps the pile small.
 *
 * Each collection frees a few MiB of those 64 KiB buffers at once, and glibc then hands the top of the
 * heap back to the kernel (its trim threshold starts at 128 KiB), so the next batch faults the same
 * memory in again: ~75,000 page faults per GiB sealed, and page faults are slow on the development VM.
 * glibc raises its thresholds on its own once it frees a large mmap'd block (mmap threshold = that
 * size, trim threshold = twice it), so the first call allocates and frees one 8 MiB block: sealing
 * 1 GiB then takes ~15,000 page faults, and 1.78 s instead of 2.08 s (median of 5, age 1.43 s).
 * Freed memory kept for reuse is bounded by the trim threshold (16 MiB per malloc arena).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Collect = (options: { type: 'minor' | 'major' }) => void;

let collect: Collect | null = null;

/** Size of the block whose release raises glibc's mmap and trim thresholds (see the file comment). */
const MALLOC_THRESHOLD_BYTES = 8 * 1024 * 1024;

/** Returns a function that runs a minor GC every `every` calls (cheap; call it once per batch). */
export function youngGarbageCollector(every: number): () => void {
  // '--expose-gc' only makes `gc` visible in contexts created afterwards; a fresh context exposes it.
  // Why the lazy, cached lookup: setting a V8 flag is process-wide and should happen once.
  if (collect === null) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as Collect;
    // Released by the collection below; on other allocators than glibc this is only a short-lived buffer.
    let block: Uint8Array | null = new Uint8Array(MALLOC_THRESHOLD_BYTES);
    block[0] = 1;
    block = null;
    collect({ type: 'minor' });
  }
  const run = collect;
  let calls = 0;
  return () => {
    if (++calls < every) return;
    calls = 0;
    run({ type: 'minor' });
  };
}
