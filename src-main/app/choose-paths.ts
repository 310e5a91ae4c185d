// The system's own file dialogs for the desktop app (desktop-channels.ts CHOOSE_PATHS): what each kind
// of choice asks the dialog for, and which of the dialog's answers are passed to the page. No
// Electron here (ipc-binding.ts calls dialog.showOpenDialog), so it is tested in Node.
import { isAbsolute, normalize } from 'node:path';
import type { IpcResult } from '../../src-shared/ipc/contract.ts';
import { MAX_PATHS } from '../../src-shared/ipc/primitives.ts';
import { MAX_SHOW_PATH } from './show-in-folder.ts';

/** What the user is choosing: files to seal, a folder to seal, a sealed file to open, or where output goes. */
export const CHOOSE_KINDS = ['files', 'folder', 'sealed-file', 'destination'] as const;
export type ChooseKind = (typeof CHOOSE_KINDS)[number];

/** The subset of Electron's OpenDialogOptions used here. */
export type ChooseDialogOptions = {
  readonly title: string;
  readonly buttonLabel: string;
  readonly properties: ('openFile' | 'openDirectory' | 'multiSelections' | 'createDirectory' | 'dontAddToRecent')[];
  readonly filters?: { name: string; extensions: string[] }[];
};

const OPTIONS: Record<ChooseKind, ChooseDialogOptions> = {
  // Linux and Windows dialogs cannot pick files and folders at once: files and a folder are two choices.
  files: { title: 'Choose files to seal', buttonLabel: 'Choose', properties: ['openFile', 'multiSelections', 'dontAddToRecent'] },
  folder: { title: 'Choose a folder to seal', buttonLabel: 'Choose', properties: ['openDirectory', 'dontAddToRecent'] },
  'sealed-file': {
    title: 'Choose a sealed file to open',
    buttonLabel: 'Choose',
    properties: ['openFile', 'dontAddToRecent'],
    filters: [
      { name: 'Sealed files', extensions: ['sealdrop', 'age'] },
      { name: 'All files', extensions: ['*'] },
    ],
  },
  destination: { title: 'Choose a folder', buttonLabel: 'Use this folder', properties: ['openDirectory', 'createDirectory'] },
};

/** The dialog for a `{ kind }` request, or `request-invalid`. */
export function dialogOptionsFor(request: unknown): IpcResult<ChooseDialogOptions> {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return refuse('The request must be { kind }.');
  const keys = Object.keys(request);
  if (keys.length !== 1 || keys[0] !== 'kind') return refuse('The request must be { kind } and nothing else.');
  const kind = (request as { kind: unknown }).kind;
  if (typeof kind !== 'string' || !(CHOOSE_KINDS as readonly string[]).includes(kind)) return refuse(`kind must be one of ${CHOOSE_KINDS.join(', ')}.`);
  const options = OPTIONS[kind as ChooseKind];
  return { ok: true, value: { ...options, properties: [...options.properties], ...(options.filters === undefined ? {} : { filters: options.filters.map((f) => ({ ...f, extensions: [...f.extensions] })) }) } };
}

/** The paths of a dialog's answer worth passing on: none when cancelled; absolute, normalised, bounded. */
export function chosenPaths(answer: { canceled: boolean; filePaths: readonly string[] }, kind: ChooseKind): string[] {
  if (answer.canceled) return [];
  const paths = answer.filePaths.filter((path) => typeof path === 'string' && path.length > 0 && path.length <= MAX_SHOW_PATH && isAbsolute(path) && normalize(path) === path && !path.includes('\0'));
  return kind === 'files' ? paths.slice(0, MAX_PATHS) : paths.slice(0, 1);
}

function refuse(message: string): IpcResult<never> {
  return { ok: false, error: { code: 'request-invalid', message } };
}
