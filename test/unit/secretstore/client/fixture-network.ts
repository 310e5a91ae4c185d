// TEST FIXTURE — NOT THE KEY SERVER NODE. Small node-like HTTP servers on 127.0.0.1 that speak the
// client-facing routes of docs/PROTOCOL.md §3 with genuine cryptography: shares come from a plain
// Shamir split made here (the dealer is the test; real nodes run a DKG), partials are real
// D_i = s_i·C with real Chaum-Pedersen proofs in real ECIES envelopes, ACL records are verified
// with the real owner-signed-record module. Coordination between fixture nodes happens in memory
// instead of over libp2p. Each node can be told to misbehave (wrong partial, garbage, delay...).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { acceptAclUpdate, aclRecordFromJson, aclRecordToJson, decideRetrieval } from '../../../../src-main/domain/secretstore/acl/owner-signed-record.ts';
import { addressFromPublic } from '../../../../src-main/domain/secretstore/math/address.ts';
import { provePartialDecryption } from '../../../../src-main/domain/secretstore/math/chaum-pedersen.ts';
import { identifierScalar, participantIdentifier } from '../../../../src-main/domain/secretstore/math/dkg.ts';
import { Fn, Point, publicFromPoint, publicFromSecret, randomScalar, secretFromScalar } from '../../../../src-main/domain/secretstore/math/encoding.ts';
import { encodePartialAnswer, partialContext } from '../../../../src-main/domain/secretstore/math/partial-answer.ts';
import { auditDigest, retrievalDigest } from '../../../../src-main/domain/secretstore/math/request-digests.ts';
import { recoverRequesterPublic } from '../../../../src-main/domain/secretstore/math/requester-signature.ts';
import { eciesEncrypt } from '../../../../src-main/domain/secretstore/parity/ecies.ts';
import { serversSetHash } from '../../../../src-main/domain/secretstore/parity/servers-set-hash.ts';
import { combineShadowParts, computeShadowPart } from '../../../../src-main/domain/secretstore/parity/shadow.ts';
import { lagrangeCoefficient } from '../../../../src-main/domain/secretstore/math/lagrange.ts';
import type { NetworkProfile } from '../../../../src-main/domain/secretstore/network/profile.ts';
import type { AclRecord, KeyHolder } from '../../../../src-main/domain/secretstore/node/records.ts';

/** How a fixture node behaves. */
export type Behaviour = {
  /** Answers D_i made with a wrong share (a proof that cannot verify). */
  wrongPartial?: boolean;
  /** Answers 200 with a body that is not valid JSON of the expected shape. */
  garbage?: boolean;
  /** Reports this E instead of the stored one in GET /v1/keys/{id}. */
  forgedEncryptedPoint?: Uint8Array;
  /** Waits this long before answering a partial request. */
  partialDelayMs?: number;
};

type KeyState = {
  threshold: number;
  author: Uint8Array;
  serverKey: Uint8Array;
  holders: KeyHolder[];
  share: bigint;
  documentKey: { commonPoint: Uint8Array; encryptedPoint: Uint8Array } | null;
};

/** One fixture node: its key, its HTTP server and what it keeps. */
export type FixtureNode = {
  secret: bigint;
  publicKey: Uint8Array;
  identifier: string;
  url: string;
  server: Server;
  keys: Map<string, KeyState>;
  acl: Map<string, AclRecord>;
  audit: { documentId: string; requester: Uint8Array; time: number; allowed: boolean; reason: string }[];
  behaviour: Behaviour;
  /** Partial requests whose connection the client closed before the answer. */
  abandoned: number;
};

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const bytes = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/^0x/, ''), 'hex'));

/** A network of fixture nodes. */
export class FixtureNetwork {
  readonly nodes: FixtureNode[] = [];
  threshold = 1;

  /** Starts `count` nodes on 127.0.0.1 with fresh random node keys. */
  static async start(count: number, threshold: number): Promise<FixtureNetwork> {
    const network = new FixtureNetwork();
    network.threshold = threshold;
    for (let index = 0; index < count; index++) {
      const secret = randomScalar();
      const publicKey = publicFromSecret(secretFromScalar(secret));
      const node: FixtureNode = {
        secret,
        publicKey,
        identifier: participantIdentifier(publicKey),
        url: '',
        server: createServer(),
        keys: new Map(),
        acl: new Map(),
        audit: [],
        behaviour: {},
        abandoned: 0,
      };
      node.server.on('request', (request, response) => void network.#handle(node, request, response));
      await new Promise<void>((resolve) => node.server.listen(0, '127.0.0.1', resolve));
      node.url = `http://127.0.0.1:${(node.server.address() as AddressInfo).port}`;
      network.nodes.push(node);
    }
    return network;
  }

  /** The network profile listing every node. */
  profile(): NetworkProfile {
    return {
      name: 'fixture network',
      nodes: this.nodes.map((node, index) => ({ publicKey: node.publicKey, http: node.url, peer: `/ip4/127.0.0.1/tcp/${49000 + index}` })),
      threshold: this.threshold,
      acl: { type: 'owner-signed' },
    };
  }

  /** Stops one node: its port then refuses connections. */
  async stop(index: number): Promise<void> {
    const server = this.nodes[index]?.server;
    if (server === undefined || !server.listening) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Stops every node. */
  async close(): Promise<void> {
    await Promise.all(this.nodes.map((_, index) => this.stop(index)));
  }

  /** Shamir-splits a fresh server secret among all nodes (the test plays dealer); returns Y. */
  dealServerKey(documentId: Uint8Array, threshold: number, author: Uint8Array): Uint8Array {
    const coefficients = Array.from({ length: threshold + 1 }, () => randomScalar());
    const evaluate = (x: bigint): bigint => coefficients.reduceRight((acc, a) => Fn.add(Fn.mul(acc, x), a), 0n);
    const serverKey = publicFromPoint(Point.BASE.multiply(coefficients[0] ?? 1n));
    const shares = this.nodes.map((node) => evaluate(identifierScalar(node.identifier)));
    const holders = this.nodes.map((node, index) => ({
      node: node.publicKey,
      identifier: node.identifier,
      publicShare: publicFromPoint(Point.BASE.multiply(shares[index] ?? 1n)),
    }));
    this.nodes.forEach((node, index) => {
      node.keys.set(hex(documentId), { threshold, author, serverKey, holders, share: shares[index] ?? 1n, documentKey: null });
    });
    return serverKey;
  }

  async #handle(node: FixtureNode, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const parts = (request.url ?? '').split('/').filter((part) => part !== '');
    const send = (status: number, value: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      response.end(value === undefined ? '' : JSON.stringify(value));
    };
    const parityError = (status: number, text: string): void => send(status, `"${text}"`);
    const v1Error = (status: number, code: string, message: string): void => send(status, { error: { code, message } });
    try {
      if (parts[0] === 'v1') return await this.#v1(node, request.method ?? '', parts.slice(1), body, send, v1Error, response);
      if (parts[0] === 'shadow' || parts[0] === 'server') return this.#parity(node, request.method ?? '', parts, send, parityError);
      send(400, undefined);
    } catch (error) {
      v1Error(500, 'internal', (error as Error).message);
    }
  }

  #keyOr404(node: FixtureNode, id: string | undefined): KeyState | null {
    return node.keys.get(id ?? '') ?? null;
  }

  #decide(node: FixtureNode, id: string, key: KeyState, requester: Uint8Array): { allowed: boolean; reason: string } {
    const decision = decideRetrieval({ requester, author: key.author, record: node.acl.get(id) ?? null });
    node.audit.push({ documentId: id, requester, time: Date.now(), ...decision });
    return decision;
  }

  async #v1(
    node: FixtureNode,
    method: string,
    parts: string[],
    body: string,
    send: (status: number, value: unknown) => void,
    error: (status: number, code: string, message: string) => void,
    response: ServerResponse,
  ): Promise<void> {
    const [section, id, action] = parts;
    if (method === 'GET' && section === 'status') {
      return send(200, {
        node: `0x${hex(node.publicKey)}`,
        address: `0x${hex(addressFromPublic(node.publicKey))}`,
        network: `0x${hex(serversSetHash(this.nodes.map((n) => n.publicKey)))}`,
        peers: { connected: this.nodes.length - 1, total: this.nodes.length - 1 },
        keysHeld: node.keys.size,
        requests: { served: 0, refused: 0 },
        startedAt: 1,
        version: 'fixture',
      });
    }
    const key = this.#keyOr404(node, id);
    if (section === 'acl' && method === 'GET') return send(200, { record: node.acl.has(id ?? '') ? aclRecordToJson(node.acl.get(id ?? '') as AclRecord) : null });
    if (key === null) return error(404, 'server-key-not-found', 'Server key with this ID is not found');
    if (section === 'keys' && method === 'GET' && action === undefined) {
      const documentKey = key.documentKey && {
        commonPoint: `0x${hex(key.documentKey.commonPoint)}`,
        encryptedPoint: `0x${hex(node.behaviour.forgedEncryptedPoint ?? key.documentKey.encryptedPoint)}`,
      };
      return send(200, {
        documentId: `0x${id}`,
        threshold: key.threshold,
        serverKey: `0x${hex(key.serverKey)}`,
        author: `0x${hex(key.author)}`,
        holders: key.holders.map((h) => ({ node: `0x${hex(h.node)}`, identifier: `0x${h.identifier}`, publicShare: `0x${hex(h.publicShare)}` })),
        documentKey,
      });
    }
    if (section === 'keys' && method === 'POST' && action === 'partial') {
      const requesterPublic = recoverRequesterPublic(bytes(JSON.parse(body).signature), retrievalDigest(bytes(id ?? '')));
      const requester = addressFromPublic(requesterPublic);
      if (key.documentKey === null) return error(404, 'document-key-not-found', 'Document key with this ID is not found');
      const decision = this.#decide(node, id ?? '', key, requester);
      if (!decision.allowed) return error(403, 'access-denied', decision.reason);
      if (node.behaviour.partialDelayMs !== undefined) {
        const delay = node.behaviour.partialDelayMs;
        const closed = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), delay);
          response.once('close', () => {
            clearTimeout(timer);
            resolve(true);
          });
        });
        if (closed) {
          node.abandoned++;
          return;
        }
      }
      if (node.behaviour.garbage) return send(200, { node: 'nonsense' });
      const share = node.behaviour.wrongPartial ? Fn.add(key.share, 1n) : key.share;
      const proven = provePartialDecryption(share, key.documentKey.commonPoint, partialContext(bytes(id ?? ''), requester, node.identifier));
      return send(200, {
        node: `0x${hex(node.publicKey)}`,
        identifier: `0x${node.identifier}`,
        envelope: `0x${hex(eciesEncrypt(requesterPublic, encodePartialAnswer(proven)))}`,
      });
    }
    if (section === 'acl' && method === 'PUT') {
      let candidate: AclRecord;
      try {
        candidate = aclRecordFromJson(JSON.parse(body));
        node.acl.set(id ?? '', acceptAclUpdate({ documentId: bytes(id ?? ''), author: key.author, current: node.acl.get(id ?? '') ?? null, candidate }));
      } catch (thrown) {
        const code = (thrown as { code?: string }).code ?? 'internal';
        return error(code === 'acl-stale' ? 409 : code === 'access-denied' ? 403 : 400, code, (thrown as Error).message);
      }
      return send(200, { version: candidate.version });
    }
    if (section === 'audit' && method === 'POST') {
      const request = JSON.parse(body) as { signature: string; time: number };
      const requester = addressFromPublic(recoverRequesterPublic(bytes(request.signature), auditDigest(bytes(id ?? ''), request.time)));
      if (hex(requester) !== hex(key.author)) return error(403, 'access-denied', 'Only the author reads the audit log');
      const entries = node.audit.filter((entry) => entry.documentId === id);
      return send(200, { entries: entries.map((e) => ({ requester: `0x${hex(e.requester)}`, time: e.time, allowed: e.allowed, reason: e.reason })) });
    }
    error(400, 'request-invalid', 'unknown route');
  }

  #parity(
    node: FixtureNode,
    method: string,
    parts: string[],
    send: (status: number, value: unknown) => void,
    error: (status: number, text: string) => void,
  ): void {
    const [prefix, id = '', signature = '', ...rest] = parts;
    const requesterPublic = recoverRequesterPublic(bytes(signature), bytes(id));
    const requester = addressFromPublic(requesterPublic);
    const key = this.#keyOr404(node, id);
    if (prefix === 'shadow' && method === 'POST' && rest.length === 1) {
      if (key !== null) return error(400, 'Server key with this ID is already generated');
      const threshold = Number(rest[0]);
      if (threshold >= this.nodes.length) return error(500, 'not enough nodes for passed threshold');
      return send(200, `0x${hex(this.dealServerKey(bytes(id), threshold, requester))}`);
    }
    if (key === null) return error(404, 'Server key with this ID is not found');
    if (prefix === 'server' && method === 'GET') {
      if (hex(requester) !== hex(key.author)) return error(403, 'Access denied');
      return send(200, `0x${hex(key.serverKey)}`);
    }
    if (prefix === 'shadow' && method === 'POST' && rest.length === 2) {
      if (hex(requester) !== hex(key.author)) return error(403, 'Access denied');
      if (key.documentKey !== null) return error(400, 'Document key with this ID is already stored');
      for (const other of this.nodes) {
        const state = other.keys.get(id);
        if (state !== undefined) state.documentKey = { commonPoint: bytes(rest[0] ?? ''), encryptedPoint: bytes(rest[1] ?? '') };
      }
      return send(200, undefined);
    }
    if (prefix === 'shadow' && method === 'GET' && rest.length === 0) {
      const documentKey = key.documentKey;
      if (documentKey === null) return error(404, 'Document key with this ID is not found');
      if (!this.#decide(node, id, key, requester).allowed) return error(403, 'Access denied');
      // The coordinator picks t+1 holders (here: the first ones) and combines as Parity's master does.
      const consensus = this.nodes.slice(0, key.threshold + 1);
      const ids = consensus.map((n) => identifierScalar(n.identifier));
      const accessKey = randomScalar();
      const shadowParts = consensus.map((n, index) =>
        computeShadowPart((n.keys.get(id) as KeyState).share, lagrangeCoefficient(ids, ids[index] ?? 0n), accessKey, documentKey.commonPoint, requesterPublic),
      );
      const answer = combineShadowParts(documentKey.encryptedPoint, documentKey.commonPoint, accessKey, shadowParts);
      return send(200, {
        decrypted_secret: `0x${hex(answer.decryptedSecret)}`,
        common_point: `0x${hex(answer.commonPoint)}`,
        decrypt_shadows: answer.decryptShadows.map((s) => `0x${hex(s)}`),
      });
    }
    error(400, 'bad route');
  }
}
