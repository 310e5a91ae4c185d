// The node-to-node messages of docs/PROTOCOL.md §4, as zod schemas: every message that arrives from
// a peer is parsed here before any session code sees it, so a malformed or hostile message fails as
// 'request-invalid' instead of reaching the math.
import { z } from 'zod';

/** `0x` + exactly `bytes` bytes of lowercase hex. */
export function hexBytes(bytes: number): z.ZodString {
  return z.string().regex(new RegExp(`^0x[0-9a-f]{${bytes * 2}}$`), `expected 0x and ${bytes * 2} lowercase hex digits`);
}

/** `0x` + an even number of lowercase hex digits, at most `maxBytes` bytes. */
export function hexUpTo(maxBytes: number): z.ZodString {
  return z
    .string()
    .max(2 + maxBytes * 2)
    .regex(/^0x([0-9a-f]{2})*$/, 'expected 0x and lowercase hex');
}

const session = z.string().regex(/^[0-9a-f]{32}$/, 'a session id is 32 lowercase hex digits');
const documentId = hexBytes(32);
const nodeKey = hexBytes(64);
const identifier = z.string().regex(/^[0-9a-f]{64}$/, 'an identifier is 64 lowercase hex digits');
const point = hexBytes(64);
const signature = hexBytes(65);
/** A compressed or uncompressed SEC1 point as noble serializes commitments (33 or 65 bytes). */
const commitmentPoint = z.string().regex(/^0x([0-9a-f]{66}|[0-9a-f]{130})$/);

/** A dealer's round-1 broadcast, signed by the dealer's node key (PROTOCOL §4.1 step 1). */
export const Round1Broadcast = z.strictObject({
  node: nodeKey,
  identifier,
  commitment: z.array(commitmentPoint).min(1).max(256),
  proof: hexUpTo(128),
  signature,
});
export type Round1Broadcast = z.infer<typeof Round1Broadcast>;

/** A private share f_dealer(x_recipient), ECIES-encrypted to the recipient node. */
export const SealedDeal = z.strictObject({ from: nodeKey, to: nodeKey, envelope: hexUpTo(512) });
export type SealedDeal = z.infer<typeof SealedDeal>;

/** Every request a node accepts from a peer. */
export const PeerRequest = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('generation/begin'),
    session,
    documentId,
    threshold: z.number().int().min(0).max(255),
    /** The author's requester signature over the document id: every participant recovers the author itself. */
    authorSignature: signature,
    participants: z.array(nodeKey).min(1).max(255),
  }),
  z.strictObject({ type: z.literal('generation/deal'), session, round1: z.array(Round1Broadcast).min(1).max(255) }),
  z.strictObject({ type: z.literal('generation/verify'), session, deals: z.array(SealedDeal).max(255) }),
  z.strictObject({ type: z.literal('generation/reveal'), session, accuser: nodeKey, complaint: signature }),
  z.strictObject({ type: z.literal('generation/resolve'), session, dealer: nodeKey, share: hexBytes(32) }),
  z.strictObject({ type: z.literal('generation/finish'), session }),
  z.strictObject({ type: z.literal('generation/commit'), session }),
  z.strictObject({ type: z.literal('generation/abort'), session }),
  z.strictObject({ type: z.literal('document/prepare'), session, documentId, signature, commonPoint: point, encryptedPoint: point }),
  z.strictObject({ type: z.literal('document/commit'), session }),
  z.strictObject({ type: z.literal('document/abort'), session }),
  z.strictObject({ type: z.literal('key/info'), session, documentId }),
  z.strictObject({ type: z.literal('retrieval/consent'), session, documentId, signature }),
  z.strictObject({
    type: z.literal('retrieval/shadow'),
    session,
    documentId,
    signature,
    accessKey: hexBytes(32),
    consensus: z.array(identifier).min(1).max(255),
  }),
]);
export type PeerRequest = z.infer<typeof PeerRequest>;

/** The answer to `generation/begin`. */
export const BeginAnswer = z.strictObject({ round1: Round1Broadcast });
/** The answer to `generation/deal`. */
export const DealAnswer = z.strictObject({ deals: z.array(SealedDeal).max(255), accused: z.array(nodeKey).max(255) });
/** The answer to `generation/finish`: what this node derived, for the all-agree check. */
export const FinishAnswer = z.strictObject({ serverKey: point, footprint: hexBytes(32) });
/**
 * The answer to `generation/verify`: the dealers whose share failed the Feldman check, and, when
 * every share was good, the finished result at once (saving the network a round).
 */
export const VerifyAnswer = z.strictObject({
  /** Each complaint is signed by the accuser's node key, so nobody else can make a dealer reveal a share. */
  complaints: z.array(z.strictObject({ dealer: nodeKey, signature })).max(255),
  finished: FinishAnswer.nullable(),
});
/** The answer to `generation/reveal`: the disputed share in clear. */
export const RevealAnswer = z.strictObject({ share: hexBytes(32) });
/** The public part of a key record, for a coordinator that holds no share itself. */
export const KeyInfoAnswer = z.strictObject({
  threshold: z.number().int().min(0).max(255),
  author: hexBytes(20),
  serverKey: point,
  holders: z.array(z.strictObject({ node: nodeKey, identifier, publicShare: point })).min(1).max(255),
  documentKey: z.strictObject({ commonPoint: point, encryptedPoint: point }).nullable(),
});
export type KeyInfoAnswer = z.infer<typeof KeyInfoAnswer>;
/** The answer to `retrieval/shadow`: Parity's P_i and the requester's encrypted coefficient. */
export const ShadowAnswerPart = z.strictObject({ shadowPoint: point, decryptShadow: hexUpTo(512) });
/** An empty success. */
export const Done = z.strictObject({});

/** The envelope every answer travels in (PROTOCOL §4). */
export const PeerResponse = z.union([
  z.strictObject({ ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ ok: z.literal(false), error: z.strictObject({ code: z.string().max(64), message: z.string().max(2000) }) }),
]);
