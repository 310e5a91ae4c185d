/**
 * The recipient/identity plug-in points: a recipient wraps the file key into stanzas, an identity
 * recognises its own stanzas and unwraps the file key. age spec (C2SP age), "Recipient stanza".
 */
import type { Stanza } from './stanza.ts';

/** Wraps a file key for one party. Async because some recipient kinds ask a network. */
export interface Recipient {
  /** Returns the stanza(s) that carry `fileKey` for this recipient. */
  wrap(fileKey: Uint8Array): Promise<Stanza[]>;
}

/** Unwraps the file key from the stanzas addressed to it. */
export interface Identity {
  /**
   * Returns the 16-byte file key, or null when none of the stanzas is for this identity. Throws a
   * SealdropError for a malformed stanza of its own type (age spec: identities MUST reject those).
   */
  unwrap(stanzas: readonly Stanza[]): Promise<Uint8Array | null>;
}
