// The network profile (docs/PROTOCOL.md §2): which key server nodes form a network, how to reach
// them, the default threshold and the ACL backend. Its id is Parity's servers-set hash of the node
// keys. Profiles come from files and shared links, i.e. from outside: everything is schema-checked,
// and public keys must be points on the curve before anyone talks to the nodes.
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, open } from 'node:fs/promises';
import { isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { toSealdropError } from '../../seal/fs-errors.ts';
import { PUBLIC_LENGTH, hexFromBytes, pointFromPublic } from '../math/encoding.ts';
import { serversSetHash } from '../parity/servers-set-hash.ts';

/** The profile format version this code reads and writes (`sealdropNetwork`). */
export const PROFILE_FORMAT = 1;
/** Most nodes a profile may list (a guard against absurd shared links, far above any real network). */
export const MAX_PROFILE_NODES = 256;
/** Largest profile file we read. */
const MAX_PROFILE_BYTES = 1024 * 1024;

/** One key server node of a network. */
export type NetworkNode = {
  /** The node's 64-byte public key X‖Y (its identity for peers and clients). */
  publicKey: Uint8Array;
  /** Base URL of its HTTP API (origin only: `http(s)://host[:port]`). */
  http: string;
  /** Its libp2p multiaddr for peers: `/ip4|ip6|dns4|dns6|dns/<host>/tcp/<port>`. */
  peer: string;
};

/** Which ACL backend the nodes of a network consult (DESIGN §4). */
export type AclBackend =
  | { type: 'owner-signed' }
  | { type: 'contract'; rpcUrl: string; /** 20-byte contract address. */ address: Uint8Array; chainId: number };

/** A parsed, validated network profile. */
export type NetworkProfile = {
  name: string;
  nodes: NetworkNode[];
  /** Default t: t+1 key holders are needed; 0 ≤ t < n. */
  threshold: number;
  acl: AclBackend;
};

/** The JSON form of a profile, exactly as written to files and links. */
export type NetworkProfileJson = {
  sealdropNetwork: 1;
  name: string;
  nodes: { publicKey: string; http: string; peer: string }[];
  threshold: number;
  acl: { type: 'owner-signed' } | { type: 'contract'; rpcUrl: string; address: string; chainId: number };
};

function isCurvePoint(hex: string): boolean {
  try {
    pointFromPublic(Uint8Array.from(Buffer.from(hex.slice(2), 'hex')));
    return true;
  } catch {
    // Not on the curve: the schema reports it as an invalid public key.
    return false;
  }
}

/** `http(s)://host[:port]` with nothing else (no credentials, path, query or fragment), normalized to its origin. */
const httpUrl = z.string().transform((text, ctx) => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not a URL' });
    return z.NEVER;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: 'must be an http:// or https:// URL' });
    return z.NEVER;
  }
  if (url.username !== '' || url.password !== '' || url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    ctx.addIssue({ code: 'custom', message: 'must be just scheme, host and port (no credentials, path, query or fragment)' });
    return z.NEVER;
  }
  return url.origin;
});

const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

function isPeerAddress(text: string): boolean {
  const match = /^\/(ip4|ip6|dns4|dns6|dns)\/([^/]+)\/tcp\/(\d{1,5})$/.exec(text);
  if (match === null) return false;
  const [, protocol, host = '', port = ''] = match;
  const portNumber = Number(port);
  if (portNumber < 1 || portNumber > 65535 || String(portNumber) !== port) return false;
  if (protocol === 'ip4') return isIPv4(host);
  if (protocol === 'ip6') return isIPv6(host);
  return DNS_NAME.test(host);
}

const nodeSchema = z.strictObject({
  publicKey: z
    .string()
    .regex(/^0x[0-9a-fA-F]{128}$/, 'must be "0x" followed by 128 hex digits')
    .refine(isCurvePoint, 'is not a point on secp256k1'),
  http: httpUrl,
  peer: z.string().refine(isPeerAddress, 'must be a multiaddr like /ip4/127.0.0.1/tcp/48301 (ip4, ip6, dns4, dns6 or dns)'),
});

const aclSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('owner-signed') }),
  z.strictObject({
    type: z.literal('contract'),
    rpcUrl: httpUrl,
    address: z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be "0x" followed by 40 hex digits'),
    chainId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  }),
]);

const profileSchema = z
  .strictObject({
    sealdropNetwork: z.literal(PROFILE_FORMAT),
    name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    nodes: z.array(nodeSchema).min(1, 'must list at least one node').max(MAX_PROFILE_NODES, `must list at most ${MAX_PROFILE_NODES} nodes`),
    threshold: z.number().int('must be an integer').min(0, 'must be at least 0'),
    acl: aclSchema,
  })
  .superRefine((profile, ctx) => {
    if (profile.threshold >= profile.nodes.length) {
      ctx.addIssue({ code: 'custom', path: ['threshold'], message: `must be below the number of nodes (${profile.nodes.length})` });
    }
    for (const field of ['publicKey', 'http', 'peer'] as const) {
      const seen = new Set<string>();
      profile.nodes.forEach((node, index) => {
        const value = node[field].toLowerCase();
        if (seen.has(value)) ctx.addIssue({ code: 'custom', path: ['nodes', index, field], message: 'is listed twice' });
        seen.add(value);
      });
    }
  });

function fieldName(path: readonly PropertyKey[]): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`)).join('') || 'profile';
}

function bytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));
}

/** Validates a profile's JSON (from a file or link) and decodes it; throws `profile-invalid` naming the field. */
export function parseNetworkProfile(json: unknown): NetworkProfile {
  const parsed = profileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = fieldName(issue?.path ?? []);
    throw new SealdropError('profile-invalid', `The network profile is invalid: ${field} ${issue?.message ?? 'is malformed'}.`, { field });
  }
  const value = parsed.data;
  const acl: AclBackend =
    value.acl.type === 'owner-signed'
      ? { type: 'owner-signed' }
      : { type: 'contract', rpcUrl: value.acl.rpcUrl, address: bytes(value.acl.address), chainId: value.acl.chainId };
  return {
    name: value.name,
    nodes: value.nodes.map((node) => ({ publicKey: bytes(node.publicKey), http: node.http, peer: node.peer })),
    threshold: value.threshold,
    acl,
  };
}

/** The canonical JSON form of a profile (fixed key order, lowercase hex): what files and links hold. */
export function profileToJson(profile: NetworkProfile): NetworkProfileJson {
  for (const node of profile.nodes) {
    if (node.publicKey.length !== PUBLIC_LENGTH) throw new SealdropError('profile-invalid', 'A node public key must be 64 bytes.');
  }
  const acl: NetworkProfileJson['acl'] =
    profile.acl.type === 'owner-signed'
      ? { type: 'owner-signed' }
      : { type: 'contract', rpcUrl: profile.acl.rpcUrl, address: `0x${hexFromBytes(profile.acl.address)}`, chainId: profile.acl.chainId };
  return {
    sealdropNetwork: PROFILE_FORMAT,
    name: profile.name,
    nodes: profile.nodes.map((node) => ({ publicKey: `0x${hexFromBytes(node.publicKey)}`, http: node.http, peer: node.peer })),
    threshold: profile.threshold,
    acl,
  };
}

/** The network id: Parity's servers-set hash, keccak256 of the sorted 64-byte node keys (32 bytes). */
export function networkId(profile: NetworkProfile): Uint8Array {
  return serversSetHash(profile.nodes.map((node) => node.publicKey));
}

/** Reads and validates a profile file. */
export async function loadNetworkProfile(path: string): Promise<NetworkProfile> {
  let text: string;
  try {
    const buffer = await readFile(path);
    if (buffer.length > MAX_PROFILE_BYTES) {
      throw new SealdropError('profile-invalid', `The network profile ${path} is larger than ${MAX_PROFILE_BYTES} bytes.`);
    }
    text = buffer.toString('utf8');
  } catch (error) {
    throw toSealdropError(error, `reading the network profile ${path}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new SealdropError('profile-invalid', `The network profile ${path} is not valid JSON.`, { field: 'profile' }, { cause });
  }
  return parseNetworkProfile(json);
}

/** Writes a profile atomically: a temporary file next to the target, flushed, then renamed over it. */
export async function writeNetworkProfile(path: string, profile: NetworkProfile): Promise<void> {
  // Round-trip through the schema so we never write a profile we would refuse to read.
  const json = profileToJson(parseNetworkProfile(profileToJson(profile)));
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temporary, 'wx', 0o644);
    try {
      await handle.writeFile(`${JSON.stringify(json, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    // Why: a failed write must not leave a stray temporary file beside the user's profile.
    await rm(temporary, { force: true });
    throw toSealdropError(error, `writing the network profile ${path}`);
  }
}
