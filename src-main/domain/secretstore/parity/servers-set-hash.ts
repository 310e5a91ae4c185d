// Parity's servers-set hash (`secretstore_serversSetHash`, PARITY.md §2.4 V6, §4.8): keccak256 over
// the bytewise-sorted concatenation of the 64-byte node public keys. Sealdrop uses it as the id of a
// network profile (DESIGN §3).
import { keccak_256 } from '@noble/hashes/sha3.js';
import { concatBytes } from '@noble/curves/utils.js';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { PUBLIC_LENGTH } from '../math/encoding.ts';

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

/** keccak256(sorted(node public keys)): the id of a set of key servers. */
export function serversSetHash(nodePublics: readonly Uint8Array[]): Uint8Array {
  for (const key of nodePublics) {
    if (key.length !== PUBLIC_LENGTH) throw new SealdropError('key-invalid', `A node public key must be ${PUBLIC_LENGTH} bytes.`);
  }
  // Parity's set is a BTreeSet: duplicates collapse, order is bytewise.
  const unique = new Map(nodePublics.map((key) => [Buffer.from(key).toString('hex'), key]));
  const sorted = [...unique.values()].sort(compareBytes);
  return keccak_256(concatBytes(...sorted));
}

