// Loads Parity's published Secret Store vectors (copied from ../shared/vectors) for the known-answer tests.
import { readFileSync } from 'node:fs';

/** Shape of parity-secretstore.json (all hex without 0x). */
export type ParityVectors = {
  threshold_decryption: {
    threshold: number;
    id_numbers: string[];
    shares: string[];
    common_point: string;
    encrypted_point: string;
    document_key: string;
  };
  shadow_combination: {
    requester_secret: string;
    requester_address: string;
    decrypted_secret: string;
    common_point: string;
    decrypt_shadows: string[];
    decrypted_shadow_scalars: string[];
    document_key: string;
    legacy_ciphertext: string;
    legacy_plaintext: string;
  };
  ecies: { about: string };
  requester_signatures: { secret: string; cases: { id: string; signature: string }[] };
  servers_set_hash: { nodes: string[]; hash: string };
  acl_selector: { signature: string; selector: string };
};

/** The parsed vector file. */
export const vectors: ParityVectors = JSON.parse(
  readFileSync(new URL('./vectors/parity-secretstore.json', import.meta.url), 'utf8'),
) as ParityVectors;

/** Hex (no 0x) to bytes. */
export function hex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'hex'));
}

/** Bytes to lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
