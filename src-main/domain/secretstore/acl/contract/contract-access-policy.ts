// The contract ACL backend (DESIGN §4) behind the AccessPolicy interface: before every retrieval a
// node asks the permissioning contract `checkPermissions(requester, document)` at the latest block,
// as Parity's key servers did (PARITY.md §1, §12.8: nodes on different heads may briefly disagree).
//
// Fail closed: when the chain cannot be reached, answers too slowly (5 s per call by default) or is
// not the chain the profile names, `mayRetrieve` REJECTS with a SealdropError of code
// 'node-unreachable' whose message starts with "chain unreachable:". It never resolves to "allowed"
// on an error. The node maps the rejection to a refusal (403) and writes the message to its audit log,
// so the client can count the nodes that refused for that reason. Other failures (no contract at the
// address: 'profile-invalid') reject as they are, and are refused the same way.
//
// The author check: the contract's owner is whoever registered the document first. Someone who learns
// a document id before its author registers it (a key server operator, or a mempool watcher) could
// register it and grant themselves access; with Sealdrop's contract the node therefore also requires
// `registrantOf(document)` to be the key's author, and refuses everyone otherwise. A Parity-style
// contract without `registrantOf` is decided by `checkPermissions` alone.
import type { JsonRpcProvider, Provider } from 'ethers';
import { SealdropError, isSealdropError } from '../../../../../src-shared/errors.ts';
import type { AccessPolicy, RetrievalDecision } from '../access-policy.ts';
import { CHAIN_CALL_TIMEOUT_MS, chainProvider } from './chain-connection.ts';
import { chainAddress } from './chain-values.ts';
import { revertData } from './permissions-errors.ts';
import { permissionsContract, type PermissionsContract } from './permissions-contract.ts';

/** The contract entry of a network profile (`acl: { type: "contract", rpcUrl, address, chainId }`). */
export type ContractAcl = { rpcUrl: string; /** 20 bytes or 0x-hex. */ address: Uint8Array | string; chainId: number };

/** Options: a per-call time limit, or a provider to use instead of one made from the profile entry. */
export type ContractAccessPolicyOptions = { timeoutMs?: number; provider?: Provider };

/** Most registrants remembered per policy (they never change once set, so caching them is safe). */
const MAX_CACHED_REGISTRANTS = 10_000;

/** `registrantOf` answers: an address, null (not registered), or 'unsupported' (a Parity-style contract). */
type Registrant = string | null | 'unsupported';

/** True when a call failed because the contract has no such function (empty revert or empty answer). */
function lacksFunction(error: unknown): boolean {
  const cause = error instanceof Error ? error.cause : undefined;
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (code === 'BAD_DATA') return (cause as { value?: unknown }).value === '0x';
  return code === 'CALL_EXCEPTION' && revertData(cause) === null;
}

/** Decides retrievals from a permissioning contract on an EVM chain; fails closed when the chain is unreachable. */
export class ContractAccessPolicy implements AccessPolicy {
  readonly #contract: PermissionsContract;
  readonly #ownedProvider: JsonRpcProvider | null;
  readonly #place: string;
  readonly #registrants = new Map<string, string>();

  /** `acl` is the profile's contract entry; the policy makes its own provider unless one is passed. */
  constructor(acl: ContractAcl, options: ContractAccessPolicyOptions = {}) {
    const timeoutMs = options.timeoutMs ?? CHAIN_CALL_TIMEOUT_MS;
    let provider: Provider;
    if (options.provider === undefined) {
      const owned = chainProvider(acl.rpcUrl, acl.chainId, { timeoutMs });
      this.#ownedProvider = owned;
      provider = owned;
    } else {
      this.#ownedProvider = null;
      provider = options.provider;
    }
    this.#contract = permissionsContract(acl.address, provider, { chainId: acl.chainId, rpcUrl: acl.rpcUrl, timeoutMs });
    this.#place = `on chain ${acl.chainId} (contract ${this.#contract.address})`;
  }

  /**
   * Allowed when the contract grants `requester` access at the latest block (and, with Sealdrop's
   * contract, the document was registered by `author`). Rejects with 'node-unreachable'
   * ("chain unreachable: …") when the chain does not answer: the caller must refuse.
   */
  async mayRetrieve(requester: Uint8Array, documentId: Uint8Array, author: Uint8Array): Promise<RetrievalDecision> {
    const authorAddress = chainAddress(author, 'author address');
    let granted: boolean;
    let registrant: Registrant;
    try {
      [granted, registrant] = await Promise.all([this.#contract.checkPermissions(requester, documentId, { blockTag: 'latest' }), this.#registrant(documentId)]);
    } catch (error) {
      if (isSealdropError(error, 'node-unreachable')) {
        throw new SealdropError('node-unreachable', `chain unreachable: ${error.message}`, { ...error.details }, { cause: error });
      }
      throw error;
    }
    if (registrant === null) return { allowed: false, reason: `not registered ${this.#place}` };
    if (registrant !== 'unsupported' && registrant !== authorAddress) {
      return { allowed: false, reason: `registered ${this.#place} by ${registrant}, not by the key's author ${authorAddress}; nobody may open it through this registration` };
    }
    return granted ? { allowed: true, reason: `granted ${this.#place}` } : { allowed: false, reason: `not granted ${this.#place}` };
  }

  /** Releases the provider the policy made (nothing when one was passed in). */
  close(): void {
    this.#ownedProvider?.destroy();
  }

  /** Who registered the document, from the cache when known (it never changes once set). */
  async #registrant(documentId: Uint8Array): Promise<Registrant> {
    const key = Buffer.from(documentId).toString('hex');
    const cached = this.#registrants.get(key);
    if (cached !== undefined) return cached;
    let registrant: string | null;
    try {
      registrant = await this.#contract.registrantOf(documentId, { blockTag: 'latest' });
    } catch (error) {
      // Our contract never reverts here. A revert without data or an empty answer is what a
      // contract without registrantOf gives (Parity-style): decided by checkPermissions alone, which
      // must still succeed in the same round. Anything else (an unreachable chain, a JSON-RPC error)
      // propagates and the retrieval is refused. Not cached: it is checked on every retrieval.
      if (lacksFunction(error)) return 'unsupported';
      throw error;
    }
    if (registrant === null) return null;
    if (this.#registrants.size >= MAX_CACHED_REGISTRANTS) this.#registrants.delete(this.#registrants.keys().next().value as string);
    this.#registrants.set(key, registrant);
    return registrant;
  }
}
