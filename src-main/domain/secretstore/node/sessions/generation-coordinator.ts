// The coordinator's side of server-key generation (docs/PROTOCOL.md §4.1): the node that received
// the request drives every participant through the DKG rounds, turns failed share checks into
// complaints, disqualifies a dealer that cannot answer one, and a participant that fails a round
// after the start (an error, a crash, a timeout), and commits only when every remaining node derived
// the same server key. It never sees a share: deals are encrypted to their recipients.
import { SealdropError } from '../../../../../src-shared/errors.ts';
import { identifiersByPosition, verifyDealerProof, verifyDealerShare, type DkgRound1Message } from '../../math/dkg.ts';
import { verifyPeerMessage } from '../../math/peer-message-signature.ts';
import { askAll, askFor, failures, type AskPeer, type Outcome } from './ask.ts';
import { round1Content } from './generation-participant.ts';
import { BeginAnswer, DealAnswer, Done, FinishAnswer, RevealAnswer, VerifyAnswer, type Round1Broadcast, type SealedDeal } from './peer-messages.ts';
import { fromHex, newSessionId, nodeLabel, toHex } from './wire.ts';

/** What to generate and with whom. */
export type GenerationRequest = {
  documentId: Uint8Array;
  threshold: number;
  /** The requester's signature over the document id: it names the key's author to every participant. */
  authorSignature: Uint8Array;
  /** Every node of the network (0x hex keys): generation needs all of them. */
  participants: readonly string[];
};

/** The outcome: the server key and who holds it. */
export type GenerationResult = { serverKey: Uint8Array; holders: string[]; disqualified: string[] };

class Disqualified extends Error {
  readonly nodes: string[];
  constructor(nodes: string[]) {
    super('disqualified');
    this.nodes = nodes;
  }
}

function round1Message(broadcast: Round1Broadcast): DkgRound1Message {
  return { identifier: broadcast.identifier, commitment: broadcast.commitment.map(fromHex), proofOfKnowledge: fromHex(broadcast.proof) };
}

/** Runs generation to the end, restarting without disqualified dealers while enough nodes remain. */
export async function coordinateGeneration(ask: AskPeer, request: GenerationRequest): Promise<GenerationResult> {
  let participants = [...request.participants];
  const disqualified: string[] = [];
  if (request.threshold < 0 || request.threshold >= participants.length) {
    throw new SealdropError('threshold-invalid', `Threshold ${request.threshold} is impossible with ${participants.length} key holders: t must be below n.`);
  }
  for (;;) {
    try {
      const serverKey = await runOnce(ask, request, participants);
      return { serverKey, holders: participants, disqualified };
    } catch (error) {
      if (!(error instanceof Disqualified)) throw error;
      const removed = participants.filter((node) => error.nodes.includes(node));
      // Every restart must remove someone, so a participant cannot keep generation looping.
      if (removed.length === 0) throw new SealdropError('internal', 'Key generation was disrupted without naming a participant; nothing was stored.');
      disqualified.push(...removed);
      participants = participants.filter((node) => !removed.includes(node));
      // Participants accept at most t nodes left out (see generation-participant.ts #begin).
      if (participants.length <= request.threshold || disqualified.length > request.threshold) {
        throw new SealdropError(
          'not-enough-nodes',
          `Key generation disqualified ${disqualified.length} key holder(s) (${disqualified.map(nodeLabel).join(', ')}) and too few remain for threshold ${request.threshold}.`,
        );
      }
    }
  }
}

async function runOnce(ask: AskPeer, request: GenerationRequest, participants: string[]): Promise<Uint8Array> {
  const session = newSessionId();
  const abortAll = async (): Promise<void> => {
    await askAll(ask, participants, () => ({ type: 'generation/abort', session }), Done);
  };
  try {
    return await rounds(ask, request, participants, session);
  } catch (error) {
    await abortAll();
    throw error;
  }
}

/**
 * After the start, a participant that fails a round (answers an error, crashes, times out) is
 * disqualified like a cheating dealer, and generation restarts without it, as long as no more than t
 * fail at once (the outer loop bounds the total). More failures than that cannot leave enough
 * holders, so the first one is reported as it is.
 */
function disqualifyFailures<T>(outcomes: Outcome<T>[], step: string, total: number, threshold: number): void {
  const failed = failures(outcomes);
  if (failed.length === 0) return;
  if (failed.length <= threshold) throw new Disqualified(failed.map((f) => f.node));
  firstFailure(outcomes, step, total);
}

function firstFailure<T>(outcomes: Outcome<T>[], step: string, total: number): void {
  const failed = failures(outcomes);
  if (failed.length === 0) return;
  const unreachable = failed.filter((f) => f.error.code === 'node-unreachable' || f.error.code === 'timeout');
  if (unreachable.length > 0) {
    throw new SealdropError(
      'node-unreachable',
      `Key generation needs all ${total} key holders; ${unreachable.length} did not answer (${unreachable.map((f) => nodeLabel(f.node)).join(', ')}). Nothing was stored.`,
      { unreachable: unreachable.length, total },
    );
  }
  const first = failed[0];
  if (first === undefined) return;
  // A participant's own refusal (key exists, bad threshold) is the answer to the request.
  throw first.error.code === 'internal' || first.error.code === 'request-invalid'
    ? new SealdropError(first.error.code, `Key generation failed at ${step}: ${nodeLabel(first.node)}: ${first.error.message}`)
    : first.error;
}

async function rounds(ask: AskPeer, request: GenerationRequest, participants: string[], session: string): Promise<Uint8Array> {
  const begin = await askAll(
    ask,
    participants,
    () => ({ type: 'generation/begin', session, documentId: toHex(request.documentId), threshold: request.threshold, authorSignature: toHex(request.authorSignature), participants }),
    BeginAnswer,
  );
  firstFailure(begin, 'the start', participants.length);
  const round1 = begin.flatMap((o) => (o.ok ? [o.value.round1] : []));
  checkBroadcastOwners(round1, participants);

  const dealt = await askAll(ask, participants, () => ({ type: 'generation/deal', session, round1 }), DealAnswer);
  disqualifyFailures(dealt, 'dealing', participants.length, request.threshold);
  judgeRound1Accusations(dealt, round1, request.threshold, session, request.documentId, participants);
  const deals = dealt.flatMap((o) => (o.ok ? o.value.deals : []));

  const verified = await askAll(ask, participants, (node) => ({ type: 'generation/verify', session, deals: dealsTo(deals, node) }), VerifyAnswer);
  disqualifyFailures(verified, 'share verification', participants.length, request.threshold);
  await settleComplaints(ask, session, verified, round1, request.threshold, identifiersByPosition(participants));

  // Without complaints every node finished while verifying; otherwise ask again (finish is idempotent).
  const allFinished = verified.every((o) => o.ok && o.value.finished !== null);
  let results = verified.flatMap((o) => (o.ok && o.value.finished !== null ? [o.value.finished] : []));
  if (!allFinished) {
    const finished = await askAll(ask, participants, () => ({ type: 'generation/finish', session }), FinishAnswer);
    disqualifyFailures(finished, 'key derivation', participants.length, request.threshold);
    results = finished.flatMap((o) => (o.ok ? [o.value] : []));
  }
  const first = results[0];
  if (first === undefined || results.some((r) => r.serverKey !== first.serverKey || r.footprint !== first.footprint)) {
    throw new SealdropError('internal', 'The key holders derived different server keys; nothing was stored.');
  }
  const committed = await askAll(ask, participants, () => ({ type: 'generation/commit', session }), Done);
  firstFailure(committed, 'commit', participants.length);
  return fromHex(first.serverKey);
}

function dealsTo(deals: SealedDeal[], node: string): SealedDeal[] {
  return deals.filter((d) => d.to === node);
}

function checkBroadcastOwners(round1: Round1Broadcast[], participants: string[]): void {
  const identifiers = identifiersByPosition(participants);
  for (const node of participants) {
    const own = round1.filter((b) => b.node === node);
    if (own.length !== 1 || own[0]?.identifier !== identifiers.get(node)) {
      throw new Disqualified([node]);
    }
  }
}

/**
 * Round-1 data is public: the coordinator applies the participants' own checks (dealer signature,
 * identifier, proof of knowledge) to each accusation and removes whoever is wrong, the dealer or a
 * false accuser. Accusing a node that is not a participant is the accuser's fault.
 */
function judgeRound1Accusations(
  dealt: Outcome<{ accused: string[] }>[],
  round1: Round1Broadcast[],
  threshold: number,
  session: string,
  documentId: Uint8Array,
  participants: string[],
): void {
  const identifiers = identifiersByPosition(participants);
  const guilty = new Set<string>();
  for (const outcome of dealt) {
    if (!outcome.ok) continue;
    for (const accused of outcome.value.accused) {
      const broadcast = round1.find((b) => b.node === accused);
      // Accusing a non-participant, or a valid broadcast, is the accuser's fault.
      const accuserWrong = broadcast === undefined || broadcastIsValid(broadcast, identifiers, threshold, session, documentId);
      guilty.add(accuserWrong ? outcome.node : accused);
    }
  }
  if (guilty.size > 0) throw new Disqualified([...guilty]);
}

function broadcastIsValid(broadcast: Round1Broadcast, identifiers: Map<string, string>, threshold: number, session: string, documentId: Uint8Array): boolean {
  const { signature, ...unsigned } = broadcast;
  return (
    identifiers.get(broadcast.node) === broadcast.identifier &&
    verifyPeerMessage(fromHex(broadcast.node), round1Content(session, documentId, unsigned), fromHex(signature)) &&
    verifyDealerProof(round1Message(broadcast), threshold)
  );
}

/**
 * Each complaint (signed by its accuser): the dealer reveals the disputed share; a valid one clears
 * the dealer, an invalid or missing one disqualifies it. A dealer accused by more than t nodes is
 * disqualified without revealing anything (GJKR 1999 §3: revealing more than t points of a
 * polynomial would give its secret away).
 */
async function settleComplaints(
  ask: AskPeer,
  session: string,
  verified: Outcome<{ complaints: { dealer: string; signature: string }[]; finished: unknown }>[],
  round1: Round1Broadcast[],
  threshold: number,
  identifiers: Map<string, string>,
): Promise<void> {
  const guilty = new Set<string>();
  const accusers = new Map<string, number>();
  for (const outcome of verified) {
    if (!outcome.ok) continue;
    for (const complaint of outcome.value.complaints) {
      if (!identifiers.has(complaint.dealer)) guilty.add(outcome.node);
      accusers.set(complaint.dealer, (accusers.get(complaint.dealer) ?? 0) + 1);
    }
  }
  for (const [dealer, count] of accusers) if (count > threshold) guilty.add(dealer);
  for (const outcome of verified) {
    if (!outcome.ok) continue;
    const accuser = outcome.node;
    const accuserId = identifiers.get(accuser) ?? '';
    for (const complaint of outcome.value.complaints) {
      const dealer = complaint.dealer;
      const broadcast = round1.find((b) => b.node === dealer);
      if (broadcast === undefined || guilty.has(dealer)) continue;
      let share: Uint8Array<ArrayBuffer> | undefined;
      try {
        share = fromHex((await askFor(ask, dealer, { type: 'generation/reveal', session, accuser, complaint: complaint.signature }, RevealAnswer)).share);
      } catch {
        // A dealer that cannot answer its complaint is treated as guilty (it may be down or lying).
        share = undefined;
      }
      const cleared = share !== undefined && verifyDealerShare(accuserId, round1Message(broadcast), { identifier: broadcast.identifier, signingShare: share }, threshold);
      if (!cleared || share === undefined) {
        guilty.add(dealer);
        continue;
      }
      await askFor(ask, accuser, { type: 'generation/resolve', session, dealer, share: toHex(share) }, Done);
    }
  }
  if (guilty.size > 0) throw new Disqualified([...guilty]);
}
