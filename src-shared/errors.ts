/**
 * Error codes shared by every face of Sealdrop (CLI, IPC, HTTP). Codes are stable: scripts and the UI
 * branch on them; messages are for people and never contain secrets.
 */
export const ERROR_CODES = [
  // The input is not an age / .sealdrop file at all.
  'not-sealdrop',
  // The ASCII armor around an age file is malformed.
  'armor-invalid',
  // The header cannot be parsed (malformed stanza, bad encoding, unsupported version).
  'header-invalid',
  // A file key was unwrapped, but the header MAC does not match: the header was changed.
  'header-tampered',
  // None of the given identities (keys, passphrase) can open any recipient stanza.
  'no-matching-key',
  // The passphrase does not open the file.
  'wrong-passphrase',
  // The scrypt work factor is above what we accept (a denial-of-service guard).
  'work-factor-too-high',
  // A payload chunk fails authentication: the file was changed after it was sealed.
  'payload-tampered',
  // The file ends before its final chunk: it was cut short.
  'payload-truncated',
  // There are bytes after the final chunk.
  'trailing-data',
  // The encrypted archive contains an entry we refuse to write (escape, device, duplicate...).
  'unsafe-entry',
  // The encrypted archive itself is malformed.
  'archive-invalid',
  // The output already exists and the user asked us not to pick another name.
  'target-exists',
  // A path given by the user does not exist or cannot be read.
  'input-not-found',
  // The disk is full (ENOSPC, EDQUOT).
  'disk-full',
  // Any other I/O failure.
  'io-failed',
  // A command-line or API argument is wrong.
  'bad-argument',
  // The operation was cancelled by the user.
  'cancelled',
  // Secret store (added for the threshold key servers, issue 3):
  // A public key, secret, point or signature does not decode or is not a valid curve element.
  'key-invalid',
  // An ECIES envelope fails its MAC or is malformed: it was changed or is not for this key.
  'ciphertext-tampered',
  // A node's partial decryption does not match its Chaum-Pedersen proof.
  'proof-invalid',
  // A key-generation dealer's share or proof does not match its public commitments.
  'share-invalid',
  // The requester may not do this (ACL denial, not the key's author, a peer not in the network).
  'access-denied',
  // No node of the network holds a server key with this document id.
  'server-key-not-found',
  // The server key exists but no document key was stored under it.
  'document-key-not-found',
  // A server key with this document id was already generated.
  'server-key-exists',
  // A document key was already stored under this server key.
  'document-key-exists',
  // The threshold is impossible for this network (t must satisfy 0 <= t < n).
  'threshold-invalid',
  // Too few key holders answered (validly) to complete the operation.
  'not-enough-nodes',
  // A key server node or peer could not be reached, or dropped out of a session.
  'node-unreachable',
  // A session or request took longer than its time limit.
  'timeout',
  // A request (HTTP, peer message) is malformed: bad path, bad encoding, schema mismatch, too large.
  'request-invalid',
  // Data stored on disk (a key share, a record) fails authentication: it was changed or corrupted.
  'storage-tampered',
  // A network profile or node configuration is malformed or inconsistent.
  'profile-invalid',
  // The OS keychain (Secret Service, Keychain, Credential Manager) cannot be reached.
  'keychain-unavailable',
  // No identity exists yet, or the named one is missing.
  'identity-not-found',
  // An ACL record is older than (or as old as) the one a node already keeps.
  'acl-stale',
  // A node cannot consult its access-control backend (the chain is unreachable, on another chain id),
  // so it refuses to release anything (fail closed).
  'acl-unavailable',
  // A node failed in a way that is not the requester's fault.
  'internal',
] as const;

/** A stable, machine-readable error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error a person can read, with a stable code. Anything user-facing throws one of these. */
export class SealdropError extends Error {
  readonly code: ErrorCode;
  /** Structured facts for scripts and the UI (e.g. `{ chunk: 17 }`); never secret material. */
  readonly details: Readonly<Record<string, string | number | boolean>>;

  constructor(code: ErrorCode, message: string, details: Record<string, string | number | boolean> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SealdropError';
    this.code = code;
    this.details = details;
  }
}

/** True when `value` is a SealdropError with the given code (or any code when omitted). */
export function isSealdropError(value: unknown, code?: ErrorCode): value is SealdropError {
  return value instanceof SealdropError && (code === undefined || value.code === code);
}
