// Lists and history of a document's permissions, rebuilt off chain from the contract's events: the
// contract keeps no lists (no loops, constant gas), so "who may open it" and "what changed when" are
// read from logs filtered by the indexed document id.
import type { Log, Provider } from 'ethers';
import { SealdropError } from '../../../../../src-shared/errors.ts';
import { expiryFromChain } from './chain-values.ts';
import { PERMISSIONS_INTERFACE } from './permissions-artifact.ts';

/** Where an event sits on chain. */
export type ChainPlace = { blockNumber: number; transactionHash: string; logIndex: number };

/** One current grant: who, until when, and whether that time has passed at the latest block. */
export type CurrentGrant = {
  /** Checksummed address. */
  user: string;
  /** Unix seconds; null = never expires. */
  expiresAt: number | null;
  /** True when the grant no longer holds at the latest block (it stays listed until revoked). */
  expired: boolean;
  /** The grant event that set it. */
  grantedIn: ChainPlace;
};

/** One change to a document's permissions, for an audit view. */
export type PermissionEvent = ChainPlace & { /** Block time, unix seconds. */ timestamp: number } & (
    | { kind: 'registered'; owner: string }
    | { kind: 'granted'; user: string; expiresAt: number | null }
    | { kind: 'revoked'; user: string }
    | { kind: 'ownership-transferred'; previousOwner: string; newOwner: string }
  );

type EventName = 'DocumentRegistered' | 'AccessGranted' | 'AccessRevoked' | 'OwnershipTransferred';

function topicOf(name: EventName): string {
  const event = PERMISSIONS_INTERFACE.getEvent(name);
  if (event === null) throw new SealdropError('internal', `the permissions ABI has no ${name} event`);
  return event.topicHash;
}

/** The document's logs of the given events up to `toBlock`, in chain order. */
async function documentLogs(provider: Provider, contract: string, document: string, names: EventName[], fromBlock: number, toBlock: number): Promise<Log[]> {
  // Topic 1 is the indexed document id in every event of the contract.
  const logs = await provider.getLogs({ address: contract, topics: [names.map(topicOf), document], fromBlock, toBlock });
  return [...logs].sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
}

function placeOf(log: Log): ChainPlace {
  return { blockNumber: log.blockNumber, transactionHash: log.transactionHash, logIndex: log.index };
}

function parse(log: Log): { name: string; args: readonly unknown[] } {
  const parsed = PERMISSIONS_INTERFACE.parseLog({ topics: [...log.topics], data: log.data });
  if (parsed === null) throw new SealdropError('internal', `an unexpected event in block ${log.blockNumber} (${log.transactionHash})`);
  return { name: parsed.name, args: [...parsed.args] };
}

async function latestBlock(provider: Provider): Promise<{ number: number; timestamp: number }> {
  const block = await provider.getBlock('latest');
  if (block === null) throw new SealdropError('internal', 'the chain returned no latest block');
  return { number: block.number, timestamp: block.timestamp };
}

/** The current grants of `document`: AccessGranted/AccessRevoked replayed in block order up to the latest block. */
export async function readGrants(provider: Provider, contract: string, document: string, fromBlock: number): Promise<CurrentGrant[]> {
  const latest = await latestBlock(provider);
  const logs = await documentLogs(provider, contract, document, ['AccessGranted', 'AccessRevoked'], fromBlock, latest.number);
  const grants = new Map<string, CurrentGrant>();
  for (const log of logs) {
    const { name, args } = parse(log);
    const user = String(args[1]);
    if (name === 'AccessRevoked') {
      grants.delete(user);
      continue;
    }
    const expiresAt = expiryFromChain(BigInt(args[2] as bigint));
    // Same rule as checkPermissions: a grant holds while block.timestamp < expiresAt.
    grants.set(user, { user, expiresAt, expired: expiresAt !== null && latest.timestamp >= expiresAt, grantedIn: placeOf(log) });
  }
  return [...grants.values()];
}

/** Block timestamps for the given block numbers, a few requests at a time. */
async function blockTimes(provider: Provider, numbers: number[]): Promise<Map<number, number>> {
  const times = new Map<number, number>();
  const distinct = [...new Set(numbers)];
  for (let start = 0; start < distinct.length; start += 8) {
    const batch = distinct.slice(start, start + 8);
    const blocks = await Promise.all(batch.map((n) => provider.getBlock(n)));
    blocks.forEach((block, i) => {
      if (block === null) throw new SealdropError('internal', `the chain returned no block ${batch[i]}`);
      times.set(block.number, block.timestamp);
    });
  }
  return times;
}

function eventOf(log: Log, timestamp: number): PermissionEvent {
  const place = { ...placeOf(log), timestamp };
  const { name, args } = parse(log);
  switch (name) {
    case 'DocumentRegistered':
      return { ...place, kind: 'registered', owner: String(args[1]) };
    case 'AccessGranted':
      return { ...place, kind: 'granted', user: String(args[1]), expiresAt: expiryFromChain(BigInt(args[2] as bigint)) };
    case 'AccessRevoked':
      return { ...place, kind: 'revoked', user: String(args[1]) };
    case 'OwnershipTransferred':
      return { ...place, kind: 'ownership-transferred', previousOwner: String(args[1]), newOwner: String(args[2]) };
    default:
      throw new SealdropError('internal', `an unexpected ${name} event in block ${log.blockNumber}`);
  }
}

/** Every event of `document` (registration, grants, revocations, transfers), oldest first, with block times. */
export async function readDocumentHistory(provider: Provider, contract: string, document: string, fromBlock: number): Promise<PermissionEvent[]> {
  const latest = await latestBlock(provider);
  const logs = await documentLogs(provider, contract, document, ['DocumentRegistered', 'AccessGranted', 'AccessRevoked', 'OwnershipTransferred'], fromBlock, latest.number);
  const times = await blockTimes(provider, logs.map((log) => log.blockNumber));
  return logs.map((log) => eventOf(log, times.get(log.blockNumber) ?? 0));
}
