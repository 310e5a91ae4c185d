/**
 * Frees short-lived buffers promptly. node:crypto returns a fresh buffer from every cipher update and
 * file reads hand out fresh blocks: about a GiB of short-lived garbage per GiB sealed or opened. V8
 * collects external (ArrayBuffer) memory only after ~64 MiB has piled up per thread, which would put
 * peak memory of a seal with two workers near 250 MB instead of the flat ~120 MB we promise. A
 * young-generation collection every few MiB (about 0.1 ms each) keeps the pile small.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Collect = (options: { type: 'minor' | 'major' }) => void;

let collect: Collect | null = null;

/** Returns a function that runs a minor GC every `every` calls (cheap; call it once per batch). */
export function youngGarbageCollector(every: number): () => void {
  // '--expose-gc' only makes `gc` visible in contexts created afterwards; a fresh context exposes it.
  // Why the lazy, cached lookup: setting a V8 flag is process-wide and should happen once.
  if (collect === null) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as Collect;
  }
  const run = collect;
  let calls = 0;
  return () => {
    if (++calls < every) return;
    calls = 0;
    run({ type: 'minor' });
  };
}
