// A thin typed HTTP client for ONE key server node (docs/PROTOCOL.md §3.1 Parity routes, §3.2 /v1
// routes). Every call has a time limit and can be cancelled; every 200 body is schema-checked; every
// failure is a SealdropError naming the node. No retries and no policy here: the operations decide.
import type { z } from 'zod';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { hexFromBytes } from '../math/encoding.ts';
import type { ShadowAnswer } from '../parity/shadow.ts';
import { errorFromResponse, errorFromTransport } from './node-errors.ts';
import {
  aclBody,
  aclPutBody,
  auditBody,
  keyInfoBody,
  partialBody,
  serverKeyBody,
  shadowBody,
  statusBody,
  type KeyInfo,
  type NodeAuditEntry,
  type NodeStatus,
  type PartialResponse,
} from './node-schemas.ts';

/** Default time limit of one request. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** Largest response body we read from a node (audit logs are the biggest). */
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/** Per-call options. */
export type RequestOptions = { timeoutMs?: number; signal?: AbortSignal };

/** The routes of one node. */
export interface NodeApi {
  /** The node's base URL, as named in errors. */
  readonly url: string;
  /** `POST /shadow/{id}/{sig}/{t}`: generates a server key on all nodes; returns Y. */
  generateServerKey(documentId: Uint8Array, signature: Uint8Array, threshold: number, options?: RequestOptions): Promise<Uint8Array>;
  /** `POST /shadow/{id}/{sig}/{C}/{E}`: stores the client-made document key. */
  storeDocumentKey(documentId: Uint8Array, signature: Uint8Array, commonPoint: Uint8Array, encryptedPoint: Uint8Array, options?: RequestOptions): Promise<void>;
  /** `GET /shadow/{id}/{sig}`: Parity shadow retrieval. */
  shadowRetrieve(documentId: Uint8Array, signature: Uint8Array, options?: RequestOptions): Promise<ShadowAnswer>;
  /** `GET /server/{id}/{sig}`: the server key, for its author. */
  serverKey(documentId: Uint8Array, signature: Uint8Array, options?: RequestOptions): Promise<Uint8Array>;
  /** `POST /v1/keys/{id}/partial`: this node's proven partial decryption, encrypted to the requester. */
  /** `requester` (the signer's address) lets the node refuse a signature made over another id (400). */
  partial(documentId: Uint8Array, signature: Uint8Array, options?: RequestOptions, requester?: Uint8Array): Promise<PartialResponse>;
  /** `GET /v1/keys/{id}`: public metadata (server key, public shares, ElGamal pair). */
  keyInfo(documentId: Uint8Array, options?: RequestOptions): Promise<KeyInfo>;
  /** `GET /v1/acl/{id}`: the ACL record JSON the node keeps (unverified), or null. */
  getAcl(documentId: Uint8Array, options?: RequestOptions): Promise<Record<string, unknown> | null>;
  /** `PUT /v1/acl/{id}`: offers a signed ACL record; returns the version the node now keeps. */
  putAcl(documentId: Uint8Array, recordJson: unknown, options?: RequestOptions): Promise<number>;
  /** `POST /v1/audit/{id}`: the node's audit entries for a key (author only). */
  audit(documentId: Uint8Array, signature: Uint8Array, time: number, options?: RequestOptions, requester?: Uint8Array): Promise<NodeAuditEntry[]>;
  /** `GET /v1/status`. */
  status(options?: RequestOptions): Promise<NodeStatus>;
}

/** The body of a signed /v1 request: the signature, and the signer's address when known. */
function signedBody(signature: Uint8Array, requester: Uint8Array | undefined): Record<string, string> {
  return requester === undefined ? { signature: `0x${hexFromBytes(signature)}` } : { signature: `0x${hexFromBytes(signature)}`, requester: `0x${hexFromBytes(requester)}` };
}

type Call = { method: 'GET' | 'POST' | 'PUT'; path: string; body?: unknown; options: RequestOptions | undefined };

async function readLimited(response: Response, nodeUrl: string): Promise<string> {
  const reader = response.body?.getReader();
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      throw new SealdropError('internal', `Key server ${nodeUrl} sent an answer larger than ${MAX_RESPONSE_BYTES} bytes.`, { node: nodeUrl, malformed: true });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A client for the node at `baseUrl` (an origin such as `http://127.0.0.1:48201`). */
export function nodeApi(baseUrl: string, defaults: { timeoutMs?: number } = {}): NodeApi {
  const url = baseUrl.replace(/\/+$/, '');

  async function send({ method, path, body, options }: Call): Promise<string> {
    const timeoutMs = options?.timeoutMs ?? defaults.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const signals = [AbortSignal.timeout(timeoutMs), ...(options?.signal ? [options.signal] : [])];
    const init: RequestInit = { method, signal: AbortSignal.any(signals), redirect: 'error' };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { 'content-type': 'application/json' };
    }
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${url}${path}`, init);
      text = await readLimited(response, url);
    } catch (error) {
      throw errorFromTransport(url, error, timeoutMs, options?.signal?.aborted === true);
    }
    if (response.status !== 200) throw errorFromResponse(url, response.status, text);
    return text;
  }

  function parse<S extends z.ZodType>(schema: S, text: string, what: string): z.output<S> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new SealdropError('internal', `Key server ${url} answered a ${what} that is not JSON.`, { node: url, malformed: true }, { cause });
    }
    const result = schema.safeParse(json);
    if (!result.success) {
      const issue = result.error.issues[0];
      const field = issue?.path.join('.') || 'body';
      throw new SealdropError('internal', `Key server ${url} answered a malformed ${what} (${field} ${issue?.message ?? 'is invalid'}).`, {
        node: url,
        field,
        malformed: true,
      });
    }
    return result.data;
  }

  const hex = hexFromBytes;
  return {
    url,
    async generateServerKey(documentId, signature, threshold, options) {
      if (!Number.isSafeInteger(threshold) || threshold < 0) throw new SealdropError('threshold-invalid', `Threshold ${threshold} is not a whole number ≥ 0.`);
      const text = await send({ method: 'POST', path: `/shadow/${hex(documentId)}/${hex(signature)}/${threshold}`, options });
      return parse(serverKeyBody, text, 'server key');
    },
    async storeDocumentKey(documentId, signature, commonPoint, encryptedPoint, options) {
      await send({ method: 'POST', path: `/shadow/${hex(documentId)}/${hex(signature)}/${hex(commonPoint)}/${hex(encryptedPoint)}`, options });
    },
    async shadowRetrieve(documentId, signature, options) {
      const text = await send({ method: 'GET', path: `/shadow/${hex(documentId)}/${hex(signature)}`, options });
      const body = parse(shadowBody, text, 'shadow retrieval');
      return { decryptedSecret: body.decrypted_secret, commonPoint: body.common_point, decryptShadows: body.decrypt_shadows };
    },
    async serverKey(documentId, signature, options) {
      const text = await send({ method: 'GET', path: `/server/${hex(documentId)}/${hex(signature)}`, options });
      return parse(serverKeyBody, text, 'server key');
    },
    async partial(documentId, signature, options, requester) {
      const text = await send({ method: 'POST', path: `/v1/keys/${hex(documentId)}/partial`, body: signedBody(signature, requester), options });
      return parse(partialBody, text, 'partial decryption');
    },
    async keyInfo(documentId, options) {
      const text = await send({ method: 'GET', path: `/v1/keys/${hex(documentId)}`, options });
      return parse(keyInfoBody, text, 'key description');
    },
    async getAcl(documentId, options) {
      const text = await send({ method: 'GET', path: `/v1/acl/${hex(documentId)}`, options });
      return parse(aclBody, text, 'ACL answer').record;
    },
    async putAcl(documentId, recordJson, options) {
      const text = await send({ method: 'PUT', path: `/v1/acl/${hex(documentId)}`, body: recordJson, options });
      return parse(aclPutBody, text, 'ACL acknowledgement').version;
    },
    async audit(documentId, signature, time, options, requester) {
      const text = await send({ method: 'POST', path: `/v1/audit/${hex(documentId)}`, body: { ...signedBody(signature, requester), time }, options });
      return parse(auditBody, text, 'audit log').entries;
    },
    async status(options) {
      const text = await send({ method: 'GET', path: '/v1/status', options });
      return parse(statusBody, text, 'status');
    },
  };
}
