// The big drop target of Share and Open. What a drop gives depends on the face:
// - desktop (Electron): the dropped Files; the preload's pathForFile says where each one is (files
//   and folders alike). The "Choose…" buttons open the system's own dialogs (window.api.choosePaths);
//   a preload without it falls back to file inputs, whose Files have paths there too.
// - browser (`sealdrop ui`): a web page is never told where dropped files live, so a drop counts only
//   when it carries paths as text: `text/uri-list` (file:// URLs) or `text/plain` (one absolute path
//   per line), as a path dragged from a terminal or an address bar does. For everything else the
//   zone says so and offers the path field, which is also the way for those who don't drag.
import { useId, useRef, useState, type DragEvent, type FormEvent, type ReactNode } from 'react';
import { useApi } from '../api/api-context.tsx';
import { isAbsolutePath, pathsFromDropText } from '../text/paths.ts';

type Props = {
  title: string;
  /** What the path field is for ("a file or folder to seal"). */
  pathLabel: string;
  /** Folders too (Share), or files only (Open). */
  folders: boolean;
  multiple: boolean;
  /** Smaller, once something was chosen: still a drop target, no longer the screen's centre. */
  compact?: boolean;
  onPaths(paths: string[]): void;
};

/** The drop zone with its path field and, on the desktop, file pickers. */
export function DropZone({ title, pathLabel, folders, multiple, compact = false, onPaths }: Props): ReactNode {
  const api = useApi();
  const [dragging, setDragging] = useState(false);
  const [warning, setWarning] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const [typedError, setTypedError] = useState<string | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const fieldId = useId();
  const depth = useRef(0);

  const deliver = (paths: string[]): void => {
    if (paths.length === 0) return;
    setWarning(null);
    onPaths(multiple ? paths : paths.slice(0, 1));
  };

  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    event.preventDefault();
    depth.current = 0;
    setDragging(false);
    const data = event.dataTransfer;
    const fromFiles = [...data.files].map((file) => api.pathForFile(file)).filter((path): path is string => path !== null);
    const paths = fromFiles.length > 0 ? fromFiles : pathsFromDropText(data.getData('text/uri-list'), data.getData('text/plain'));
    if (paths.length > 0) return deliver(paths);
    setWarning(
      data.files.length > 0
        ? 'This browser does not tell Sealdrop where dropped files are on your computer. Type or paste the path into the field instead.'
        : 'Nothing usable was dropped. Drop files or folders, or type a path below.',
    );
    field.current?.focus();
  };

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    const path = typed.trim();
    if (!isAbsolutePath(path)) {
      setTypedError('Give the full path, starting with / (or a drive letter on Windows).');
      return;
    }
    setTypedError(null);
    setTyped('');
    deliver([path]);
  };

  /** Desktop: the system dialog for `kind`; what was chosen is delivered, a failure shown. */
  const choose = async (kind: 'files' | 'folder' | 'sealed-file', fallback: HTMLInputElement | null): Promise<void> => {
    if (api.choosePaths === null) return fallback?.click();
    const chosen = await api.choosePaths(kind);
    if (!chosen.ok) return setWarning(chosen.error.message);
    deliver(chosen.value);
  };

  /** Desktop pickers without dialogs: each picked File's path; a folder is the common top of its files' paths. */
  const onPicked = (input: HTMLInputElement | null, folder: boolean): void => {
    const files = [...(input?.files ?? [])];
    if (input !== null) input.value = '';
    if (!folder) return deliver(files.map((file) => api.pathForFile(file)).filter((path): path is string => path !== null));
    const first = files[0];
    const path = first === undefined ? null : api.pathForFile(first);
    if (first === undefined || path === null) return;
    // webkitRelativePath is "<folder>/<inside…>": cut the inside off the file's own path.
    const inside = first.webkitRelativePath.split('/').slice(1).join('/');
    deliver([inside === '' ? path : path.slice(0, path.length - inside.length - 1)]);
  };

  return (
    <div
      className={['drop-zone', compact ? 'compact' : '', dragging ? 'dragging' : ''].filter((name) => name !== '').join(' ')}
      data-testid="drop-zone"
      role="group"
      aria-labelledby={`${fieldId}-title`}
      onDragEnter={(event) => {
        event.preventDefault();
        depth.current++;
        setDragging(true);
      }}
      onDragOver={(event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <svg className="drop-icon" viewBox="0 0 48 48" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" strokeLinejoin="round">
        <path d="M24 6v24M14 20l10 10 10-10" />
        <path d="M8 30v8a4 4 0 0 0 4 4h24a4 4 0 0 0 4-4v-8" />
      </svg>
      <p className="drop-title" id={`${fieldId}-title`}>
        {title}
      </p>
      {api.face === 'desktop' ? (
        <>
          <p className="drop-or">or</p>
          <div className="button-row centered">
            <button type="button" className="button" onClick={() => void choose(folders ? 'files' : 'sealed-file', fileInput.current)}>
              {folders ? 'Choose files…' : 'Choose a file…'}
            </button>
            {folders ? (
              <button type="button" className="button" onClick={() => void choose('folder', folderInput.current)}>
                Choose a folder…
              </button>
            ) : null}
          </div>
          <input ref={fileInput} type="file" hidden multiple={multiple} accept={folders ? undefined : '.sealdrop,.age'} onChange={(event) => onPicked(event.currentTarget, false)} />
          {folders ? <input ref={folderInput} type="file" hidden {...{ webkitdirectory: '' }} onChange={(event) => onPicked(event.currentTarget, true)} /> : null}
        </>
      ) : (
        <p className="drop-or">or type its path</p>
      )}
      <form className="path-entry" onSubmit={onSubmit} noValidate>
        <label htmlFor={fieldId} className="visually-hidden">
          {pathLabel}
        </label>
        <div className="inline-form">
          <input
            ref={field}
            id={fieldId}
            className="input mono"
            value={typed}
            onChange={(event) => setTyped(event.currentTarget.value)}
            placeholder={folders ? '/home/you/Documents/report' : '/home/you/Downloads/report.sealdrop'}
            aria-invalid={typedError !== null}
            aria-describedby={typedError === null ? undefined : `${fieldId}-error`}
            spellCheck={false}
            autoComplete="off"
          />
          <button type="submit" className="button">
            {multiple ? 'Add' : 'Use this file'}
          </button>
        </div>
        {typedError === null ? null : (
          <p className="field-error" id={`${fieldId}-error`}>
            {typedError}
          </p>
        )}
      </form>
      {api.face === 'browser' && !compact ? (
        <p className="drop-note">In a browser, Sealdrop learns where a file is only from its path: drop a path (from a terminal, say) or type it.</p>
      ) : null}
      <p className="drop-warning" role="status">
        {warning ?? ''}
      </p>
    </div>
  );
}
