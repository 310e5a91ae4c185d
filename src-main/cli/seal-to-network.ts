// Sealing to a key server network, loaded only when a seal is sealed to one (plain age seals then
// never load the secret-store client, libp2p-free as it is, nor ethers).
import { randomBytes } from 'node:crypto';
import type { Recipient } from '../domain/seal/age/recipient.ts';
import { SealdropNetworkRecipient } from '../domain/seal/age/sealdrop-recipient.ts';
import { chainPermissions, registerOnChain } from '../domain/secretstore/client/chain-access.ts';
import { createSecretStoreClient } from '../domain/secretstore/client/secret-store-client.ts';
import { rememberNetwork } from '../domain/secretstore/network/known-networks.ts';
import { networkId } from '../domain/secretstore/network/profile.ts';
import { UsageError } from './args.ts';
import { chooseProfile, dataDirOf, loadUserIdentity, narrator, parseAddressArgument } from './network-options.ts';
import type { Console } from './terminal.ts';

/** Asks the network for a fresh key, stores a fresh document key under it, records the grants. */
export async function sealToNetwork(
  values: { network?: string; threshold?: string; grant?: string[]; 'data-dir'?: string; quiet?: boolean; json?: boolean },
  console: Console,
  signal: AbortSignal,
): Promise<{ recipient: Recipient; documentId: string; network: string; threshold: number; granted: string[] }> {
  const say = narrator(console, !values.quiet && !values.json);
  const dataDir = dataDirOf(values['data-dir'], console);
  const grants = (values.grant ?? []).map(parseAddressArgument);
  const profile = await chooseProfile(values.network, dataDir);
  const threshold = values.threshold === undefined ? profile.threshold : Number(values.threshold);
  if (!/^\d{1,3}$/.test(values.threshold ?? '0') || threshold >= profile.nodes.length) {
    throw new UsageError(`--threshold must be a whole number below the network's ${profile.nodes.length} key holders`);
  }
  const identity = await loadUserIdentity(values['data-dir'], console);
  const client = createSecretStoreClient({ profile, signer: identity, signal });
  const documentId = randomBytes(32);
  say(`Asking the ${profile.nodes.length} key holders to create a key (any ${threshold + 1} will open it)…`);
  const serverKey = await client.generateServerKey(documentId, threshold);
  const documentKey = await client.storeDocumentKey(documentId, serverKey);
  const granted: string[] = [];
  if (profile.acl.type === 'contract') {
    // The author registers the document on chain (becoming its owner) and grants there; nodes read it.
    say(`Registering the document on chain ${profile.acl.chainId}${grants.length > 0 ? ` and granting ${grants.length} address${grants.length === 1 ? '' : 'es'}` : ''}…`);
    const { contract, close } = await chainPermissions(profile.acl, identity.exportSecret());
    try {
      await registerOnChain(contract, documentId, grants);
    } finally {
      close();
    }
    granted.push(...grants.map((a) => `0x${Buffer.from(a).toString('hex')}`));
  } else if (grants.length > 0) {
    const change = await client.grant(documentId, grants);
    say(`Granted access on ${change.acknowledged} of ${change.total} key holders${change.effective ? '' : ' (not yet effective: too few acknowledged)'}.`);
    granted.push(...grants.map((a) => `0x${Buffer.from(a).toString('hex')}`));
  }
  await rememberNetwork(dataDir, profile);
  const id = networkId(profile);
  return {
    recipient: new SealdropNetworkRecipient({ documentKey, documentId, networkId: id, threshold, serverKey }),
    documentId: Buffer.from(documentId).toString('hex'),
    network: `0x${Buffer.from(id).toString('hex')}`,
    threshold,
    granted,
  };
}
