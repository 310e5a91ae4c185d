// Turns what ethers throws at a permissioning-contract call into a SealdropError a person can act on:
// the contract's custom errors (NotOwner, AlreadyRegistered, NotRegistered, ZeroAddress), an
// unreachable chain, an address without the contract, an account without ether.
import { SealdropError, isSealdropError } from '../../../../../src-shared/errors.ts';
import { chainUnreachableError } from './chain-connection.ts';
import { PERMISSIONS_INTERFACE } from './permissions-artifact.ts';

/** What a message needs to say where things went wrong. */
export type CallContext = {
  rpcUrl: string;
  chainId: number | null;
  /** The contract address (checksummed). */
  contract: string;
  /** The sender of a transaction, when there is one. */
  caller: string | null;
  /** Looks up the document's current owner (only used to explain a NotOwner revert). */
  ownerOf: (document: string) => Promise<string>;
};

/** Where, for messages: "on chain 31337 (contract 0x…)". */
export function chainPlace(context: Pick<CallContext, 'chainId' | 'contract'>): string {
  return context.chainId === null ? `(contract ${context.contract})` : `on chain ${context.chainId} (contract ${context.contract})`;
}

function isRevertHex(value: unknown): value is string {
  return typeof value === 'string' && /^0x[0-9a-fA-F]{8}/.test(value);
}

/** The revert data (selector + arguments) carried somewhere in an ethers or JSON-RPC error, if any. */
export function revertData(error: unknown): string | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === null || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const data = (current as { data?: unknown }).data;
    if (isRevertHex(data)) return data;
    // Providers nest the JSON-RPC error differently: error.info.error.data, error.error.data, data.data.
    for (const key of ['data', 'info', 'error', 'cause']) queue.push((current as Record<string, unknown>)[key]);
  }
  return null;
}

function codeOf(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/** Explains one of the contract's custom errors; null when `data` is not one of them. */
async function customError(data: string, context: CallContext, cause: unknown): Promise<SealdropError | null> {
  let parsed;
  try {
    parsed = PERMISSIONS_INTERFACE.parseError(data);
  } catch {
    // Not an error this contract declares: the caller reports it as an unknown refusal.
    return null;
  }
  if (parsed === null) return null;
  const place = chainPlace(context);
  switch (parsed.name) {
    case 'NotOwner': {
      const [document, caller] = parsed.args as unknown as [string, string];
      const owner = await context.ownerOf(document).catch(() => null);
      const ownerText = owner === null ? '' : ` (${owner})`;
      return new SealdropError('access-denied', `only the document's owner${ownerText} can change who may open it; you are ${caller}`, { document, caller, ...(owner === null ? {} : { owner }) }, { cause });
    }
    case 'AlreadyRegistered': {
      const [document] = parsed.args as unknown as [string];
      const owner = await context.ownerOf(document).catch(() => null);
      if (owner !== null && context.caller !== null && owner === context.caller) {
        return new SealdropError('bad-argument', `document ${document} is already registered ${place}, by you`, { document, owner }, { cause });
      }
      const ownerText = owner === null ? '' : ` by ${owner}, who owns it`;
      const you = context.caller === null ? '' : `; you are ${context.caller}`;
      return new SealdropError('access-denied', `document ${document} is already registered ${place}${ownerText}${you}`, { document, ...(owner === null ? {} : { owner }) }, { cause });
    }
    case 'NotRegistered': {
      const [document] = parsed.args as unknown as [string];
      return new SealdropError('bad-argument', `document ${document} is not registered ${place}; its author registers it first`, { document }, { cause });
    }
    case 'ZeroAddress':
      return new SealdropError('bad-argument', 'the zero address cannot own a document or be granted access', {}, { cause });
    default:
      return null;
  }
}

/** The SealdropError for a failed call or transaction on the permissioning contract. */
export async function permissionsError(error: unknown, context: CallContext): Promise<SealdropError> {
  if (isSealdropError(error)) return error;
  const unreachable = chainUnreachableError(error, context.rpcUrl);
  if (unreachable !== null) return unreachable;
  const place = chainPlace(context);
  const data = revertData(error);
  if (data !== null) {
    const known = await customError(data, context, error);
    if (known !== null) return known;
  }
  const code = codeOf(error);
  if (code === 'BAD_DATA') {
    // The call returned nothing decodable: no contract (or another contract) at that address.
    return new SealdropError('profile-invalid', `there is no Sealdrop permissions contract at ${context.contract} on the chain at ${context.rpcUrl}`, { contract: context.contract }, { cause: error });
  }
  if (code === 'INSUFFICIENT_FUNDS') {
    const who = context.caller ?? 'the signing account';
    return new SealdropError('bad-argument', `${who} has too little ether ${place} to pay for the transaction`, {}, { cause: error });
  }
  const short = (error as { shortMessage?: unknown } | null)?.shortMessage;
  const text = typeof short === 'string' ? short : error instanceof Error ? error.message.split('\n')[0] : String(error);
  if (code === 'CALL_EXCEPTION') {
    return new SealdropError('internal', `the permissions contract ${place} refused the call (${text})`, {}, { cause: error });
  }
  return new SealdropError('internal', `the call to the permissions contract ${place} failed (${text})`, {}, { cause: error });
}
