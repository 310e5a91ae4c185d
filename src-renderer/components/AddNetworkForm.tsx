// Adds a network profile: a `sealdrop://network/…` link, the path of a profile file, the profile's
// JSON pasted, or a profile file picked (its text is read by the page, so this works in the browser
// too). Used by Settings, the first-run card and Open (for a file from an unknown network). The
// first network added where there is no default becomes the default.
import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useApi } from '../api/api-context.tsx';
import type { IpcError, RequestOf, ResponseOf } from '../api/api-types.ts';
import { useAppState } from '../app/app-state.tsx';
import { isAbsolutePath } from '../text/paths.ts';
import { ErrorPanel } from './ErrorPanel.tsx';

type Source = RequestOf<'network:add'>['source'];
type Added = ResponseOf<'network:add'>['network'];

/** What the person typed, as a network source; null when it is none of the three forms. */
export function networkSourceOf(text: string): Source | null {
  const value = text.trim();
  if (value.toLowerCase().startsWith('sealdrop://')) return { kind: 'link', link: value };
  if (value.startsWith('{')) return { kind: 'json', text: value };
  if (isAbsolutePath(value)) return { kind: 'file', path: value };
  return null;
}

/** The form; `onAdded` hears the network once it is known here. */
export function AddNetworkForm({ onAdded, initial = '', submitLabel = 'Add network' }: { onAdded(network: Added): void; initial?: string; submitLabel?: string }): ReactNode {
  const api = useApi();
  const app = useAppState();
  const id = useId();
  const [text, setText] = useState(initial);
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<Added | null>(null);
  const picker = useRef<HTMLInputElement>(null);

  const add = async (source: Source): Promise<void> => {
    setBusy(true);
    setError(null);
    const result = await api.invoke('network:add', { source });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    // The first network of a computer without one (no default, no local network) becomes the default.
    if (!app.networks.some((network) => network.isDefault)) await api.invoke('settings:set', { defaultNetwork: result.value.network.id });
    setAdded(result.value.network);
    setText('');
    onAdded(result.value.network);
  };

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    const source = networkSourceOf(text);
    if (source === null) {
      setError({ code: 'bad-argument', message: 'Paste a sealdrop://network/… link, the full path of a profile file, or the profile itself.' });
      return;
    }
    void add(source);
  };

  const onPicked = async (input: HTMLInputElement): Promise<void> => {
    const file = input.files?.[0];
    input.value = '';
    if (file === undefined) return;
    await add({ kind: 'json', text: await file.text() });
  };

  return (
    <form onSubmit={onSubmit} noValidate className="add-network">
      <div className="field">
        <label htmlFor={id}>Network link or profile file</label>
        <div className="inline-form">
          <input
            id={id}
            className="input mono"
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            placeholder="sealdrop://network/…  or  /path/to/network.json"
            spellCheck={false}
            autoComplete="off"
            aria-describedby={`${id}-hint`}
          />
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? 'Adding…' : submitLabel}
          </button>
        </div>
        <span className="hint" id={`${id}-hint`}>
          Whoever runs the network gives you its link or its profile file.{' '}
          <button type="button" className="button link" onClick={() => picker.current?.click()}>
            Choose a profile file…
          </button>
        </span>
        <input ref={picker} type="file" accept=".json,application/json" hidden onChange={(event) => void onPicked(event.currentTarget)} />
      </div>
      {error === null ? null : <ErrorPanel error={error} />}
      <p className="muted small" aria-live="polite">
        {added === null ? '' : `Added "${added.name}" (${added.nodes} key holders).`}
      </p>
    </form>
  );
}
