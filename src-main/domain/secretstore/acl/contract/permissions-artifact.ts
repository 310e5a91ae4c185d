// The compiled SealdropPermissions contract (contracts/SealdropPermissions.sol), read from the artifact
// checked in under assets/ (written by scripts/compile-contract.ts; a unit test proves it matches the
// source). Nodes and clients take the ABI from here; `sealdrop contract deploy` takes the bytecode.
import { Interface } from 'ethers';
import artifact from '../../../../../assets/SealdropPermissions.json' with { type: 'json' };

/** The contract's ABI (functions, events, custom errors). */
export const PERMISSIONS_ABI = artifact.abi;

/** Creation bytecode (0x-hex) for deploying the contract. */
export const PERMISSIONS_BYTECODE: string = artifact.bytecode;

/** The solc version that produced the bytecode, for `sealdrop contract deploy` to print. */
export const PERMISSIONS_COMPILER: string = artifact.compiler.version;

/** An ethers Interface over the ABI: encodes calls, decodes results, events and custom errors. */
export const PERMISSIONS_INTERFACE: Interface = new Interface(PERMISSIONS_ABI);
