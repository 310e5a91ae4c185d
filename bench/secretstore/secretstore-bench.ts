// The key server part of `npm run bench`: for n = 3, 5, 7, 10 real node processes on 127.0.0.1 with
// t = ⌊(n−1)/2⌋, generation, storage and retrieval latency (p50/p95) and retrievals per second, as a
// table, with the issue 3 goals beside the figures. Needs a Secret Service for the node keys:
// `npm run bench` runs under scripts/with-keyring.sh.
import { cpus } from 'node:os';
import type { TestNetwork } from '../../test/support/network.ts';
import { measureNetwork, type BenchPlan, type NetworkFigures } from './network-figures.ts';
import { formatMs, percentile } from './samples.ts';

const NETWORK_SIZES = [3, 5, 7, 10] as const;
const FULL: BenchPlan = { generations: 12, retrievals: 40, parityRetrievals: 12, concurrentClients: 8, throughputSeconds: 3 };
const QUICK: BenchPlan = { generations: 3, retrievals: 10, parityRetrievals: 3, concurrentClients: 8, throughputSeconds: 1 };

// Issue 3's goals on the development machine, both judged at n = 5, t = 2 on the median.
const GOAL_NODES = 5;
const RETRIEVAL_GOAL_MS = 100;
const GENERATION_GOAL_MS = 500;
// Generation rounds the coordinator drives (docs/PROTOCOL.md §4.1): begin, deal, verify, finish, commit.
const GENERATION_ROUNDS = 5;

/** t = ⌊(n−1)/2⌋: the largest threshold an honest majority still controls. */
function thresholdFor(nodes: number): number {
  return Math.floor((nodes - 1) / 2);
}

function rate(figures: NetworkFigures): number {
  return figures.throughput.completed / figures.throughput.seconds;
}

/** How much of the machine other processes took while `samples` ran, in % of all CPUs. */
function otherLoad(othersMsPerOperation: number, samples: readonly number[]): string {
  const wallMs = samples.reduce((total, ms) => total + ms, 0);
  const share = (othersMsPerOperation * samples.length) / (wallMs * cpus().length);
  return Number.isNaN(share) ? '?' : `${(share * 100).toFixed(0)} %`;
}

function progressLine(f: NetworkFigures): string {
  const failed = f.throughput.failed > 0 ? `, ${f.throughput.failed} failed (first: ${f.throughput.firstError})` : '';
  return (
    `  n=${f.nodes} t=${f.threshold}: started in ${f.startSeconds.toFixed(1)} s; generation p50 ${formatMs(percentile(f.generationMs, 50))} ms, ` +
    `retrieval p50 ${formatMs(percentile(f.retrievalMs, 50))} ms, ${rate(f).toFixed(1)} retrievals/s${failed}\n` +
    `    CPU per generation: nodes ${formatMs(f.cpuPerGeneration.nodesMs)} ms, client ${formatMs(f.cpuPerGeneration.clientMs)} ms; ` +
    `per retrieval: nodes ${formatMs(f.cpuPerRetrieval.nodesMs)} ms, client ${formatMs(f.cpuPerRetrieval.clientMs)} ms` +
    `\n    other processes took ${otherLoad(f.cpuPerGeneration.othersMs, f.generationMs)} of the CPUs during generations, ${otherLoad(f.cpuPerRetrieval.othersMs, f.retrievalMs)} during retrievals, ` +
    `${otherLoad(f.throughput.othersMs, [f.throughput.seconds * 1000])} during the throughput run`
  );
}

function table(all: readonly NetworkFigures[], clients: number): string {
  const lines = [
    `| n | t | generation p50 / p95 | store p50 | retrieval p50 / p95 | Parity retrieval p50 | retrievals/s (${clients} clients) |`,
    '|---|---|---|---|---|---|---|',
  ];
  for (const f of all) {
    const p = (samples: number[], at: number): string => formatMs(percentile(samples, at));
    lines.push(
      `| ${f.nodes} | ${f.threshold} | ${p(f.generationMs, 50)} / ${p(f.generationMs, 95)} ms | ${p(f.storeMs, 50)} ms | ` +
        `${p(f.retrievalMs, 50)} / ${p(f.retrievalMs, 95)} ms | ${p(f.parityMs, 50)} ms | ${rate(f).toFixed(0)} |`,
    );
  }
  return lines.join('\n');
}

function verdict(measuredMs: number, goalMs: number): string {
  return measuredMs < goalMs ? 'met' : 'NOT met';
}

/** The goal lines, and for a missed goal one line on where the time goes (CPU of nodes and client). */
function goals(all: readonly NetworkFigures[]): string[] {
  const at = all.find((f) => f.nodes === GOAL_NODES);
  if (at === undefined) return [`goals: not judged (no n=${GOAL_NODES} network in this run)`];
  const retrieval = percentile(at.retrievalMs, 50);
  const generation = percentile(at.generationMs, 50);
  const lines = [
    `goal: retrieval p50 < ${RETRIEVAL_GOAL_MS} ms at n=5, t=2: measured ${formatMs(retrieval)} ms (p95 ${formatMs(percentile(at.retrievalMs, 95))} ms): ` +
      `${verdict(retrieval, RETRIEVAL_GOAL_MS)} (other processes took ${otherLoad(at.cpuPerRetrieval.othersMs, at.retrievalMs)} of the CPUs meanwhile)`,
    `goal: generation p50 < ${GENERATION_GOAL_MS} ms at n=5, t=2: measured ${formatMs(generation)} ms (p95 ${formatMs(percentile(at.generationMs, 95))} ms): ` +
      `${verdict(generation, GENERATION_GOAL_MS)} (other processes took ${otherLoad(at.cpuPerGeneration.othersMs, at.generationMs)} of the CPUs meanwhile)`,
  ];
  const cores = cpus().length;
  if (retrieval >= RETRIEVAL_GOAL_MS) {
    const cpu = at.cpuPerRetrieval;
    lines.push(
      `  where retrieval time goes: nodes spend ${formatMs(cpu.nodesMs)} ms CPU per retrieval together (${formatMs(cpu.nodesMs / at.nodes)} ms each), ` +
        `the client ${formatMs(cpu.clientMs)} ms (checking the key's public data and t+1 proofs); on ${cores} cores that alone is ≥ ` +
        `${formatMs((cpu.nodesMs + cpu.clientMs) / cores)} ms of the ${formatMs(retrieval)} ms, the rest is waiting (HTTP, scheduling, other load)`,
    );
  }
  if (generation >= GENERATION_GOAL_MS) {
    const cpu = at.cpuPerGeneration;
    lines.push(
      `  where generation time goes: nodes spend ${formatMs(cpu.nodesMs)} ms CPU per key together (${formatMs(cpu.nodesMs / at.nodes)} ms each), the client ${formatMs(cpu.clientMs)} ms; ` +
        `on ${cores} cores that alone is ≥ ${formatMs(cpu.nodesMs / cores)} ms of the ${formatMs(generation)} ms ` +
        `(${GENERATION_ROUNDS} rounds: ~${formatMs(generation / GENERATION_ROUNDS)} ms a round on average; nodes log no per-round times)`,
    );
  }
  return lines;
}

/** Runs the key server bench and prints its table and goal lines. */
export async function runSecretStoreBench(options: { quick: boolean }): Promise<void> {
  const plan = options.quick ? QUICK : FULL;
  let running: Promise<TestNetwork> | null = null;
  // Ctrl-C or a kill mid-run: shut the nodes down before leaving (waiting for a network still
  // starting), never leave them behind.
  const onSignal = (signal: NodeJS.Signals): void => {
    const closing = (running ?? Promise.resolve(null)).then((network) => network?.close());
    // Why: a network that failed to start has already stopped its nodes (runDevnet); exit either way.
    void closing.catch(() => undefined).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  console.log(
    `\nKey servers: local networks of real node processes on 127.0.0.1 (${cpus().length} CPUs, ${process.version}), t = ⌊(n−1)/2⌋; ` +
      `per n: ${plan.generations} generations (each then one store), ${plan.retrievals} Sealdrop retrievals, ${plan.parityRetrievals} Parity retrievals, ` +
      `then ${plan.concurrentClients} clients retrieving in parallel for ${plan.throughputSeconds} s; p95 is the nearest-rank sample (the slowest one with ≤ 20 samples); ` +
      `"other processes" is the CPU the rest of the machine used meanwhile (it slows every figure)\n`,
  );
  try {
    const all: NetworkFigures[] = [];
    for (const nodes of NETWORK_SIZES) {
      const figures = await measureNetwork(nodes, thresholdFor(nodes), plan, (network) => (running = network));
      all.push(figures);
      console.log(progressLine(figures));
    }
    console.log(`\n${table(all, plan.concurrentClients)}\n`);
    for (const line of goals(all)) console.log(line);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
