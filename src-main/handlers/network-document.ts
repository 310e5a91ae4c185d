// The network half of sealing, as the app does it (the CLI's `seal` does the same steps): the key
// holders generate a fresh server key for a new document id, the client stores a fresh document key
// under it, and the given addresses are granted (on the owner-signed list, or on chain where the
// profile keeps access lists in a contract). Returns the age recipient that writes the stanza.
import { randomBytes } from 'node:crypto';
import type { IdentityKey } from '../domain/identity/identity-key.ts';
import type { Recipient } from '../domain/seal/age/recipient.ts';
import { SealdropNetworkRecipient } from '../domain/seal/age/sealdrop-recipient.ts';
import { chainPermissions, registerOnChain } from '../domain/secretstore/client/chain-access.ts';
import { createSecretStoreClient, type ClientContext } from '../domain/secretstore/client/secret-store-client.ts';
import { networkId } from '../domain/secretstore/network/profile.ts';
import { SealdropError } from '../../src-shared/errors.ts';
import { addressOf, hexOf } from './hex.ts';
import type { ProgressUpdate } from './operations.ts';

/** A new document on a network, ready to seal. */
export type NetworkDocument = { recipient: Recipient; documentId: string; network: string; threshold: number; granted: string[] };

/** Makes the document's key on the network and grants `grants` (20-byte addresses). */
export async function createNetworkDocument(options: {
  context: ClientContext;
  identity: IdentityKey;
  threshold: number;
  grants: readonly Uint8Array[];
  /** Grants on chain end then (unix seconds); owner-signed lists have no expiry. */
  grantUntil?: number;
  report: (update: ProgressUpdate) => void;
}): Promise<NetworkDocument> {
  const { context, identity, threshold, grants, report } = options;
  const profile = context.profile;
  const client = createSecretStoreClient(context);
  const total = profile.nodes.length;
  const documentId = randomBytes(32);
  report({ step: `asking the ${total} key holders to create the key (any ${threshold + 1} will open it)`, keyHolders: { answered: 0, needed: total, total } });
  const serverKey = await client.generateServerKey(documentId, threshold);
  report({ step: 'storing the document key with the key holders', keyHolders: { answered: total, needed: total, total } });
  const documentKey = await client.storeDocumentKey(documentId, serverKey);
  if (profile.acl.type === 'contract') {
    // The author registers the document on chain (becoming its owner) and grants there; nodes read it.
    report({ step: `registering the document on chain ${profile.acl.chainId}${grants.length > 0 ? ` and granting ${grants.length}` : ''}`, keyHolders: null });
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
    // A recipient who cannot open what they were sent is worse than an error now.
    if (!change.effective) {
      throw new SealdropError('not-enough-nodes', `Only ${change.acknowledged} of ${total} key holders recorded the recipients; ${threshold + 1} are needed. Nothing was sealed.`, {
        acknowledged: change.acknowledged,
        total,
      });
    }
  }
  const id = networkId(profile);
  return {
    recipient: new SealdropNetworkRecipient({ documentKey, documentId, networkId: id, threshold, serverKey }),
    documentId: hexOf(documentId),
    network: hexOf(id),
    threshold,
    granted: grants.map(addressOf),
  };
}
