// Talking to an EVM chain over JSON-RPC with ethers 6, the way the permissioning contract needs it:
// a provider that fails fast instead of retrying forever, a time limit on every call, a check that
// the chain is the one the network profile names, and one plain error for "cannot reach the chain".
import { FetchRequest, JsonRpcProvider, Network, type Provider } from 'ethers';
import { SealdropError, isSealdropError } from '../../../../../src-shared/errors.ts';

/** Default time limit for one call to the chain (a node answering a retrieval must not hang). */
export const CHAIN_CALL_TIMEOUT_MS = 5000;

/** How often a provider made here polls for new blocks while waiting for a transaction. */
const POLLING_INTERVAL_MS = 1000;

/**
 * A JSON-RPC provider for the chain at `rpcUrl` with id `chainId`. Unlike ethers' defaults it
 * - never auto-detects the network (which, on an unreachable chain, retries in the background forever),
 * - sends each request at once (no 10 ms batching delay on every ACL check),
 * - caches nothing (ethers otherwise reuses an identical call's answer for 250 ms: a stale
 *   checkPermissions right after a revoke, or a stale nonce that makes the next transaction fail),
 * - gives up on a request after `timeoutMs`.
 * The caller owns it: `provider.destroy()` when done.
 */
export function chainProvider(rpcUrl: string, chainId: number, options: { timeoutMs?: number } = {}): JsonRpcProvider {
  const request = new FetchRequest(rpcUrl);
  request.timeout = options.timeoutMs ?? CHAIN_CALL_TIMEOUT_MS;
  const provider = new JsonRpcProvider(request, Network.from(chainId), { staticNetwork: true, batchMaxCount: 1, cacheTimeout: -1 });
  provider.pollingInterval = POLLING_INTERVAL_MS;
  return provider;
}

/** The URL a provider talks to, for messages ("the chain at <url> …"); a placeholder when unknown. */
export function providerUrl(provider: Provider | null): string {
  if (provider instanceof JsonRpcProvider) return provider._getConnection().url;
  return 'the configured RPC endpoint';
}

// ethers' codes (and Node's socket codes) that mean the chain did not answer, as opposed to the
// chain answering "no".
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'TIMEOUT', 'NETWORK_ERROR', 'SERVER_ERROR',
]);

/** A short description of why the chain did not answer, taken from the error's code or message. */
function unreachableReason(error: unknown): string | null {
  for (let current: unknown = error, depth = 0; current !== null && typeof current === 'object' && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) {
      const message = (current as { shortMessage?: unknown; message?: unknown }).shortMessage ?? (current as { message?: unknown }).message;
      if (code === 'TIMEOUT') return 'no answer in time';
      return typeof message === 'string' && message !== '' ? message.split('\n')[0]!.slice(0, 200) : code;
    }
    current = (current as { cause?: unknown; error?: unknown }).cause ?? (current as { error?: unknown }).error;
  }
  return null;
}

/** True when `error` says the chain could not be reached (refused, reset, timed out, HTTP failure). */
export function isChainUnreachableError(error: unknown): boolean {
  return isSealdropError(error, 'node-unreachable') || unreachableReason(error) !== null;
}

/** The 'node-unreachable' error for `error` if it means the chain did not answer; null otherwise. */
export function chainUnreachableError(error: unknown, rpcUrl: string): SealdropError | null {
  if (isSealdropError(error, 'node-unreachable')) return error;
  const reason = unreachableReason(error);
  if (reason === null) return null;
  return new SealdropError('node-unreachable', `the chain at ${rpcUrl} cannot be reached (${reason})`, { rpcUrl }, { cause: error });
}

/** Resolves like `promise`, or rejects with a 'node-unreachable' error once `timeoutMs` has passed. */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, rpcUrl: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new SealdropError('node-unreachable', `the chain at ${rpcUrl} cannot be reached (no answer within ${timeoutMs} ms)`, { rpcUrl, timeoutMs })),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** The chain id the provider's endpoint reports right now (eth_chainId, never a cached value). */
async function currentChainId(provider: Provider): Promise<number> {
  if (provider instanceof JsonRpcProvider) return Number(await provider.send('eth_chainId', []));
  return Number((await provider.getNetwork()).chainId);
}

/**
 * Throws 'node-unreachable' unless the endpoint answers and is chain `expectedChainId`: a node
 * pointed at the wrong chain would read someone else's permissions, so it counts as no chain at all.
 */
export async function checkChainId(provider: Provider, expectedChainId: number, options: { rpcUrl?: string; timeoutMs?: number } = {}): Promise<void> {
  const rpcUrl = options.rpcUrl ?? providerUrl(provider);
  let actual: number;
  try {
    actual = await withTimeout(currentChainId(provider), options.timeoutMs ?? CHAIN_CALL_TIMEOUT_MS, rpcUrl);
  } catch (error) {
    throw chainUnreachableError(error, rpcUrl) ?? new SealdropError('node-unreachable', `the chain at ${rpcUrl} cannot be reached (eth_chainId failed: ${String(error)})`, { rpcUrl }, { cause: error });
  }
  if (actual !== expectedChainId) {
    throw new SealdropError(
      'node-unreachable',
      `the chain at ${rpcUrl} cannot be reached (it is chain ${actual}, but the network profile names chain ${expectedChainId})`,
      { rpcUrl, chainId: actual, expectedChainId },
    );
  }
}
