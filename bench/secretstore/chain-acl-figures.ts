// Measures the two access-control backends side by side on networks of the same size: one network
// whose nodes read the permissioning contract on a local Hardhat chain (issue 4) and one whose
// nodes keep the owner-signed list (pushed by the owner), both of real node processes
// (test/support/network.ts), both asked by the same client code. Samples alternate between the two
// networks so that other load on the machine hits both alike. Every retrieved key is compared with
// the stored one: a fast wrong answer must not count.
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Wallet } from 'ethers';
import { isSealdropError } from '../../src-shared/errors.ts';
import { identityKeyFromSecret, type IdentityKey } from '../../src-main/domain/identity/identity-key.ts';
import { chainProvider } from '../../src-main/domain/secretstore/acl/contract/chain-connection.ts';
import { deployPermissions } from '../../src-main/domain/secretstore/acl/contract/permissions-contract.ts';
import { chainPermissions, changeOnChain, registerOnChain, type ContractBackend } from '../../src-main/domain/secretstore/client/chain-access.ts';
import { createSecretStoreClient, type SecretStoreClient } from '../../src-main/domain/secretstore/client/secret-store-client.ts';
import { loadNetworkProfile, type NetworkProfile } from '../../src-main/domain/secretstore/network/profile.ts';
import type { TestChain } from '../../test/support/chain.ts';
import { startTestNetwork, type TestNetwork } from '../../test/support/network.ts';
import { cpuMeter, timed, type CpuSpent } from './samples.ts';

/** The two backends compared. */
export type AclKind = 'owner-signed' | 'contract';
export const ACL_KINDS: readonly AclKind[] = ['owner-signed', 'contract'];

/** How much to measure on each network size. */
export type AclPlan = {
  /** Sequential retrievals per backend (after warm-up), alternating between the two networks. */
  retrievals: number;
  /** Grant-then-revoke cycles per backend, each with a fresh reader. */
  changes: number;
  /** Documents (keys) per network the samples rotate over. */
  keys: number;
};

/** One grant or revoke: from the owner starting it until the reader's retrieval first did what it should. */
export type ChangeSample = {
  /** Owner's change to reader's first retrieval with the new outcome, in ms. */
  totalMs: number;
  /** The change alone: transaction sent and mined (contract), or signed and pushed to every node (owner-signed). */
  changeMs: number;
  /** Retrievals it took until the outcome changed (1 = the first one after the change). */
  attempts: number;
};

/** What one backend measured on one network (times in ms). */
export type AclFigures = {
  kind: AclKind;
  startSeconds: number;
  retrievalMs: number[];
  /**
   * CPU over all retrieval samples: this network's nodes, the other (idle) network's nodes, the chain,
   * this process (the client) and the rest of the machine (others).
   */
  retrievalCpu: CpuSpent & { idleNetworkMs: number; chainMs: number };
  grants: ChangeSample[];
  revokes: ChangeSample[];
  /** Other processes' CPU and wall time over all grant/revoke samples, for the load share. */
  changesOthersMs: number;
  changesWallMs: number;
};

/** Both backends on networks of n nodes with threshold t. */
export type PairFigures = { nodes: number; threshold: number; figures: Record<AclKind, AclFigures> };

type SealedKey = { documentId: Uint8Array; serverKey: Uint8Array; documentKey: Uint8Array };

/** One network under test and how its owner changes who may open a document. */
type Side = {
  kind: AclKind;
  startSeconds: number;
  /** The network's folder: its node processes' command lines name it. */
  dir: string;
  profile: NetworkProfile;
  owner: SecretStoreClient;
  keys: SealedKey[];
  /** Makes the owner's document known to the backend (register on chain; nothing for the owner-signed list). */
  register(documentId: Uint8Array): Promise<void>;
  change(kind: 'grant' | 'revoke', documentId: Uint8Array, reader: Uint8Array): Promise<void>;
};

// Generous: on 2 busy cores a retrieval must not be cut short by the client.
const CLIENT_TIMEOUT_MS = 30_000;
const WARM_UP_ATTEMPTS = 3;
const WARM_UP_RETRIEVALS = 3;
// A change that needs this many retrievals to show has not taken effect: the bench stops.
const MAX_ATTEMPTS = 50;
// The chain's process is `hardhat node … --config test/support/chain/hardhat.config.cjs`.
const CHAIN_TAG = 'hardhat.config.cjs';

function person(name: string): { key: IdentityKey; secret: Uint8Array } {
  const secret = Uint8Array.from(randomBytes(32));
  return { key: identityKeyFromSecret(name, secret, 'keychain'), secret };
}

function clientFor(profile: NetworkProfile, signer: IdentityKey): SecretStoreClient {
  return createSecretStoreClient({ profile, signer, timeoutMs: CLIENT_TIMEOUT_MS });
}

function checkKey(got: Uint8Array, key: SealedKey): void {
  if (!Buffer.from(got).equals(Buffer.from(key.documentKey))) {
    throw new Error('retrieveDocumentKey returned a different document key than the one stored: the bench stops, this is a bug');
  }
}

async function retrieve(client: SecretStoreClient, key: SealedKey, threshold: number): Promise<void> {
  const result = await client.retrieveDocumentKey(key.documentId, { serverKey: key.serverKey, threshold });
  checkKey(result.documentKey, key);
}

/** Retrieves until the outcome is `want` (opens, or refused with access-denied); returns how many retrievals it took. */
async function retrieveUntil(want: 'opens' | 'refused', client: SecretStoreClient, key: SealedKey, threshold: number): Promise<number> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    try {
      await retrieve(client, key, threshold);
      if (want === 'opens') return attempt;
    } catch (error) {
      // Why: a refusal is the outcome being waited for (revoke) or not yet changed (grant); anything else is a failure.
      if (!isSealdropError(error, 'access-denied')) throw error;
      if (want === 'refused') return attempt;
    }
  }
  throw new Error(`the reader's retrieval still ${want === 'opens' ? 'was refused' : 'opened'} after ${MAX_ATTEMPTS} tries: the change did not take effect`);
}

// Linux reports process CPU time in clock ticks (USER_HZ, 100 almost everywhere).
const TICKS_PER_SECOND = ((): number => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    // Why: getconf missing; 100 is the kernel's USER_HZ on every mainstream Linux.
    return 100;
  }
})();

/**
 * CPU milliseconds (user + system) used so far by this process's children, summed per tag: a child
 * counts for the first tag its command line contains (a network's folder, or the chain's config).
 * All NaN without /proc (not Linux).
 */
function childCpuByTag(tags: readonly string[]): number[] {
  const totals = tags.map(() => 0);
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    // Why: no /proc (not Linux): the breakdown is simply not available.
    return tags.map(() => NaN);
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    let commandLine: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      // Why: the process exited between listing and reading; it is not one of ours.
      continue;
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[1]) !== process.pid) continue;
    const index = tags.findIndex((tag) => commandLine.includes(tag));
    if (index >= 0) totals[index]! += ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  }
  return totals;
}

/** The first generation on a fresh network, retried (peers connect on demand); each retry is printed. */
async function warmUpGeneration(seal: () => Promise<SealedKey>, label: string): Promise<SealedKey> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await seal();
    } catch (error) {
      if (attempt >= WARM_UP_ATTEMPTS) throw error;
      console.log(`  ${label}: warm-up generation ${attempt} failed (${error instanceof Error ? error.message : String(error)}); retrying`);
      await sleep(1000);
    }
  }
}

/** Generates and stores `count` keys as the owner (plus one for warm-up, first), each registered with the backend. */
async function sealKeys(side: Side, threshold: number, count: number, label: string): Promise<SealedKey[]> {
  const seal = async (): Promise<SealedKey> => {
    const documentId = Uint8Array.from(randomBytes(32));
    const serverKey = await side.owner.generateServerKey(documentId, threshold);
    const documentKey = await side.owner.storeDocumentKey(documentId, serverKey);
    await side.register(documentId);
    return { documentId, serverKey, documentKey };
  };
  const keys = [await warmUpGeneration(seal, label)];
  for (let i = 0; i < count; i++) keys.push(await seal());
  return keys;
}

/** A deployed permissions contract on `chain`, and the backend entry profiles name. */
export async function deployContract(chain: TestChain): Promise<ContractBackend> {
  const deployer = new Wallet(chain.accounts[0]!.privateKey, chainProvider(chain.rpcUrl, chain.chainId));
  try {
    const address = await deployPermissions(deployer, { chainId: chain.chainId, rpcUrl: chain.rpcUrl });
    return { type: 'contract', rpcUrl: chain.rpcUrl, address: Uint8Array.from(Buffer.from(address.slice(2), 'hex')), chainId: chain.chainId };
  } finally {
    (deployer.provider as { destroy(): void }).destroy();
  }
}

/** One grant (fresh reader until it opens) or revoke (until refused) on `side`. */
async function changeSample(side: Side, kind: 'grant' | 'revoke', reader: SecretStoreClient, readerAddress: Uint8Array, key: SealedKey, threshold: number): Promise<ChangeSample> {
  const started = process.hrtime.bigint();
  await side.change(kind, key.documentId, readerAddress);
  const changeMs = Number(process.hrtime.bigint() - started) / 1e6;
  const attempts = await retrieveUntil(kind === 'grant' ? 'opens' : 'refused', reader, key, threshold);
  return { totalMs: Number(process.hrtime.bigint() - started) / 1e6, changeMs, attempts };
}

async function measure(sides: readonly Side[], threshold: number, plan: AclPlan): Promise<Record<AclKind, AclFigures>> {
  const figuresOf = new Map<AclKind, AclFigures>(
    sides.map((side) => [
      side.kind,
      {
        kind: side.kind,
        startSeconds: side.startSeconds,
        retrievalMs: [],
        retrievalCpu: { nodesMs: 0, clientMs: 0, othersMs: 0, idleNetworkMs: 0, chainMs: 0 },
        grants: [],
        revokes: [],
        changesOthersMs: 0,
        changesWallMs: 0,
      },
    ]),
  );
  const figures = (kind: AclKind): AclFigures => {
    const found = figuresOf.get(kind);
    if (found === undefined) throw new Error(`no ${kind} network was measured`);
    return found;
  };

  // (a) Latency: one reader granted on every key of both networks, retrieving in turns.
  const reader = person('latency-reader');
  const readers = new Map<AclKind, SecretStoreClient>();
  for (const side of sides) {
    for (const key of side.keys) await side.change('grant', key.documentId, reader.key.addressBytes);
    const client = clientFor(side.profile, reader.key);
    readers.set(side.kind, client);
    // Warm-up, not counted: connections, JIT, the nodes' first contract reads.
    for (let i = 0; i < WARM_UP_RETRIEVALS; i++) await retrieve(client, side.keys[i % side.keys.length]!, threshold);
  }
  for (let i = 0; i < plan.retrievals; i++) {
    // Alternate which network goes first, so neither always follows the other.
    const order = i % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) {
      const tags = [side.dir, ...sides.filter((other) => other !== side).map((other) => other.dir), CHAIN_TAG];
      // The per-network reading is taken outside cpuMeter's window, so its own /proc scan is not counted as load.
      const before = childCpuByTag(tags);
      const stopCpu = cpuMeter();
      const sample = await timed(() => retrieve(readers.get(side.kind)!, side.keys[i % side.keys.length]!, threshold));
      const spent = stopCpu();
      const after = childCpuByTag(tags);
      const [nodesMs = NaN, idleNetworkMs = NaN, chainMs = NaN] = after.map((ms, index) => ms - before[index]!);
      const target = figures(side.kind);
      target.retrievalMs.push(sample.ms);
      target.retrievalCpu.nodesMs += nodesMs;
      target.retrievalCpu.idleNetworkMs += idleNetworkMs;
      target.retrievalCpu.chainMs += chainMs;
      target.retrievalCpu.clientMs += spent.clientMs;
      target.retrievalCpu.othersMs += spent.othersMs;
    }
  }

  // (b) Time to effect: per cycle and backend a fresh reader, granted until it opens, revoked until refused.
  // One unmeasured cycle first (the first transaction, the first push of a longer list).
  for (let cycle = -1; cycle < plan.changes; cycle++) {
    const order = cycle % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) {
      const fresh = person(`reader-${cycle + 1}`);
      const client = clientFor(side.profile, fresh.key);
      const key = side.keys[(cycle + side.keys.length) % side.keys.length]!;
      const stopCpu = cpuMeter();
      const granted = await changeSample(side, 'grant', client, fresh.key.addressBytes, key, threshold);
      const revoked = await changeSample(side, 'revoke', client, fresh.key.addressBytes, key, threshold);
      const spent = stopCpu();
      if (cycle < 0) continue;
      const target = figures(side.kind);
      target.grants.push(granted);
      target.revokes.push(revoked);
      target.changesOthersMs += spent.othersMs;
      target.changesWallMs += granted.totalMs + revoked.totalMs;
    }
  }
  return { 'owner-signed': figures('owner-signed'), contract: figures('contract') };
}

/**
 * Starts an owner-signed network and a contract network of n nodes each (the contract already
 * deployed on `chain`), measures both, and always shuts them down. `track` is given each network as
 * it starts (then null once all are closed), so a signal handler can close them too.
 */
export async function measureAclPair(
  nodes: number,
  threshold: number,
  plan: AclPlan,
  chain: TestChain,
  backend: ContractBackend,
  track: (networks: Promise<TestNetwork>[] | null) => void,
): Promise<PairFigures> {
  const starting: Promise<TestNetwork>[] = [];
  track(starting);
  try {
    const owner = person('owner');
    await chain.fund(owner.key.address, 100);
    const sides: Side[] = [];
    for (const kind of ACL_KINDS) {
      // One after the other: two networks starting at once on 2 cores would slow each other's start.
      const start = timed(() => startTestNetwork({ nodes, threshold, ...(kind === 'contract' ? { acl: backend } : {}) }));
      starting.push(start.then((started) => started.value));
      const started = await start;
      const profile = await loadNetworkProfile(started.value.profilePath);
      const client = clientFor(profile, owner.key);
      const onChain = async (body: (contract: Awaited<ReturnType<typeof chainPermissions>>['contract']) => Promise<unknown>): Promise<void> => {
        // As `sealdrop grant|revoke` does: connect (and check the chain id), send, wait until mined, disconnect.
        const { contract, close } = await chainPermissions(backend, owner.secret);
        try {
          await body(contract);
        } finally {
          close();
        }
      };
      const side: Side = {
        kind,
        startSeconds: started.ms / 1000,
        dir: started.value.dir,
        profile,
        owner: client,
        keys: [],
        register:
          kind === 'contract'
            ? (documentId) => onChain((contract) => registerOnChain(contract, documentId, []))
            : async () => undefined,
        change:
          kind === 'contract'
            ? (change, documentId, reader) => onChain((contract) => changeOnChain(contract, change, documentId, [reader]))
            : async (change, documentId, reader) => {
                const result = change === 'grant' ? await client.grant(documentId, [reader]) : await client.revoke(documentId, [reader]);
                if (!result.effective) throw new Error(`the ${change} reached only ${result.acknowledged} of ${result.total} nodes: it is not in effect`);
              },
      };
      side.keys = await sealKeys(side, threshold, plan.keys, `n=${nodes} ${kind}`);
      sides.push(side);
    }
    return { nodes, threshold, figures: await measure(sides, threshold, plan) };
  } finally {
    // Close what started, and what is still starting (a failed start has already stopped its nodes).
    await Promise.all(starting.map((network) => network.then((started) => started.close(), () => undefined)));
    track(null);
  }
}
