// Parity's request parser (`listener/http_listener.rs` `parse_request`, PARITY.md §3.1), rule for
// rule: percent-decode the path first, trim the leading '/'s, split on '/', recognise the prefixes
// shadow|schnorr|ecdsa|server (and admin), then require the exact argument count and method. Any
// mismatch is `invalid`, which the routes answer with 400 and an empty body, as Parity does.
import { originFormTarget, parseBareHex, parseRustUsize, percentDecodePath } from './wire-encoding.ts';

const DOCUMENT_ID_BYTES = 32;
const SIGNATURE_BYTES = 65;
const POINT_BYTES = 64;
const HASH_BYTES = 32;

/** The arguments every key route carries: the document id and the requester's signature of it. */
export type RequesterArguments = { documentId: Uint8Array; signature: Uint8Array };

/** One request as Parity would have understood it, or `invalid`. */
export type ParityRequest =
  | { kind: 'invalid' }
  | ({ kind: 'generate-server-key'; threshold: bigint } & RequesterArguments)
  | ({ kind: 'store-document-key'; commonPoint: Uint8Array; encryptedPoint: Uint8Array } & RequesterArguments)
  | ({ kind: 'generate-document-key'; threshold: bigint } & RequesterArguments)
  | ({ kind: 'server-key' } & RequesterArguments)
  | ({ kind: 'document-key' } & RequesterArguments)
  | ({ kind: 'document-key-shadow' } & RequesterArguments)
  | ({ kind: 'schnorr-sign'; messageHash: Uint8Array } & RequesterArguments)
  | ({ kind: 'ecdsa-sign'; messageHash: Uint8Array } & RequesterArguments)
  | { kind: 'servers-set-change'; oldSignature: Uint8Array; newSignature: Uint8Array };

const INVALID: ParityRequest = { kind: 'invalid' };
const KNOWN_PREFIXES = new Set(['shadow', 'schnorr', 'ecdsa', 'server']);

/** Parses a request target with Parity's rules; the query (and an absolute-form origin) is ignored, as hyper's `path()` does. */
export function parseParityRequest(method: string, requestTarget: string): ParityRequest {
  const target = originFormTarget(requestTarget);
  if (!target.startsWith('/')) return INVALID;
  const queryAt = target.indexOf('?');
  const decoded = percentDecodePath(queryAt < 0 ? target : target.slice(0, queryAt));
  if (decoded === null) return INVALID;
  const path = decoded.replace(/^\/+/, '').split('/');
  if (path[0] === 'admin') return parseAdminRequest(method, path);

  const prefix = KNOWN_PREFIXES.has(path[0] ?? '') ? (path[0] ?? '') : '';
  const args = prefix === '' ? path : path.slice(1);
  if (args.length < 2) return INVALID;
  const documentId = parseBareHex(args[0] ?? '', DOCUMENT_ID_BYTES);
  const signature = parseBareHex(args[1] ?? '', SIGNATURE_BYTES);
  if (documentId === null || signature === null) return INVALID;
  const requester = { documentId, signature };
  const third = args[2] ?? '';
  const fourth = args[3] ?? '';

  switch (`${prefix}:${args.length}:${method}`) {
    case 'shadow:3:POST':
    case ':3:POST': {
      const threshold = parseRustUsize(third);
      if (threshold === null) return INVALID;
      return { kind: prefix === 'shadow' ? 'generate-server-key' : 'generate-document-key', threshold, ...requester };
    }
    case 'shadow:4:POST': {
      const commonPoint = parseBareHex(third, POINT_BYTES);
      const encryptedPoint = parseBareHex(fourth, POINT_BYTES);
      if (commonPoint === null || encryptedPoint === null) return INVALID;
      return { kind: 'store-document-key', commonPoint, encryptedPoint, ...requester };
    }
    case 'server:2:GET':
      return { kind: 'server-key', ...requester };
    case ':2:GET':
      return { kind: 'document-key', ...requester };
    case 'shadow:2:GET':
      return { kind: 'document-key-shadow', ...requester };
    case 'schnorr:3:GET':
    case 'ecdsa:3:GET': {
      const messageHash = parseBareHex(third, HASH_BYTES);
      if (messageHash === null) return INVALID;
      return { kind: prefix === 'schnorr' ? 'schnorr-sign' : 'ecdsa-sign', messageHash, ...requester };
    }
    default:
      return INVALID;
  }
}

/**
 * `POST /admin/servers_set_change/{old_sig}/{new_sig}`. Only the path is checked: Sealdrop does not
 * change server sets yet, so the route is refused whatever its body (a JSON list of node keys).
 */
function parseAdminRequest(method: string, path: string[]): ParityRequest {
  if (method !== 'POST' || path.length !== 4 || path[1] !== 'servers_set_change') return INVALID;
  const oldSignature = parseBareHex(path[2] ?? '', SIGNATURE_BYTES);
  const newSignature = parseBareHex(path[3] ?? '', SIGNATURE_BYTES);
  if (oldSignature === null || newSignature === null) return INVALID;
  return { kind: 'servers-set-change', oldSignature, newSignature };
}
