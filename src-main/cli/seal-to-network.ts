// Sealing to a key server network, loaded only when a seal is sealed to one (plain age seals then
// never load the secret-store client, libp2p-free as it is, nor ethers). The steps themselves are
// the domain's (new-document.ts), shared with the app.
import { createNetworkDocument, type NetworkDocument } from '../domain/secretstore/client/new-document.ts';
import { rememberNetwork } from '../domain/secretstore/network/known-networks.ts';
import { UsageError } from './args.ts';
import { chooseProfile, dataDirOf, loadUserIdentity, narrator, parseAddressArgument } from './network-options.ts';
import type { Console } from './terminal.ts';

/** Asks the network for a fresh key, stores a fresh document key under it, records the grants. */
export async function sealToNetwork(
  values: { network?: string; threshold?: string; grant?: string[]; 'data-dir'?: string; quiet?: boolean; json?: boolean },
  console: Console,
  signal: AbortSignal,
): Promise<NetworkDocument> {
  const say = narrator(console, !values.quiet && !values.json);
  const dataDir = dataDirOf(values['data-dir'], console);
  const grants = (values.grant ?? []).map(parseAddressArgument);
  const profile = await chooseProfile(values.network, dataDir);
  const threshold = values.threshold === undefined ? profile.threshold : Number(values.threshold);
  if (!/^\d{1,3}$/.test(values.threshold ?? '0') || threshold >= profile.nodes.length) {
    throw new UsageError(`--threshold must be a whole number below the network's ${profile.nodes.length} key holders`);
  }
  const identity = await loadUserIdentity(values['data-dir'], console);
  const document = await createNetworkDocument({
    context: { profile, signer: identity, signal },
    identity,
    threshold,
    grants,
    onStep: ({ step, keyHolders }) => {
      if (step !== undefined) say(`${step[0]?.toUpperCase() ?? ''}${step.slice(1)}…`);
      // The grant's outcome comes alone, as a count of the key holders that recorded it.
      else if (keyHolders) say(`Granted access on ${keyHolders.answered} of ${keyHolders.total} key holders.`);
    },
  });
  await rememberNetwork(dataDir, profile);
  return document;
}
