// A new document on a key server network, as every face seals it (the app's Share screen and its
// re-seal, the CLI's `seal --network`): the key holders generate a fresh server key for a fresh document id,
// the client stores a fresh document key under it (after every holder confirmed the key, see
// confirm-new-key.ts), and the recipients are granted, on the owner-signed list or, where the profile
// keeps access in a contract, on chain. Returns the age recipient that writes the `sealdrop` stanza.
import { randomBytes } from 'node:crypto';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { checksumAddress, type IdentityKey } from '../../identity/identity-key.ts';
import type { Recipient } from '../../seal/age/recipient.ts';
import { SealdropNetworkRecipient } from '../../seal/age/sealdrop-recipient.ts';
import { networkId } from '../network/profile.ts';
import { chainPermissions, registerOnChain } from './chain-access.ts';
import { createSecretStoreClient, type ClientContext } from './secret-store-client.ts';

/** How many key holders answered a step, of how many needed and how many there are. */
export type KeyHolderCount = { answered: number; needed: number; total: number };

/** A step of making a document, for a progress display (`keyHolders` null: the step is not theirs). */
export type NewDocumentStep = { step?: string; keyHolders?: KeyHolderCount | null };

/** A new document on a network, ready to seal. Ids and addresses are 0x-less / 0x hex as named. */
export type NetworkDocument = {
  /** Writes the document's `sealdrop` stanza. */
  readonly recipient: Recipient;
  /** The 32-byte document id, hex without 0x. */
  readonly documentId: string;
  /** The network id, 0x hex. */
  readonly network: string;
  readonly threshold: number;
  /** Granted addresses, EIP-55. */
  readonly granted: string[];
};

/** What creating a document needs. */
export type NewDocumentOptions = {
  readonly context: ClientContext;
  /** The author: signs the requests and owns the document's access list. */
  readonly identity: IdentityKey;
  /** Any threshold + 1 key holders will open it. */
  readonly threshold: number;
  /** 20-byte addresses to grant. */
  readonly grants: readonly Uint8Array[];
  /** Grants on chain end then (unix seconds); owner-signed lists have no expiry. */
  readonly grantUntil?: number;
  readonly onStep?: (step: NewDocumentStep) => void;
};

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/**
 * Makes the document's key on the network and grants `grants`. Fails (nothing to seal) when too few
 * key holders record the grants: a recipient who cannot open what they were sent is worse than an
 * error now.
 */
export async function createNetworkDocument(options: NewDocumentOptions): Promise<NetworkDocument> {
  const { context, identity, threshold, grants } = options;
  const report = options.onStep ?? ((): void => {});
  const profile = context.profile;
  const total = profile.nodes.length;
  if (!Number.isInteger(threshold) || threshold < 0 || threshold >= total) {
    throw new SealdropError('bad-argument', `the threshold must be a whole number below the network's ${total} key holders`);
  }
  const client = createSecretStoreClient(context);
  const documentId = randomBytes(32);
  report({ step: `asking the ${total} key holders to create the key (any ${threshold + 1} will open it)`, keyHolders: { answered: 0, needed: total, total } });
  const serverKey = await client.generateServerKey(documentId, threshold);
  report({ step: 'storing the document key with the key holders', keyHolders: { answered: total, needed: total, total } });
  const documentKey = await client.storeDocumentKey(documentId, serverKey);
  if (profile.acl.type === 'contract') {
    // The author registers the document on chain (becoming its owner) and grants there; nodes read it.
    const granting = grants.length > 0 ? ` and granting ${grants.length} address${grants.length === 1 ? '' : 'es'}` : '';
    report({ step: `registering the document on chain ${profile.acl.chainId}${granting}`, keyHolders: null });
    const { contract, close } = await chainPermissions(profile.acl, identity.exportSecret());
    try {
      await registerOnChain(contract, documentId, grants, options.grantUntil);
    } finally {
      close();
    }
  } else if (grants.length > 0) {
    report({ step: `granting access to ${grants.length} recipient${grants.length === 1 ? '' : 's'}`, keyHolders: { answered: 0, needed: threshold + 1, total } });
    const change = await client.grant(documentId, grants);
    report({ keyHolders: { answered: change.acknowledged, needed: threshold + 1, total } });
    if (!change.effective) {
      throw new SealdropError('not-enough-nodes', `Only ${change.acknowledged} of ${total} key holders recorded the recipients; ${threshold + 1} are needed. Nothing was sealed.`, {
        acknowledged: change.acknowledged,
        total,
      });
    }
  }
  return {
    recipient: new SealdropNetworkRecipient({ documentKey, documentId, networkId: networkId(profile), threshold, serverKey }),
    documentId: hex(documentId),
    network: `0x${hex(networkId(profile))}`,
    threshold,
    granted: grants.map(checksumAddress),
  };
}
