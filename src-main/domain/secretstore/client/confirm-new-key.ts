// Before a document key is encrypted under a new server key Y, every node of the network confirms
// what was generated (review finding C3): the node that coordinated generation, or anyone between
// it and the client, could otherwise hand back a Y of its own making (for instance a key it made
// alone, with t = 0) and read every document sealed under it. The client accepts Y only when:
// - every holder reports the same key (Y, t, author, holders) and Y is the one it was given;
// - t is what was asked for and the author is the signer;
// - the holders are nodes of the profile, all but at most t of them (disqualified dealers);
// - the public shares Y_i lie on one degree-t polynomial through Y (checkPublicShares).
import { SealdropError } from '../../../../src-shared/errors.ts';
import { askEveryNode, requestOptions, requesterAddress, type ClientContext } from './context.ts';
import type { KeyInfo } from './node-schemas.ts';
import { checkPublicShares } from './public-shares.ts';

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** The parts of a key description all holders must agree on, as one comparable string. */
function fingerprint(info: KeyInfo): string {
  return JSON.stringify([hex(info.serverKey), info.threshold, hex(info.author), info.holders.map((h) => [hex(h.node), h.identifier, hex(h.publicShare)])]);
}

function refuse(reason: string): never {
  throw new SealdropError('key-invalid', `The key servers did not confirm the new key (${reason}); nothing was sealed with it.`);
}

/** Throws 'key-invalid' unless the network confirms `serverKey` as described above. */
export async function confirmNewServerKey(context: ClientContext, documentId: Uint8Array, serverKey: Uint8Array, threshold: number): Promise<void> {
  const outcomes = await askEveryNode(context, (api) => api.keyInfo(documentId, requestOptions(context)));
  const profileNodes = new Map(context.profile.nodes.map((n) => [hex(n.publicKey), n.http]));
  const answers = outcomes.flatMap((o) => (o.ok ? [{ node: o.node, info: o.value }] : []));
  const first = answers[0];
  if (first === undefined) refuse('no key server describes it');
  const agreed = fingerprint(first.info);
  if (answers.some((a) => fingerprint(a.info) !== agreed)) refuse('the key servers describe it differently');
  const info = first.info;
  if (hex(info.serverKey) !== hex(serverKey)) refuse('the server key differs from the one returned');
  if (info.threshold !== threshold) refuse(`its threshold is ${info.threshold}, not ${threshold}`);
  if (hex(info.author) !== hex(requesterAddress(context.signer))) refuse('its author is someone else');
  const holderKeys = info.holders.map((h) => hex(h.node));
  if (new Set(holderKeys).size !== holderKeys.length || holderKeys.some((k) => !profileNodes.has(k))) refuse('a holder is not a node of this network');
  if (holderKeys.length < profileNodes.size - threshold) refuse(`only ${holderKeys.length} of ${profileNodes.size} nodes hold it`);
  // Every holder must speak for itself: a holder that did not answer cannot be vouched for.
  const answered = new Set(answers.map((a) => a.node));
  const silent = holderKeys.filter((k) => !answered.has(profileNodes.get(k) ?? ''));
  if (silent.length > 0) refuse(`${silent.length} holder(s) did not confirm it`);
  checkPublicShares(info.holders, serverKey, threshold);
}
