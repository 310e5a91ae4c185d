// Rebuilds test/unit/age/sealdrop-stanza-vectors.json: known-answer vectors of the Sealdrop network
// stanza (docs/FORMAT.md §1.6). The stanza vectors are deterministic (fixed M, salt and file key);
// the whole-file vectors are made by the real encrypt code with real randomness, so rerunning this
// changes them. Run by hand after a deliberate format change:
//   node_modules/.bin/node scripts/make-sealdrop-stanza-vectors.ts
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { encryptAge } from '../src-main/domain/seal/age/encrypt.ts';
import type { Recipient } from '../src-main/domain/seal/age/recipient.ts';
import { SealdropNetworkRecipient } from '../src-main/domain/seal/age/sealdrop-recipient.ts';
import { wrapFileKeyWithSalt, type NetworkWrap } from '../src-main/domain/seal/age/sealdrop-stanza.ts';
import { encodeStanza, type Stanza } from '../src-main/domain/seal/age/stanza.ts';
import { X25519Identity } from '../src-main/domain/seal/age/x25519.ts';
import { Fn, Point, publicFromPoint } from '../src-main/domain/secretstore/math/encoding.ts';
import { serversSetHash } from '../src-main/domain/secretstore/parity/servers-set-hash.ts';

const output = fileURLToPath(new URL('../test/unit/age/sealdrop-stanza-vectors.json', import.meta.url));

function sha256(label: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(label).digest());
}

/** A fixed curve point: sha256(label) reduced to a scalar, times G. */
function point(label: string): Uint8Array {
  return publicFromPoint(Point.BASE.multiply(Fn.create(BigInt(`0x${Buffer.from(sha256(label)).toString('hex')}`))));
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function networkOf(size: number, label: string): { nodes: string[]; networkId: Uint8Array } {
  const nodes = Array.from({ length: size }, (_, i) => point(`${label} node ${i}`));
  return { nodes: nodes.map(hex), networkId: serversSetHash(nodes) };
}

function stanzaVector(name: string, threshold: number, nodes: number) {
  const network = networkOf(nodes, name);
  const wrap: NetworkWrap = {
    documentKey: point(`${name} document key M`),
    documentId: sha256(`${name} document id`),
    networkId: network.networkId,
    threshold,
    serverKey: point(`${name} server key Y`),
  };
  const salt = sha256(`${name} salt`);
  const fileKey = sha256(`${name} file key`).subarray(0, 16);
  const stanza = wrapFileKeyWithSalt(fileKey, wrap, salt);
  return {
    name,
    documentKey: hex(wrap.documentKey),
    documentId: hex(wrap.documentId),
    nodes: network.nodes,
    networkId: hex(wrap.networkId),
    threshold,
    serverKey: hex(wrap.serverKey),
    salt: hex(salt),
    fileKey: hex(fileKey),
    stanza: encodeStanza(stanza),
  };
}

/** Records the file key encryptAge draws, so the vector can state it. */
class Recording implements Recipient {
  readonly #inner: Recipient;
  fileKey = new Uint8Array();
  constructor(inner: Recipient) {
    this.#inner = inner;
  }
  async wrap(fileKey: Uint8Array): Promise<Stanza[]> {
    this.fileKey = Uint8Array.from(fileKey);
    return this.#inner.wrap(fileKey);
  }
}

async function fileVector(name: string, base: ReturnType<typeof stanzaVector>, plaintext: string, x25519: X25519Identity | null) {
  const wrap: NetworkWrap = {
    documentKey: Buffer.from(base.documentKey, 'hex'),
    documentId: Buffer.from(base.documentId, 'hex'),
    networkId: Buffer.from(base.networkId, 'hex'),
    threshold: base.threshold,
    serverKey: Buffer.from(base.serverKey, 'hex'),
  };
  const network = new Recording(new SealdropNetworkRecipient(wrap));
  const recipients: Recipient[] = x25519 === null ? [network] : [network, x25519.recipient];
  const parts: Uint8Array[] = [];
  for await (const part of encryptAge((async function* () { yield Buffer.from(plaintext); })(), recipients)) parts.push(part);
  return {
    name,
    stanzaVector: base.name,
    x25519Identity: x25519 === null ? null : x25519.exportSecret(),
    fileKey: hex(network.fileKey),
    plaintext,
    file: Buffer.concat(parts).toString('base64'),
  };
}

const stanzas = [stanzaVector('sealdrop-2-of-3', 1, 3), stanzaVector('sealdrop-1-of-1', 0, 1), stanzaVector('sealdrop-3-of-5', 2, 5)];
const x25519 = new X25519Identity(sha256('sealdrop vector X25519 identity'));
const files = [
  await fileVector('network-only', stanzas[0] as (typeof stanzas)[0], 'Hello from Sealdrop.\n', null),
  await fileVector('network-and-x25519', stanzas[1] as (typeof stanzas)[0], 'Opens with the key servers or with age -d.\n', x25519),
];
const vectors = {
  about: 'Sealdrop network stanza vectors (docs/FORMAT.md §1.6). Hex without 0x; "stanza" is the exact header text; "file" is base64 of a whole .sealdrop file. Rebuilt by scripts/make-sealdrop-stanza-vectors.ts.',
  stanzas,
  files,
};
await writeFile(output, `${JSON.stringify(vectors, null, 2)}\n`);
console.log(`wrote ${output}`);
