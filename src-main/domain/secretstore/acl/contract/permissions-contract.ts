// A typed wrapper over ethers 6 for the SealdropPermissions contract (contracts/SealdropPermissions.sol),
// used by key server nodes (reads) and clients (transactions, lists, history). No module state: the
// provider or signer is passed in. Make providers with `chainProvider` (chain-connection.ts): ethers'
// defaults cache answers for 250 ms and retry network detection forever, both wrong here.
//
// Every failure is a SealdropError: the contract's reverts in plain words ('access-denied' for a
// caller who does not own the document), 'node-unreachable' when the chain does not answer in time or
// is not the chain the profile names, 'profile-invalid' when the address holds no such contract.
import type { BlockTag, ContractRunner, Provider, Signer, TransactionReceipt, TransactionRequest } from 'ethers';
import { SealdropError } from '../../../../../src-shared/errors.ts';
import { CHAIN_CALL_TIMEOUT_MS, checkChainId, providerUrl, withTimeout } from './chain-connection.ts';
import { chainAddress, documentHex, expiryFromChain, expiryValue, isZeroAddress, type AddressInput, type DocumentInput, type ExpiryInput } from './chain-values.ts';
import { PERMISSIONS_BYTECODE, PERMISSIONS_INTERFACE } from './permissions-artifact.ts';
import { permissionsError, type CallContext } from './permissions-errors.ts';
import { readDocumentHistory, readGrants, type CurrentGrant, type PermissionEvent } from './permissions-events.ts';

export type { CurrentGrant, PermissionEvent } from './permissions-events.ts';

/** How long to wait for a transaction to be mined by default (proof-of-authority chains seal every few seconds). */
export const CONFIRM_TIMEOUT_MS = 120_000;
/** Sending a transaction takes a handful of requests (nonce, gas estimate, fees, broadcast): that many read time limits. */
const SEND_STEPS = 4;
/** Least time allowed for reading a document's events (a log query scans many blocks). */
const LOG_READ_TIMEOUT_MS = 30_000;

/** Options shared by the wrapper's calls. */
export type PermissionsOptions = {
  /** The chain id the network profile names: checked against eth_chainId before the first call. */
  chainId?: number;
  /** The endpoint, for messages; defaults to the provider's URL. */
  rpcUrl?: string;
  /** Time limit for each read (default 5 s). */
  timeoutMs?: number;
  /** Time limit for a sent transaction to be mined (default 120 s). */
  confirmTimeoutMs?: number;
};

/** Which block a read looks at (default 'latest', the rule nodes follow: DESIGN §4). */
export type ReadOptions = { blockTag?: BlockTag };

/** A user's grant as the contract records it (an expired grant is still `granted`). */
export type GrantState = { granted: boolean; /** Unix seconds; null = never expires. */ expiresAt: number | null };

/** Typed calls on one deployed SealdropPermissions contract. */
export interface PermissionsContract {
  /** The contract address (checksummed). */
  readonly address: string;
  /** Parity's check: may `user` retrieve `document` at that block? (owner, or an unexpired grant) */
  checkPermissions(user: AddressInput, document: DocumentInput, options?: ReadOptions): Promise<boolean>;
  /** The document's current owner, or null when it is not registered. */
  ownerOf(document: DocumentInput, options?: ReadOptions): Promise<string | null>;
  /** Who registered the document (never changes), or null when it is not registered. */
  registrantOf(document: DocumentInput, options?: ReadOptions): Promise<string | null>;
  /** The grant recorded for `user`, expired or not. */
  accessOf(document: DocumentInput, user: AddressInput, options?: ReadOptions): Promise<GrantState>;
  /** Registers the document with the signer as owner (the key's author does this first). */
  register(document: DocumentInput): Promise<TransactionReceipt>;
  /** Lets `user` open the document until `expiresAt` (unix seconds or Date; omitted = never), replacing an earlier grant. */
  grant(document: DocumentInput, user: AddressInput, expiresAt?: ExpiryInput): Promise<TransactionReceipt>;
  /** Withdraws `user`'s grant (no-op on chain when there is none). */
  revoke(document: DocumentInput, user: AddressInput): Promise<TransactionReceipt>;
  /** Hands the document to `newOwner`; the signer loses the owner's rights. */
  transferOwnership(document: DocumentInput, newOwner: AddressInput): Promise<TransactionReceipt>;
  /** The current grants, rebuilt from AccessGranted/AccessRevoked events in block order. */
  listGrants(document: DocumentInput, options?: { fromBlock?: number }): Promise<CurrentGrant[]>;
  /** Every change to the document's permissions, oldest first, with block times (an audit view). */
  documentHistory(document: DocumentInput, options?: { fromBlock?: number }): Promise<PermissionEvent[]>;
}

function providerOf(runner: ContractRunner): Provider {
  if (runner.provider === null) throw new SealdropError('bad-argument', 'The permissions contract needs a signer or provider connected to a chain.');
  return runner.provider;
}

function signerOf(runner: ContractRunner): Signer {
  const candidate = runner as Partial<Signer>;
  if (typeof candidate.sendTransaction !== 'function' || typeof candidate.getAddress !== 'function') {
    throw new SealdropError('bad-argument', 'Changing permissions needs a signer (an identity with a key), not a read-only provider.');
  }
  return runner as Signer;
}

/** "300 ms", "120 s". */
function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

/**
 * Sends a transaction and waits for one confirmation. Sending (nonce, gas estimate, fees, broadcast)
 * gets a few read time limits; a transaction that was sent but is not mined within
 * `confirmTimeoutMs` is a 'timeout' that names it, since it may still be mined later.
 */
async function sendAndConfirm(signer: Signer, request: TransactionRequest, limits: { timeoutMs: number; confirmTimeoutMs: number }, rpcUrl: string): Promise<TransactionReceipt> {
  const response = await withTimeout(signer.sendTransaction(request), limits.timeoutMs * SEND_STEPS, rpcUrl);
  let receipt: TransactionReceipt | null;
  try {
    receipt = await response.wait(1, limits.confirmTimeoutMs);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'TIMEOUT') throw error;
    throw new SealdropError('timeout', `transaction ${response.hash} was sent but not mined within ${duration(limits.confirmTimeoutMs)}; it may still be mined later`, { transaction: response.hash }, { cause: error });
  }
  if (receipt === null) throw new SealdropError('internal', `transaction ${response.hash} was not mined`);
  return receipt;
}

/** The wrapper for the contract at `address`, reading through `runner`'s provider and signing with `runner` when it is a signer. */
export function permissionsContract(address: AddressInput, runner: ContractRunner, options: PermissionsOptions = {}): PermissionsContract {
  const contract = chainAddress(address, 'contract address');
  const provider = providerOf(runner);
  const rpcUrl = options.rpcUrl ?? providerUrl(provider);
  const timeoutMs = options.timeoutMs ?? CHAIN_CALL_TIMEOUT_MS;
  const confirmTimeoutMs = options.confirmTimeoutMs ?? CONFIRM_TIMEOUT_MS;
  const logTimeoutMs = Math.max(timeoutMs, LOG_READ_TIMEOUT_MS);
  // The chain id check runs once; a failed check is retried on the next call.
  let chainChecked: Promise<void> | null = null;
  const ensureChain = (): Promise<void> => {
    if (options.chainId === undefined) return Promise.resolve();
    chainChecked ??= checkChainId(provider, options.chainId, { rpcUrl, timeoutMs }).catch((error: unknown) => {
      chainChecked = null;
      throw error;
    });
    return chainChecked;
  };

  const read = async (name: string, args: unknown[], blockTag: BlockTag = 'latest'): Promise<unknown[]> => {
    const data = PERMISSIONS_INTERFACE.encodeFunctionData(name, args);
    const result = await withTimeout(provider.call({ to: contract, data, blockTag }), timeoutMs, rpcUrl);
    return [...PERMISSIONS_INTERFACE.decodeFunctionResult(name, result)];
  };
  const ownerLookup = async (document: string): Promise<string> => String((await read('ownerOf', [document]))[0]);
  const context = (caller: string | null): CallContext => ({ rpcUrl, chainId: options.chainId ?? null, contract, caller, ownerOf: ownerLookup });

  /** Runs a read, turning any failure into a SealdropError. */
  const guardedRead = async <T>(body: () => Promise<T>): Promise<T> => {
    try {
      await ensureChain();
      return await body();
    } catch (error) {
      throw await permissionsError(error, context(null));
    }
  };

  /** Sends one contract transaction from the runner (a signer) and returns its receipt. */
  const transact = async (name: string, args: unknown[]): Promise<TransactionReceipt> => {
    const signer = signerOf(runner);
    let caller: string | null = null;
    try {
      await ensureChain();
      caller = chainAddress(await withTimeout(signer.getAddress(), timeoutMs, rpcUrl), 'signer address');
      const data = PERMISSIONS_INTERFACE.encodeFunctionData(name, args);
      return await sendAndConfirm(signer, { to: contract, data }, { timeoutMs, confirmTimeoutMs }, rpcUrl);
    } catch (error) {
      throw await permissionsError(error, context(caller));
    }
  };

  const orNull = (value: unknown): string | null => {
    const text = chainAddress(String(value));
    return isZeroAddress(text) ? null : text;
  };

  return {
    address: contract,
    checkPermissions: async (user, document, readOptions = {}) => {
      const args = [chainAddress(user, 'user address'), documentHex(document)];
      return guardedRead(async () => (await read('checkPermissions', args, readOptions.blockTag))[0] === true);
    },
    ownerOf: async (document, readOptions = {}) => {
      const args = [documentHex(document)];
      return guardedRead(async () => orNull((await read('ownerOf', args, readOptions.blockTag))[0]));
    },
    registrantOf: async (document, readOptions = {}) => {
      const args = [documentHex(document)];
      return guardedRead(async () => orNull((await read('registrantOf', args, readOptions.blockTag))[0]));
    },
    accessOf: async (document, user, readOptions = {}) => {
      const args = [documentHex(document), chainAddress(user, 'user address')];
      return guardedRead(async () => {
        const [granted, expiresAt] = await read('accessOf', args, readOptions.blockTag);
        return { granted: granted === true, expiresAt: expiryFromChain(BigInt(expiresAt as bigint)) };
      });
    },
    register: async (document) => transact('register', [documentHex(document)]),
    grant: async (document, user, expiresAt) => transact('grant', [documentHex(document), chainAddress(user, 'user address'), expiryValue(expiresAt)]),
    revoke: async (document, user) => transact('revoke', [documentHex(document), chainAddress(user, 'user address')]),
    transferOwnership: async (document, newOwner) => transact('transferOwnership', [documentHex(document), chainAddress(newOwner, 'new owner address')]),
    listGrants: async (document, listOptions = {}) => {
      const id = documentHex(document);
      return guardedRead(() => withTimeout(readGrants(provider, contract, id, listOptions.fromBlock ?? 0), logTimeoutMs, rpcUrl));
    },
    documentHistory: async (document, listOptions = {}) => {
      const id = documentHex(document);
      return guardedRead(() => withTimeout(readDocumentHistory(provider, contract, id, listOptions.fromBlock ?? 0), logTimeoutMs, rpcUrl));
    },
  };
}

/** Deploys a new SealdropPermissions contract from `signer` and returns its address (checksummed). */
export async function deployPermissions(signer: Signer, options: PermissionsOptions = {}): Promise<string> {
  const provider = providerOf(signer);
  const rpcUrl = options.rpcUrl ?? providerUrl(provider);
  const timeoutMs = options.timeoutMs ?? CHAIN_CALL_TIMEOUT_MS;
  let caller: string | null = null;
  const context = (): CallContext => ({
    rpcUrl,
    chainId: options.chainId ?? null,
    contract: '(new contract)',
    caller,
    ownerOf: () => Promise.reject(new Error('no contract yet')),
  });
  try {
    if (options.chainId !== undefined) await checkChainId(provider, options.chainId, { rpcUrl, timeoutMs });
    caller = chainAddress(await withTimeout(signer.getAddress(), timeoutMs, rpcUrl), 'signer address');
    const receipt = await sendAndConfirm(signer, { data: PERMISSIONS_BYTECODE }, { timeoutMs, confirmTimeoutMs: options.confirmTimeoutMs ?? CONFIRM_TIMEOUT_MS }, rpcUrl);
    if (receipt.contractAddress === null) throw new SealdropError('internal', `deployment transaction ${receipt.hash} created no contract`);
    return chainAddress(receipt.contractAddress, 'contract address');
  } catch (error) {
    throw await permissionsError(error, context());
  }
}
