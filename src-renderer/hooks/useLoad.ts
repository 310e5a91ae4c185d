// Loads something over the api and keeps its last answer: loading, the value, or the error. A newer
// load always wins over an older one still in flight; `reload` asks again (keeping what is shown).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { IpcError, IpcResult } from '../api/api-types.ts';

/** Where a load stands. */
export type Loaded<T> = { state: 'loading'; value: T | null } | { state: 'ready'; value: T } | { state: 'failed'; value: T | null; error: IpcError };

/** The answer of `load`, asked when `key` changes and on `reload()`; `load` null means "not now". */
export function useLoad<T>(load: (() => Promise<IpcResult<T>>) | null, key: string): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading', value: null });
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const enabled = load !== null;

  useEffect(() => {
    const current = loadRef.current;
    if (current === null) return;
    const ticket = ++latest.current;
    setLoaded((previous) => ({ state: 'loading', value: previous.value }));
    void current().then((result) => {
      if (ticket !== latest.current) return;
      setLoaded((previous) => (result.ok ? { state: 'ready', value: result.value } : { state: 'failed', value: previous.value, error: result.error }));
    });
  }, [key, round, enabled]);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  return [loaded, reload];
}
