// Measures one local key server network of real node processes (test/support/network.ts, the devnet
// code): key generation, document key storage, Sealdrop verifiable retrieval, Parity shadow
// retrieval, and retrievals per second with several concurrent clients. Every retrieved key is
// compared with the stored one: a fast wrong answer must not count.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { identityKeyFromSecret, type IdentityKey } from '../../src-main/domain/identity/identity-key.ts';
import { createSecretStoreClient, type SecretStoreClient } from '../../src-main/domain/secretstore/client/secret-store-client.ts';
import { loadNetworkProfile, type NetworkProfile } from '../../src-main/domain/secretstore/network/profile.ts';
import { startTestNetwork, type TestNetwork } from '../../test/support/network.ts';
import { cpuMeter, timed, type CpuSpent } from './samples.ts';

/** How much to measure on each network. */
export type BenchPlan = {
  /** generateServerKey samples, each followed by one storeDocumentKey sample. */
  generations: number;
  /** Sequential retrieveDocumentKey samples. */
  retrievals: number;
  /** Sequential retrieveDocumentKeyParity samples. */
  parityRetrievals: number;
  /** Concurrent clients for the throughput run, and how long it runs. */
  concurrentClients: number;
  throughputSeconds: number;
};

/** What one network measured (times in ms). */
export type NetworkFigures = {
  nodes: number;
  threshold: number;
  startSeconds: number;
  generationMs: number[];
  storeMs: number[];
  retrievalMs: number[];
  parityMs: number[];
  throughput: { completed: number; failed: number; seconds: number; firstError: string | null; othersMs: number };
  /** CPU spent per generation and per (sequential) retrieval, by all nodes together, the client and other processes. */
  cpuPerGeneration: CpuSpent;
  cpuPerRetrieval: CpuSpent;
  /** Wall time of the sequential retrieval run, to turn other processes' CPU into a share of the machine. */
  retrievalWallMs: number;
  generationWallMs: number;
};

type SealedKey = { documentId: Uint8Array; serverKey: Uint8Array; documentKey: Uint8Array };

// Generous: a 10-node generation on 2 busy cores must not be cut short by the client.
const CLIENT_TIMEOUT_MS = 30_000;

function person(name: string): IdentityKey {
  return identityKeyFromSecret(name, randomBytes(32), 'keychain');
}

function clientFor(profile: NetworkProfile, signer: IdentityKey): SecretStoreClient {
  return createSecretStoreClient({ profile, signer, timeoutMs: CLIENT_TIMEOUT_MS });
}

function checkKey(got: Uint8Array, key: SealedKey, path: string): void {
  if (!Buffer.from(got).equals(Buffer.from(key.documentKey))) {
    throw new Error(`${path} returned a different document key than the one stored: the bench stops, this is a bug`);
  }
}

function perOperation(spent: CpuSpent, count: number): CpuSpent {
  return { nodesMs: spent.nodesMs / count, clientMs: spent.clientMs / count, othersMs: spent.othersMs / count };
}

const sum = (samples: readonly number[]): number => samples.reduce((total, ms) => total + ms, 0);

const WARM_UP_ATTEMPTS = 3;

/**
 * The first generation on a fresh network, retried: peers connect on demand, and on a busy machine a
 * node just started may miss the first session's deadline. Each retry is printed; measured runs are
 * never retried.
 */
async function warmUpGeneration(seal: () => Promise<SealedKey>, nodes: number): Promise<SealedKey> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await seal();
    } catch (error) {
      if (attempt >= WARM_UP_ATTEMPTS) throw error;
      console.log(`  n=${nodes}: warm-up generation ${attempt} failed (${error instanceof Error ? error.message : String(error)}); retrying`);
      await sleep(1000);
    }
  }
}

/** Calls `retrieve` in `clients` parallel loops for `seconds`; counts completed and failed retrievals. */
async function throughputRun(clients: number, seconds: number, retrieve: (client: number, round: number) => Promise<void>): Promise<NetworkFigures['throughput']> {
  const started = process.hrtime.bigint();
  const stopCpu = cpuMeter();
  const deadline = Date.now() + seconds * 1000;
  let completed = 0;
  let failed = 0;
  let firstError: string | null = null;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let round = 0; Date.now() < deadline; round++) {
        try {
          await retrieve(client, round);
          completed++;
        } catch (error) {
          // Why: under load a retrieval may time out; it is counted and the first reason printed, not hidden.
          failed++;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );
  // Retrievals started before the deadline finish after it: divide by the real elapsed time.
  const { othersMs } = stopCpu();
  return { completed, failed, firstError, othersMs, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function measure(network: TestNetwork, nodes: number, threshold: number, plan: BenchPlan, startSeconds: number): Promise<NetworkFigures> {
  const profile = await loadNetworkProfile(network.profilePath);
  const owner = clientFor(profile, person('owner'));
  const seal = async (): Promise<SealedKey> => {
    const documentId = randomBytes(32);
    const serverKey = await owner.generateServerKey(documentId, threshold);
    return { documentId, serverKey, documentKey: await owner.storeDocumentKey(documentId, serverKey) };
  };
  const retrieve = async (client: SecretStoreClient, key: SealedKey): Promise<void> => {
    const result = await client.retrieveDocumentKey(key.documentId, { serverKey: key.serverKey, threshold });
    checkKey(result.documentKey, key, 'retrieveDocumentKey');
  };

  // Warm-up, not counted: the first session opens the libp2p connections and warms the JIT.
  await retrieve(owner, await warmUpGeneration(seal, nodes));

  const keys: SealedKey[] = [];
  const generationMs: number[] = [];
  const storeMs: number[] = [];
  const generationCpu: CpuSpent = { nodesMs: 0, clientMs: 0, othersMs: 0 };
  for (let i = 0; i < plan.generations; i++) {
    const documentId = randomBytes(32);
    const stopCpu = cpuMeter();
    const generated = await timed(() => owner.generateServerKey(documentId, threshold));
    const spent = stopCpu();
    generationCpu.nodesMs += spent.nodesMs;
    generationCpu.clientMs += spent.clientMs;
    generationCpu.othersMs += spent.othersMs;
    const stored = await timed(() => owner.storeDocumentKey(documentId, generated.value));
    generationMs.push(generated.ms);
    storeMs.push(stored.ms);
    keys.push({ documentId, serverKey: generated.value, documentKey: stored.value });
  }
  const keyAt = (i: number): SealedKey => keys[i % keys.length] as SealedKey;

  const retrievalMs: number[] = [];
  const stopRetrievalCpu = cpuMeter();
  for (let i = 0; i < plan.retrievals; i++) retrievalMs.push((await timed(() => retrieve(owner, keyAt(i)))).ms);
  const retrievalCpu = stopRetrievalCpu();

  const parityMs: number[] = [];
  for (let i = 0; i < plan.parityRetrievals; i++) {
    const key = keyAt(i);
    const answer = await timed(() => owner.retrieveDocumentKeyParity(key.documentId));
    checkKey(answer.value.documentKey, key, 'retrieveDocumentKeyParity');
    parityMs.push(answer.ms);
  }

  // Throughput: separate readers (own identities, granted on every key) retrieving in parallel.
  const readers = Array.from({ length: plan.concurrentClients }, (_, i) => person(`reader-${i + 1}`));
  for (const key of keys) {
    const granted = await owner.grant(key.documentId, readers.map((r) => r.addressBytes));
    if (!granted.effective) throw new Error(`granting the readers reached only ${granted.acknowledged} of ${nodes} nodes: the throughput run would measure refusals`);
  }
  const readerClients = readers.map((reader) => clientFor(profile, reader));
  const throughput = await throughputRun(plan.concurrentClients, plan.throughputSeconds, (client, round) =>
    retrieve(readerClients[client] as SecretStoreClient, keyAt(client + round * plan.concurrentClients)),
  );

  return {
    nodes,
    threshold,
    startSeconds,
    generationMs,
    storeMs,
    retrievalMs,
    parityMs,
    throughput,
    cpuPerGeneration: perOperation(generationCpu, plan.generations),
    cpuPerRetrieval: perOperation(retrievalCpu, plan.retrievals),
    retrievalWallMs: sum(retrievalMs),
    generationWallMs: sum(generationMs),
  };
}

/**
 * Starts n real nodes with threshold t, measures, and always shuts them down (also when measuring
 * fails). `track` is given the network as soon as it starts (then null once closed), so a signal
 * handler can close it too, even mid-start.
 */
export async function measureNetwork(
  nodes: number,
  threshold: number,
  plan: BenchPlan,
  track: (network: Promise<TestNetwork> | null) => void,
): Promise<NetworkFigures> {
  const starting = timed(() => startTestNetwork({ nodes, threshold }));
  track(starting.then((started) => started.value));
  const started = await starting;
  const network = started.value;
  try {
    return await measure(network, nodes, threshold, plan, started.ms / 1000);
  } finally {
    await network.close();
    track(null);
  }
}
