// Opening a file sealed to a key server network, loaded only for such files: the user's signed
// request to every key holder, each answer's proof checked, t+1 combined.
import type { SealdropStanzaFields } from '../domain/seal/age/sealdrop-stanza.ts';
import { createSecretStoreClient } from '../domain/secretstore/client/secret-store-client.ts';
import { findNetwork } from '../domain/secretstore/network/known-networks.ts';
import { dataDirOf, loadUserIdentity, narrator, profileFrom } from './network-options.ts';
import type { Console } from './terminal.ts';

/** The document key M for a stanza, from the network it names (or --network). */
export async function retrieveForStanza(
  fields: SealdropStanzaFields,
  values: { network?: string; 'data-dir'?: string; quiet?: boolean; json?: boolean },
  console: Console,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const say = narrator(console, !values.quiet && !values.json);
  const dataDir = dataDirOf(values['data-dir'], console);
  const profile = values.network === undefined ? await findNetwork(dataDir, fields.networkId) : await profileFrom(values.network);
  const identity = await loadUserIdentity(values['data-dir'], console);
  const client = createSecretStoreClient({ profile, signer: identity, signal });
  say(`Asking ${profile.nodes.length} key holders for the key as ${identity.address} (${fields.threshold + 1} needed)…`);
  const result = await client.retrieveDocumentKey(fields.documentId, { serverKey: fields.serverKey, threshold: fields.threshold });
  for (const bad of result.rejected) say(`  ignored ${bad.node}: ${bad.reason}`);
  say(`Key released by ${result.answered.length} key holders, every answer verified.`);
  return result.documentKey;
}
