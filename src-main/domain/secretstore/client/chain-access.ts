// Who may open a document, on a network whose access list is a permissioning contract (DESIGN §4,
// issue 4): the owner registers the document, grants and revokes on chain with their identity's
// key, and every node reads the contract at the latest block. A change is in effect for every node
// as soon as its transaction is mined; nothing is pushed to nodes and the file is never touched.
import { Wallet } from 'ethers';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { chainProvider, checkChainId } from '../acl/contract/chain-connection.ts';
import type { ExpiryInput } from '../acl/contract/chain-values.ts';
import { deployPermissions, permissionsContract, type PermissionsContract } from '../acl/contract/permissions-contract.ts';
import type { CurrentGrant } from '../acl/contract/permissions-events.ts';
import type { AclBackend } from '../network/profile.ts';

/** The contract backend of a profile. */
export type ContractBackend = Extract<AclBackend, { type: 'contract' }>;

/** The contract of `backend`, signing with the 32-byte identity secret (or read-only without one); `close` when done. */
export async function chainPermissions(backend: ContractBackend, secret: Uint8Array | null): Promise<{ contract: PermissionsContract; close: () => void }> {
  const provider = chainProvider(backend.rpcUrl, backend.chainId);
  try {
    await checkChainId(provider, backend.chainId, { rpcUrl: backend.rpcUrl });
  } catch (error) {
    provider.destroy();
    throw error;
  }
  const runner = secret === null ? provider : new Wallet(`0x${Buffer.from(secret).toString('hex')}`, provider);
  return {
    contract: permissionsContract(backend.address, runner, { chainId: backend.chainId, rpcUrl: backend.rpcUrl }),
    close: () => provider.destroy(),
  };
}

/** The outcome of an access change on chain. */
export type ChainChange = { transactions: string[]; blocks: number[] };

/** Registers a new document (its author becomes owner) and grants the given readers. */
export async function registerOnChain(contract: PermissionsContract, documentId: Uint8Array, readers: readonly Uint8Array[], expiresAt?: ExpiryInput): Promise<ChainChange> {
  const receipts = [await contract.register(documentId)];
  for (const reader of readers) receipts.push(await contract.grant(documentId, reader, expiresAt));
  return { transactions: receipts.map((r) => r.hash), blocks: receipts.map((r) => r.blockNumber) };
}

/** Grants (or, with `kind` 'revoke', withdraws) each address; refused on chain unless the signer owns the document. */
export async function changeOnChain(contract: PermissionsContract, kind: 'grant' | 'revoke', documentId: Uint8Array, users: readonly Uint8Array[], expiresAt?: ExpiryInput): Promise<ChainChange> {
  if (users.length === 0) throw new SealdropError('bad-argument', 'Name at least one address.');
  const receipts = [];
  for (const user of users) receipts.push(kind === 'grant' ? await contract.grant(documentId, user, expiresAt) : await contract.revoke(documentId, user));
  return { transactions: receipts.map((r) => r.hash), blocks: receipts.map((r) => r.blockNumber) };
}

/** The owner and current grants of a document as the chain says at the latest block. */
export async function readChainAccess(contract: PermissionsContract, documentId: Uint8Array): Promise<{ owner: string | null; grants: CurrentGrant[] }> {
  const [owner, grants] = await Promise.all([contract.ownerOf(documentId), contract.listGrants(documentId)]);
  return { owner, grants };
}

/** Deploys the permissions contract with the identity's key; returns the profile's `acl` entry. */
export async function deployForProfile(rpcUrl: string, secret: Uint8Array): Promise<ContractBackend> {
  // Ask the endpoint which chain it is (the profile records it, and nodes check it on every start).
  const probe = chainProvider(rpcUrl, 1);
  let chainId: number;
  try {
    chainId = Number(BigInt(String(await probe.send('eth_chainId', []))));
  } catch (cause) {
    throw new SealdropError('node-unreachable', `The chain at ${rpcUrl} cannot be reached.`, {}, { cause });
  } finally {
    probe.destroy();
  }
  const provider = chainProvider(rpcUrl, chainId);
  try {
    const address = await deployPermissions(new Wallet(`0x${Buffer.from(secret).toString('hex')}`, provider), { chainId, rpcUrl });
    return { type: 'contract', rpcUrl, address: Uint8Array.from(Buffer.from(address.slice(2), 'hex')), chainId };
  } finally {
    provider.destroy();
  }
}
