// A failure in words for people: a title that says what happened and, where there is one, what to
// do next. The screens branch on the stable code; the sentence from main is kept as the detail.
import type { IpcError } from '../api/api-types.ts';
import { formatBytes } from './format.ts';

/** What kind of trouble it is (the message box's look and the tests' hook). */
export type ErrorKind = 'not-allowed' | 'unreachable' | 'damaged' | 'unknown-network' | 'cancelled' | 'locked' | 'other';

/** A failure as a screen shows it. */
export type ErrorText = { kind: ErrorKind; title: string; advice: string | null; detail: string };

/** Payload chunks are 64 KiB of contents each (age STREAM). */
const CHUNK_BYTES = 64 * 1024;

const DAMAGED = new Set(['payload-tampered', 'payload-truncated', 'trailing-data', 'header-tampered', 'header-invalid', 'not-sealdrop', 'armor-invalid', 'archive-invalid']);
const UNREACHABLE = new Set(['not-enough-nodes', 'node-unreachable', 'timeout', 'acl-unavailable']);

/** The words for `error`; `owner` is the owner's address when the screen knows it from elsewhere. */
export function describeError(error: IpcError, owner: string | null = null): ErrorText {
  const details = error.details ?? {};
  const detail = error.message;
  if (error.code === 'access-denied') {
    const who = typeof details.owner === 'string' ? details.owner : owner;
    return {
      kind: 'not-allowed',
      title: 'You are not allowed to open this',
      advice: who === null ? 'Ask the person who sent it to give your address access.' : `Ask the owner, ${who}, to give your address access.`,
      detail,
    };
  }
  if (UNREACHABLE.has(error.code)) {
    const answered = numberOf(details.answered);
    const total = numberOf(details.total);
    const needed = numberOf(details.needed);
    const counted = answered !== null && total !== null ? `${answered} of ${total} key holders answered${needed === null ? '' : `; ${needed} are needed`}.` : null;
    return {
      kind: 'unreachable',
      title: error.code === 'acl-unavailable' ? 'The key holders cannot check who may open it' : 'Not enough key holders could be reached',
      advice: counted === null ? 'Check your connection, or try again when more key holders are online.' : `${counted} Try again when more of them are online.`,
      detail,
    };
  }
  if (DAMAGED.has(error.code)) return { kind: 'damaged', title: 'This file is damaged', advice: damagedPart(error), detail };
  if (error.code === 'profile-invalid' && typeof details.network === 'string') {
    return { kind: 'unknown-network', title: 'This computer does not know that network', advice: 'Add the network\u2019s profile (a file or a sealdrop:// link from whoever runs it), then try again.', detail };
  }
  if (error.code === 'input-not-found') {
    return { kind: 'other', title: 'Not found', advice: 'Nothing is at that path on this computer. Check the spelling, or drop the file or folder instead.', detail };
  }
  if (error.code === 'cancelled') return { kind: 'cancelled', title: 'Cancelled', advice: 'Nothing was kept.', detail: '' };
  if (error.code === 'bad-argument' && details.purpose === 'unlock') {
    return { kind: 'locked', title: 'Your identity is locked', advice: 'Unlock it with its passphrase (at the top of the window), then try again.', detail };
  }
  return { kind: 'other', title: TITLES[error.code] ?? 'That did not work', advice: null, detail };
}

/** Which part of a damaged file failed, in words. */
function damagedPart(error: IpcError): string {
  const chunk = numberOf(error.details?.chunk);
  if (chunk !== null) {
    const from = formatBytes(chunk * CHUNK_BYTES);
    const what = error.code === 'payload-truncated' ? 'It was cut short' : error.code === 'trailing-data' ? 'It has extra bytes at its end' : 'It was changed after it was sealed';
    return `${what}: part ${chunk + 1} of its contents (from ${from} in) does not check out. Nothing was written; ask for a fresh copy.`;
  }
  if (error.code === 'header-tampered' || error.code === 'header-invalid') return 'Its header (the part that says who may open it) was changed or is broken. Nothing was written; ask for a fresh copy.';
  if (error.code === 'archive-invalid') return 'Its contents decrypt, but the folder inside is malformed. Nothing was written; ask for a fresh copy.';
  return 'It is not a Sealdrop file, or its beginning is broken. Nothing was written.';
}

function numberOf(value: string | number | boolean | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

const TITLES: Partial<Record<IpcError['code'], string>> = {
  'input-not-found': 'Not found',
  'target-exists': 'Already there',
  'disk-full': 'The disk is full',
  'io-failed': 'Reading or writing failed',
  'bad-argument': 'Please check this',
  'request-invalid': 'Please check this',
  'identity-not-found': 'You have no identity yet',
  'keychain-unavailable': 'The keychain is not available',
  'wrong-passphrase': 'Wrong passphrase',
  'no-matching-key': 'No key of yours opens this file',
  'threshold-invalid': 'That threshold does not fit this network',
  'profile-invalid': 'That network profile cannot be used',
  'server-key-not-found': 'The key holders do not know this file',
  'document-key-not-found': 'The key holders do not have its key',
  internal: 'Something went wrong',
};
