// A node's side of server-key generation (docs/PROTOCOL.md §4.1): it answers the coordinator's
// requests round by round and keeps its secret DKG state in memory until commit or abort. Nothing is
// written to the store before `generation/commit`, so an aborted or abandoned session leaves nothing.
//
// Trust: the coordinator only relays. Round-1 broadcasts are signed by their dealers, private shares
// are ECIES-encrypted end to end (auth data binds session, dealer and recipient), and every node
// checks that its own broadcast came back unchanged, so a coordinator can drop messages but cannot
// forge, read or swap them.
import { keccak_256 } from '@noble/hashes/sha3.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { SealdropError } from '../../../../../src-shared/errors.ts';
import {
  dkgRound1,
  dkgRound2,
  dkgRound3,
  identifiersByPosition,
  verifyDealerProof,
  verifyDealerShare,
  type DkgRound1Message,
  type DkgRound2Message,
  type DkgState,
} from '../../math/dkg.ts';
import { Fn, secretFromScalar, scalarFromSecret } from '../../math/encoding.ts';
import { signPeerMessage, verifyPeerMessage } from '../../math/peer-message-signature.ts';
import { eciesDecrypt, eciesEncrypt } from '../../parity/ecies.ts';
import { recoverRequesterAddress } from '../../math/requester-signature.ts';
import type { KeyShareRecord } from '../records.ts';
import type { PeerRequest, Round1Broadcast, SealedDeal } from './peer-messages.ts';
import { fromHex, nodeKeyHex, toHex } from './wire.ts';

type Request<T extends PeerRequest['type']> = Extract<PeerRequest, { type: T }>;

/** What the participant needs from its node. */
export type GenerationParticipantOptions = {
  nodeSecret: Uint8Array;
  nodePublic: Uint8Array;
  /** The node keys (0x hex) of the network profile: the only possible participants. */
  networkNodes: () => ReadonlySet<string>;
  store: {
    hasKey(documentId: Uint8Array): Promise<boolean>;
    getKey(documentId: Uint8Array): Promise<KeyShareRecord | null>;
    putKey(record: KeyShareRecord): Promise<void>;
    deleteKey(documentId: Uint8Array): Promise<unknown>;
  };
  clock: () => number;
  /** Abandoned sessions are forgotten after this long (ms). */
  sessionLifetimeMs?: number;
  /** Test-only fault: deal (and reveal) shares off by one, as a cheating dealer would. */
  corruptDeals?: boolean;
};

type Session = {
  id: string;
  coordinator: string;
  documentId: Uint8Array;
  threshold: number;
  author: Uint8Array;
  /** Participant node keys (0x hex) → DKG identifier. */
  identifiers: Map<string, string>;
  dkg: DkgState;
  ownBroadcast: Round1Broadcast;
  /** Other dealers' round-1 messages by node key, set by `deal`. */
  round1?: Map<string, DkgRound1Message>;
  footprint?: Uint8Array;
  /** What this node dealt to each other node (kept to answer a complaint). */
  dealt?: Map<string, Uint8Array>;
  /** Shares received, by dealer node key. */
  received: Map<string, Uint8Array<ArrayBuffer>>;
  /** Accusers this node has revealed a share to (at most once each). */
  revealedTo: Set<string>;
  record?: KeyShareRecord;
  committed: boolean;
  expiry: NodeJS.Timeout;
};

/** The signed content of a round-1 broadcast: everything but the signature. */
export function round1Content(session: string, documentId: Uint8Array, broadcast: Omit<Round1Broadcast, 'signature'>): object {
  return { kind: 'sealdrop/v1/generation-round1', session, documentId: toHex(documentId), ...broadcast };
}

/** The signed content of a complaint: `accuser` says `dealer`'s share failed in `session`. */
function complaintContent(session: string, dealer: string, accuser: string): object {
  return { kind: 'sealdrop/v1/generation-complaint', session, dealer, accuser };
}

/** Auth data of a dealt share's envelope: binds it to this session, dealer and recipient. */
function dealAuth(session: string, from: string, to: string): Uint8Array {
  return utf8ToBytes(`sealdrop/v1/deal:${session}:${from}:${to}`);
}

/** Runs this node's part of every generation session it is asked to join. */
export class GenerationParticipant {
  readonly #options: GenerationParticipantOptions;
  readonly #self: string;
  readonly #sessions = new Map<string, Session>();

  constructor(options: GenerationParticipantOptions) {
    this.#options = options;
    this.#self = nodeKeyHex(options.nodePublic);
  }

  /** Handles one generation request from `from` (0x node key); returns the answer value. */
  async handle(from: string, request: Request<`generation/${string}` & PeerRequest['type']>): Promise<object> {
    switch (request.type) {
      case 'generation/begin':
        return this.#begin(from, request);
      case 'generation/deal':
        return this.#deal(this.#session(from, request.session), request);
      case 'generation/verify':
        return this.#verify(this.#session(from, request.session), request);
      case 'generation/reveal':
        return this.#reveal(this.#session(from, request.session), request);
      case 'generation/resolve':
        return this.#resolve(this.#session(from, request.session), request);
      case 'generation/finish':
        return this.#finish(this.#session(from, request.session));
      case 'generation/commit':
        return this.#commit(this.#session(from, request.session));
      case 'generation/abort':
        return this.#abort(from, request.session);
      default:
        throw new SealdropError('request-invalid', 'Unknown generation step.');
    }
  }

  /** Forgets every session (node shutdown). */
  close(): void {
    for (const session of this.#sessions.values()) clearTimeout(session.expiry);
    this.#sessions.clear();
  }

  #session(from: string, id: string): Session {
    const session = this.#sessions.get(id);
    // Only the node that began a session may drive it.
    if (session === undefined || session.coordinator !== from) {
      throw new SealdropError('request-invalid', 'No key generation with this session id is running here.');
    }
    return session;
  }

  async #begin(from: string, request: Request<'generation/begin'>): Promise<object> {
    const documentId = fromHex(request.documentId);
    // The author is whoever signed the document id; the coordinator cannot name someone else.
    const author = recoverRequesterAddress(fromHex(request.authorSignature), documentId);
    const participants = [...new Set(request.participants)];
    const network = this.#options.networkNodes();
    if (participants.length !== request.participants.length) throw new SealdropError('request-invalid', 'A participant is listed twice.');
    if (!participants.includes(this.#self)) throw new SealdropError('request-invalid', 'This node is not a participant of the generation.');
    if (participants.some((node) => !network.has(node)) || !network.has(from)) {
      throw new SealdropError('access-denied', 'A participant of the generation is not in this node\'s network.');
    }
    // At most t nodes of the network may be left out (disqualified dealers): a coordinator cannot
    // quietly form a small group of its own, and under the threshold assumption (at most t nodes
    // misbehave) the participants left can never pool t+1 shares among dishonest nodes alone.
    if (participants.length < network.size - request.threshold) {
      throw new SealdropError('request-invalid', `A key generation must include at least ${network.size - request.threshold} of the network's ${network.size} nodes.`);
    }
    if (request.threshold >= participants.length) {
      throw new SealdropError('threshold-invalid', `Threshold ${request.threshold} needs more than ${participants.length} key holders.`);
    }
    if (this.#sessions.has(request.session)) throw new SealdropError('request-invalid', 'This session id is already in use.');
    for (const other of this.#sessions.values()) {
      if (Buffer.compare(other.documentId, documentId) === 0 && !other.committed) {
        throw new SealdropError('request-invalid', 'A key generation for this document id is already running.');
      }
    }
    if (await this.#options.store.hasKey(documentId)) {
      throw new SealdropError('server-key-exists', 'A server key with this document id was already generated.');
    }
    const identifiers = identifiersByPosition(participants);
    const own = identifiers.get(this.#self) ?? '';
    const { message, state } = dkgRound1(own, request.threshold, participants.length);
    const unsigned = {
      node: this.#self,
      identifier: message.identifier,
      commitment: message.commitment.map((c) => toHex(c)),
      proof: toHex(message.proofOfKnowledge),
    };
    const signature = signPeerMessage(this.#options.nodeSecret, round1Content(request.session, documentId, unsigned));
    const ownBroadcast = { ...unsigned, signature: toHex(signature) };
    const expiry = setTimeout(() => this.#sessions.delete(request.session), this.#options.sessionLifetimeMs ?? 120_000);
    expiry.unref();
    this.#sessions.set(request.session, {
      id: request.session,
      coordinator: from,
      documentId,
      threshold: request.threshold,
      author,
      identifiers,
      dkg: state,
      ownBroadcast,
      received: new Map(),
      revealedTo: new Set(),
      committed: false,
      expiry,
    });
    return { round1: ownBroadcast };
  }

  #deal(session: Session, request: Request<'generation/deal'>): object {
    const sessionId = session.id;
    if (session.round1 !== undefined) throw new SealdropError('request-invalid', 'Shares were already dealt in this session.');
    const byNode = new Map(request.round1.map((b) => [b.node, b]));
    if (byNode.size !== request.round1.length || byNode.size !== session.identifiers.size) {
      throw new SealdropError('request-invalid', 'Round 1 needs exactly one broadcast per participant.');
    }
    const mine = byNode.get(this.#self);
    if (mine === undefined || JSON.stringify(mine) !== JSON.stringify(session.ownBroadcast)) {
      throw new SealdropError('request-invalid', 'This node\'s own round-1 broadcast came back altered.');
    }
    const accused: string[] = [];
    const others = new Map<string, DkgRound1Message>();
    for (const [node, broadcast] of byNode) {
      if (node === this.#self) continue;
      const identifier = session.identifiers.get(node);
      const { signature, ...unsigned } = broadcast;
      const message: DkgRound1Message = {
        identifier: broadcast.identifier,
        commitment: broadcast.commitment.map(fromHex),
        proofOfKnowledge: fromHex(broadcast.proof),
      };
      const signed = verifyPeerMessage(fromHex(node), round1Content(sessionId, session.documentId, unsigned), fromHex(signature));
      if (identifier !== broadcast.identifier || !signed) accused.push(node);
      others.set(node, message);
    }
    // A dealer whose public part is invalid is named, not dealt to: the coordinator checks the claim
    // itself (round-1 data is public) and restarts without whoever is wrong.
    if (accused.length > 0) return { deals: [], accused };
    session.round1 = others;
    session.footprint = keccak_256(utf8ToBytes(JSON.stringify([...request.round1].sort((a, b) => (a.identifier < b.identifier ? -1 : 1)))));
    const shares = this.#round2(session, others);
    if (!(shares instanceof Map)) return { deals: [], accused: shares };
    const deals: SealedDeal[] = [];
    session.dealt = new Map();
    for (const [node, identifier] of session.identifiers) {
      if (node === this.#self) continue;
      const share = shares.get(identifier);
      if (share === undefined) throw new SealdropError('internal', 'Key generation produced no share for a participant.');
      const value = this.#options.corruptDeals === true ? secretFromScalar(Fn.add(scalarFromSecret(share.signingShare), 1n)) : share.signingShare;
      session.dealt.set(node, Uint8Array.from(value));
      deals.push({ from: this.#self, to: node, envelope: toHex(eciesEncrypt(fromHex(node), value, dealAuth(sessionId, this.#self, node))) });
    }
    return { deals, accused: [] };
  }

  /** noble's round 2 checks every proof of knowledge; only when one fails do we look for the culprit. */
  #round2(session: Session, others: Map<string, DkgRound1Message>): Map<string, DkgRound2Message> | string[] {
    try {
      return dkgRound2(session.dkg, [...others.values()]);
    } catch (error) {
      const culprits = [...others].filter(([, message]) => !verifyDealerProof(message, session.threshold)).map(([node]) => node);
      if (culprits.length === 0) throw error;
      return culprits;
    }
  }

  #verify(session: Session, request: Request<'generation/verify'>): object {
    const sessionId = session.id;
    const round1 = session.round1;
    if (round1 === undefined) throw new SealdropError('request-invalid', 'Shares cannot be verified before they are dealt.');
    const complaints: { dealer: string; signature: string }[] = [];
    for (const [dealer, commitments] of round1) {
      const deal = request.deals.find((d) => d.from === dealer && d.to === this.#self);
      const share = deal === undefined ? undefined : this.#openDeal(sessionId, deal);
      const valid = share !== undefined && this.#shareMatches(session, commitments, share);
      if (valid) session.received.set(dealer, share);
      else complaints.push({ dealer, signature: toHex(signPeerMessage(this.#options.nodeSecret, complaintContent(sessionId, dealer, this.#self))) });
    }
    return { complaints, finished: complaints.length === 0 ? this.#finish(session) : null };
  }

  #openDeal(sessionId: string, deal: SealedDeal): Uint8Array<ArrayBuffer> | undefined {
    try {
      return Uint8Array.from(eciesDecrypt(this.#options.nodeSecret, fromHex(deal.envelope), dealAuth(sessionId, deal.from, deal.to)));
    } catch {
      // An envelope that does not open is a missing share: the caller turns it into a complaint.
      return undefined;
    }
  }

  #shareMatches(session: Session, dealer: DkgRound1Message, share: Uint8Array<ArrayBuffer>): boolean {
    const own = session.identifiers.get(this.#self) ?? '';
    return share.length === 32 && verifyDealerShare(own, dealer, { identifier: dealer.identifier, signingShare: share }, session.threshold);
  }

  #reveal(session: Session, request: Request<'generation/reveal'>): object {
    // Only a complaint the accuser itself signed, once per accuser, and never once the key is
    // committed: otherwise a coordinator could collect t+1 points of this dealer's polynomial.
    if (session.committed) throw new SealdropError('request-invalid', 'The key is committed; shares are no longer revealed.');
    if (!verifyPeerMessage(fromHex(request.accuser), complaintContent(session.id, this.#self, request.accuser), fromHex(request.complaint))) {
      throw new SealdropError('access-denied', 'The complaint is not signed by the node that is said to make it.');
    }
    if (session.revealedTo.has(request.accuser)) throw new SealdropError('request-invalid', 'This share was already revealed.');
    const share = session.dealt?.get(request.accuser);
    if (share === undefined) throw new SealdropError('request-invalid', 'This node dealt nothing to that node.');
    session.revealedTo.add(request.accuser);
    // Revealing f_i(x_j) is the standard answer to a complaint (Pedersen 1991, Gennaro et al. 1999 §3):
    // it tells the others one point of this dealer's polynomial, never the key.
    return { share: toHex(share) };
  }

  #resolve(session: Session, request: Request<'generation/resolve'>): object {
    const dealer = session.round1?.get(request.dealer);
    const share = fromHex(request.share);
    if (dealer === undefined || !this.#shareMatches(session, dealer, share)) {
      throw new SealdropError('share-invalid', 'The revealed share does not match the dealer\'s commitments.');
    }
    session.received.set(request.dealer, share);
    return {};
  }

  #finish(session: Session): { serverKey: string; footprint: string } {
    // Idempotent: a node that finished while verifying answers the later `finish` the same way.
    if (session.record !== undefined && session.footprint !== undefined) {
      return { serverKey: toHex(session.record.serverKey), footprint: toHex(session.footprint) };
    }
    const round1 = session.round1;
    if (round1 === undefined || session.footprint === undefined) throw new SealdropError('request-invalid', 'Generation is not at its last step.');
    if (session.received.size !== round1.size) throw new SealdropError('request-invalid', 'Some dealers\' shares are still missing.');
    const received = [...round1].map(([node, message]) => ({ identifier: message.identifier, signingShare: session.received.get(node) ?? new Uint8Array(0) }));
    const result = dkgRound3(session.dkg, [...round1.values()], received);
    const holders = [...session.identifiers]
      .map(([node, identifier]) => ({ node: fromHex(node), identifier, publicShare: result.publicShares.get(identifier) }))
      .sort((a, b) => (a.identifier < b.identifier ? -1 : 1));
    if (holders.some((h) => h.publicShare === undefined)) throw new SealdropError('internal', 'Key generation left a holder without a public share.');
    session.record = {
      documentId: session.documentId,
      threshold: session.threshold,
      author: session.author,
      serverKey: result.serverKey,
      holders: holders.map((h) => ({ node: h.node, identifier: h.identifier, publicShare: h.publicShare ?? new Uint8Array() })),
      share: result.share,
      documentKey: null,
      createdAt: this.#options.clock(),
    };
    return { serverKey: toHex(result.serverKey), footprint: toHex(session.footprint) };
  }

  async #commit(session: Session): Promise<object> {
    if (session.record === undefined) throw new SealdropError('request-invalid', 'Generation cannot commit before it finishes.');
    if (!session.committed) {
      await this.#options.store.putKey(session.record);
      session.committed = true;
      // What this node dealt is no longer needed once the key is committed.
      for (const share of session.dealt?.values() ?? []) share.fill(0);
      session.dealt?.clear();
    }
    // Keep the session a little longer so a late abort can still roll the record back.
    clearTimeout(session.expiry);
    session.expiry = setTimeout(() => this.#sessions.delete(session.id), 30_000);
    session.expiry.unref();
    return {};
  }

  async #abort(from: string, id: string): Promise<object> {
    const session = this.#sessions.get(id);
    if (session === undefined || session.coordinator !== from) return {};
    clearTimeout(session.expiry);
    this.#sessions.delete(id);
    // A committed key is rolled back only while nothing depends on it yet: once its author stored a
    // document key, an abort (from a faulty or hostile coordinator) must not make documents unopenable.
    if (session.committed) {
      const record = await this.#options.store.getKey(session.documentId);
      if (record !== null && record.documentKey === null) await this.#options.store.deleteKey(session.documentId);
    }
    return {};
  }
}
