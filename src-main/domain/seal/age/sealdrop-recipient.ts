/**
 * The Sealdrop network stanza as an age recipient and identity (the plug-in points of recipient.ts).
 * Sealing needs the document key M the client just made; opening asks the key server network for M
 * through a resolver passed in, so this file does no I/O of its own.
 */
import { isSealdropError } from '../../../../src-shared/errors.ts';
import type { Identity, Recipient } from './recipient.ts';
import { findSealdropStanza, parseSealdropStanza, unwrapFileKeyWithDocumentKey, wrapFileKeyForNetwork } from './sealdrop-stanza.ts';
import type { NetworkWrap, SealdropStanzaFields } from './sealdrop-stanza.ts';
import type { Stanza } from './stanza.ts';

/**
 * Finds the document key M for a stanza's fields (document id, network id, threshold, server key):
 * in the app, by verifiable retrieval from the network. Resolves null when the resolver does not
 * serve that network; throws (e.g. 'access-denied', 'not-enough-nodes') when it does but cannot.
 */
export type DocumentKeyResolver = (fields: SealdropStanzaFields) => Promise<Uint8Array | null>;

/** Seals to a key server network: one Sealdrop stanza with a fresh salt per file. */
export class SealdropNetworkRecipient implements Recipient {
  readonly #wrap: NetworkWrap;

  /** `wrap.documentKey` is M: secret, held only until the file is sealed. */
  constructor(wrap: NetworkWrap) {
    this.#wrap = { ...wrap, documentKey: Uint8Array.from(wrap.documentKey) };
  }

  /** DESIGN §2: the file key under HKDF(M, fresh salt); see sealdrop-stanza.ts for why the zero nonce is safe. */
  async wrap(fileKey: Uint8Array): Promise<Stanza[]> {
    return [wrapFileKeyForNetwork(fileKey, this.#wrap)];
  }
}

/** Opens files sealed to a key server network, with M from `resolve`. */
export class SealdropNetworkIdentity implements Identity {
  readonly #resolve: DocumentKeyResolver;

  /** `resolve` is asked only after the stanza parsed cleanly, so a malformed header never reaches the network. */
  constructor(resolve: DocumentKeyResolver) {
    this.#resolve = resolve;
  }

  /** Returns the file key, or null when the file has no Sealdrop stanza or M is unavailable or wrong. */
  async unwrap(stanzas: readonly Stanza[]): Promise<Uint8Array | null> {
    const stanza = findSealdropStanza(stanzas);
    if (stanza === null) return null;
    const documentKey = await this.#resolve(parseSealdropStanza(stanza));
    if (documentKey === null) return null;
    try {
      return unwrapFileKeyWithDocumentKey(stanza, documentKey);
    } catch (error) {
      // Why: a wrong M means "not for this identity" (age's contract), so another identity may still
      // open the file; openAge reports 'no-matching-key' if none does. Other errors propagate.
      if (isSealdropError(error, 'no-matching-key')) return null;
      throw error;
    }
  }
}
