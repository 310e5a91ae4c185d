// Distributed key generation for one participant. For t ≥ 1 a thin typed wrapper around @noble/curves'
// audited `secp256k1_FROST.DKG` (Pedersen DKG with Feldman commitments and Schnorr proofs of
// knowledge, the frost-rs three-round API); for t = 0, which noble refuses, the same DKG with
// degree-0 polynomials (`dkg-degree-zero.ts`), same rounds and message shapes. No transport here:
// the caller moves the messages.
//
//   round 1: dealer j picks f_j of degree t, broadcasts commitments A_jk = a_jk·G and a proof of a_j0
//   round 2: dealer j sends f_j(x_i) privately to every other node i
//   round 3: node i checks f_j(x_i)·G = Σ_k x_i^k·A_jk for every j, then s_i = Σ_j f_j(x_i),
//            Y = Σ_j A_j0, Y_k = Σ_j Σ_m x_k^m·A_jm
// Complaints (docs/PROTOCOL.md §4.1 step 4) need no extra state: the share check is exposed alone
// (`verifyDealerShare`); round 3 checks shares before it touches noble's state, so after a failure
// it can run again with the dealer's revealed share in place of the received one (`replaceDealerShare`);
// and a disqualified dealer is dropped by re-running all three rounds with the remaining nodes.
import { secp256k1_FROST } from '@noble/curves/secp256k1.js';
import type { DKG_Round1, DKG_Round2, DKG_Secret, Key } from '@noble/curves/abstract/frost.js';
import { SealdropError } from '../../../../src-shared/errors.ts';
import {
  degreeZeroRound1,
  degreeZeroRound2,
  degreeZeroRound3,
  isIdentifier,
  verifyDegreeZeroProof,
  verifyDegreeZeroShare,
  type DegreeZeroSecret,
} from './dkg-degree-zero.ts';
import { Point, publicFromPoint } from './encoding.ts';

const DKG = secp256k1_FROST.DKG;

/** A round-1 broadcast: the dealer's identifier, Feldman commitments and proof of knowledge. */
export type DkgRound1Message = DKG_Round1;
/** A round-2 private message: the dealer's identifier and f_dealer(x_recipient). Send encrypted. */
export type DkgRound2Message = DKG_Round2;
type StateBase = { readonly identifier: string; readonly threshold: number; readonly participants: number };
/** One participant's secret, mutable round state (never leaves the node); `scheme` follows t. */
export type DkgState =
  | (StateBase & { readonly scheme: 'feldman'; secret: DKG_Secret })
  | (StateBase & { readonly scheme: 'degree-zero'; secret: DegreeZeroSecret });

/** The outcome of key generation on one node. */
export type DkgResult = {
  /** This node's identifier (64 hex, a non-zero scalar). */
  identifier: string;
  /** s_i, 32 bytes big-endian: this node's secret share. */
  share: Uint8Array;
  /** Y_k = s_k·G for every participant, 64-byte X‖Y, keyed by identifier. */
  publicShares: Map<string, Uint8Array>;
  /** Y, the server key, 64-byte X‖Y. */
  serverKey: Uint8Array;
  /**
   * noble's key package, kept for threshold Schnorr signing with secp256k1_FROST later; null for
   * t = 0, which FROST does not support (every holder has the whole key: plain Schnorr signing).
   */
  frostKey: Key | null;
};

/** A participant identifier derived from its 64-byte node public key (stable across sessions). */
export function participantIdentifier(nodePublic: Uint8Array): string {
  return secp256k1_FROST.Identifier.derive(`sealdrop-node:${Buffer.from(nodePublic).toString('hex')}`);
}

/**
 * The identifiers of one generation's participants: 1, 2, …, n in the bytewise order of their node
 * keys (RFC 9591 §5.1 uses small non-zero integers too). Small x_i keep every Feldman evaluation
 * Σ x^k·A_k cheap; each key records its holders' identifiers, so they need not be stable across keys.
 */
export function identifiersByPosition(nodeKeysHex: readonly string[]): Map<string, string> {
  const sorted = [...new Set(nodeKeysHex)].sort();
  return new Map(sorted.map((node, index) => [node, secp256k1_FROST.Identifier.fromNumber(index + 1)]));
}

/** An identifier as the scalar x_i used in Lagrange interpolation. */
export function identifierScalar(identifier: string): bigint {
  return BigInt(`0x${identifier}`);
}

/** True iff 0 ≤ t < n (docs/PROTOCOL.md: t+1 of n holders needed); a coordinator re-checks after disqualifying. */
export function dkgParametersValid(threshold: number, participants: number): boolean {
  return Number.isSafeInteger(threshold) && Number.isSafeInteger(participants) && threshold >= 0 && threshold < participants;
}

function checkParameters(identifier: string, threshold: number, participants: number): void {
  if (!dkgParametersValid(threshold, participants)) {
    throw new SealdropError('threshold-invalid', `Distributed key generation needs 0 ≤ t < n, got t=${threshold}, n=${participants}.`, {
      threshold,
      participants,
    });
  }
  if (!isIdentifier(identifier)) throw new SealdropError('bad-argument', 'A node identifier is 64 lowercase hex digits of a non-zero scalar.');
}

/** A point in noble's serialization as 64-byte X‖Y. */
function toPublic(serialized: Uint8Array): Uint8Array {
  return publicFromPoint(Point.fromBytes(serialized));
}

/** Round 1: draws this node's polynomial and returns its broadcast plus the secret round state. */
export function dkgRound1(identifier: string, threshold: number, participants: number): { message: DkgRound1Message; state: DkgState } {
  checkParameters(identifier, threshold, participants);
  const base = { identifier, threshold, participants };
  if (threshold === 0) {
    const { message, secret } = degreeZeroRound1(identifier);
    return { message, state: { ...base, scheme: 'degree-zero', secret } };
  }
  // Sealdrop's t (t+1 needed) is noble's min − 1.
  const { public: message, secret } = DKG.round1(identifier, { min: threshold + 1, max: participants });
  return { message, state: { ...base, scheme: 'feldman', secret } };
}

/** Round 2: checks every other dealer's proof of knowledge; returns the private share for each recipient. */
export function dkgRound2(state: DkgState, others: readonly DkgRound1Message[]): Map<string, DkgRound2Message> {
  if (state.scheme === 'degree-zero') return degreeZeroRound2(state.identifier, state.secret, others, state.participants);
  try {
    return new Map(Object.entries(DKG.round2(state.secret, [...others])));
  } catch (cause) {
    // noble names no culprit here; find the dealer whose proof fails so the caller can disqualify it.
    const culprits = others.filter((m) => !verifyDealerProof(m, state.threshold)).map((m) => m.identifier);
    throw new SealdropError('share-invalid', 'A dealer\'s round-1 commitments or proof of knowledge are invalid.', {
      dealers: culprits.join(','),
    }, { cause });
  }
}

/** Round 3: verifies every received share against its dealer's commitments and derives s_i, Y_k and Y. */
export function dkgRound3(state: DkgState, others: readonly DkgRound1Message[], received: readonly DkgRound2Message[]): DkgResult {
  if (state.scheme === 'degree-zero') {
    const outcome = degreeZeroRound3(state.identifier, state.secret, others, received);
    const serverKey = publicFromPoint(outcome.serverKey);
    // Degree 0: f(x) = s everywhere, so every holder's public share is the server key itself.
    const publicShares = new Map(outcome.identifiers.map((id) => [id, Uint8Array.from(serverKey)]));
    return { identifier: state.identifier, share: outcome.share, publicShares, serverKey, frostKey: null };
  }
  let key: Key;
  try {
    // noble checks every share against its dealer's commitments (RFC 9591 App. C.2) before it
    // changes any state, so a failure here leaves the round repeatable with a revealed share.
    key = DKG.round3(state.secret, [...others], [...received]);
  } catch (cause) {
    // Only now, on the rare failure, find which dealers are to blame.
    const commitmentsOf = new Map(others.map((m) => [m.identifier, m]));
    const invalid = received
      .filter((share) => {
        const dealer = commitmentsOf.get(share.identifier);
        return dealer === undefined || !verifyDealerShare(state.identifier, dealer, share, state.threshold);
      })
      .map((share) => share.identifier);
    // A dealer whose share never arrived is as faulty as one whose share does not verify.
    const receivedFrom = new Set(received.map((share) => share.identifier));
    invalid.push(...others.filter((m) => !receivedFrom.has(m.identifier)).map((m) => m.identifier));
    if (invalid.length > 0) {
      throw new SealdropError('share-invalid', 'A dealer sent a share that does not match its commitments.', { dealers: invalid.join(',') }, { cause });
    }
    throw new SealdropError('share-invalid', 'Key generation could not complete: the round messages are inconsistent.', {}, { cause });
  }
  const publicShares = new Map(Object.entries(key.public.verifyingShares).map(([id, point]) => [id, toPublic(point)]));
  const groupCommitment = key.public.commitments[0];
  if (groupCommitment === undefined) throw new SealdropError('share-invalid', 'Key generation produced no server key.');
  return {
    identifier: key.secret.identifier,
    share: Uint8Array.from(key.secret.signingShare),
    publicShares,
    serverKey: toPublic(groupCommitment),
    frostKey: key,
  };
}

/** True iff `share` (f_dealer(x_recipient)) matches the dealer's Feldman commitments: s·G = Σ_k x^k·A_k. */
export function verifyDealerShare(recipient: string, dealer: DkgRound1Message, share: DkgRound2Message, threshold: number): boolean {
  if (threshold === 0) return verifyDegreeZeroShare(dealer, share);
  if (share.identifier !== dealer.identifier || dealer.commitment.length !== threshold + 1) return false;
  try {
    // noble's RFC 9591 App. C.2 vss_verify, reached through validateSecret with the dealer's own
    // commitments as the "public package" (verifyingShares is not read by the check).
    secp256k1_FROST.validateSecret(
      { identifier: recipient, signingShare: share.signingShare },
      { signers: { min: threshold + 1, max: Math.max(threshold + 1, 2) }, commitments: dealer.commitment, verifyingShares: {} },
    );
    return true;
  } catch {
    // Any failure (bad encoding, identity point, mismatch) means the share is not valid for us.
    return false;
  }
}

/** True iff a dealer's round-1 proof of knowledge of a_0 and its commitments are valid. */
export function verifyDealerProof(dealer: DkgRound1Message, threshold: number): boolean {
  if (threshold === 0) return verifyDegreeZeroProof(dealer);
  if (dealer.commitment.length !== threshold + 1) return false;
  try {
    // noble checks proofs only inside round2, which wants exactly max − 1 distinct packages with
    // min commitments each. A throwaway (t+1)-party session — a probe, the dealer, and t − 1 honest
    // fillers — runs exactly noble's check on this one dealer; every probe polynomial is discarded.
    const signers = { min: threshold + 1, max: threshold + 1 };
    const probeIds = Array.from({ length: threshold }, (_, i) => secp256k1_FROST.Identifier.derive(`sealdrop-probe:${i}:${dealer.identifier}`));
    const [probe, ...fillers] = probeIds.map((id) => DKG.round1(id, signers));
    if (probe === undefined) return false;
    DKG.round2(probe.secret, [dealer, ...fillers.map((f) => f.public)]);
    for (const session of [probe, ...fillers]) DKG.clean(session.secret);
    return true;
  } catch {
    return false;
  }
}

/**
 * The received round-2 list with `dealer`'s share replaced by the one it revealed in clear after a
 * complaint (PROTOCOL §4.1 step 4). Check the revealed share with `verifyDealerShare` first.
 */
export function replaceDealerShare(received: readonly DkgRound2Message[], revealed: DkgRound2Message): DkgRound2Message[] {
  if (!received.some((share) => share.identifier === revealed.identifier)) {
    throw new SealdropError('bad-argument', 'No share from this dealer was received, so none can be replaced.');
  }
  return received.map((share) => (share.identifier === revealed.identifier ? revealed : share));
}

/** Forgets the secret polynomial of an abandoned session (generation/abort); the state is unusable afterwards. */
export function dkgClean(state: DkgState): void {
  if (state.scheme === 'degree-zero') {
    state.secret.coefficient = null;
    state.secret.transcript = null;
    return;
  }
  // noble zeroes the coefficients in place as far as bigints allow and drops its caches.
  DKG.clean(state.secret);
}
