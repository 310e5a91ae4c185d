// Solidity ABI function selectors for Parity's ACL and key-server-set contracts (PARITY.md §2.4):
// the first four bytes of keccak256 of the canonical signature.
import { keccak_256 } from '@noble/hashes/sha3.js';

/** Parity's ACL check: `checkPermissions(address,bytes32)`. */
export const CHECK_PERMISSIONS_SIGNATURE = 'checkPermissions(address,bytes32)';

/** The 4-byte ABI selector of a Solidity function signature such as `checkPermissions(address,bytes32)`. */
export function functionSelector(signature: string): Uint8Array {
  return keccak_256(new TextEncoder().encode(signature)).slice(0, 4);
}
