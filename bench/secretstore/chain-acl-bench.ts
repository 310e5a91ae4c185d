// The access-control part of `npm run bench` (`--only chain`): on networks of the same size (n = 3,
// t = 1 and n = 5, t = 2; --quick: n = 3 only) the permissioning contract on a local Hardhat chain
// against the owner-signed list: (a) retrieval latency p50/p95 and their ratio, (b) time to effect
// of a grant (until a fresh reader opens) and of a revocation (until that reader is refused). Needs
// a Secret Service for the node keys: `npm run bench` runs under scripts/with-keyring.sh.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { startChain, type TestChain } from '../../test/support/chain.ts';
import type { TestNetwork } from '../../test/support/network.ts';
import { ACL_KINDS, deployContract, measureAclPair, type AclFigures, type AclKind, type AclPlan, type ChangeSample, type PairFigures } from './chain-acl-figures.ts';
import { formatMs, percentile } from './samples.ts';

const FULL: { sizes: readonly number[]; plan: AclPlan } = { sizes: [3, 5], plan: { retrievals: 40, changes: 8, keys: 4 } };
const QUICK: { sizes: readonly number[]; plan: AclPlan } = { sizes: [3], plan: { retrievals: 10, changes: 3, keys: 2 } };

const LABEL: Record<AclKind, string> = {
  'owner-signed': 'owner-signed list (pushed to every node)',
  contract: 'contract on chain (Hardhat, automine)',
};

/** t = ⌊(n−1)/2⌋, as in the key server part. */
function thresholdFor(nodes: number): number {
  return Math.floor((nodes - 1) / 2);
}

function hardhatVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../node_modules/hardhat/package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    // Why: only for the header line; the chain itself starts or fails on its own.
    return '?';
  }
}

/** Other processes' CPU as a share of the whole machine over `wallMs`, in %. */
function otherLoad(othersMs: number, wallMs: number): string {
  const share = othersMs / (wallMs * cpus().length);
  return Number.isFinite(share) ? `${(share * 100).toFixed(0)} %` : '?';
}

const sum = (samples: readonly number[]): number => samples.reduce((total, ms) => total + ms, 0);
const p = (samples: readonly number[], at: number): string => formatMs(percentile(samples, at));
const pair = (samples: readonly number[]): string => `${p(samples, 50)} / ${p(samples, 95)} ms`;

function progressLine(nodes: number, threshold: number, f: AclFigures): string {
  const count = f.retrievalMs.length;
  const cpu = f.retrievalCpu;
  const changes = [...f.grants, ...f.revokes];
  const retries = changes.filter((c) => c.attempts > 1).length;
  return (
    `  n=${nodes} t=${threshold} ${f.kind}: network started in ${f.startSeconds.toFixed(1)} s; retrieval p50 ${p(f.retrievalMs, 50)} ms; ` +
    `grant → opens p50 ${p(f.grants.map((c) => c.totalMs), 50)} ms, revoke → refused p50 ${p(f.revokes.map((c) => c.totalMs), 50)} ms` +
    `${retries > 0 ? ` (${retries} of ${changes.length} changes needed more than one retrieval to show)` : ' (each change showed on the first retrieval after it)'}\n` +
    `    CPU per retrieval: nodes ${formatMs(cpu.nodesMs / count)} ms, chain ${formatMs(cpu.chainMs / count)} ms, client ${formatMs(cpu.clientMs / count)} ms ` +
    `(the idle other network ${formatMs(cpu.idleNetworkMs / count)} ms); ` +
    `other processes took ${otherLoad(cpu.othersMs, sum(f.retrievalMs))} of the CPUs during retrievals, ${otherLoad(f.changesOthersMs, f.changesWallMs)} during grants/revokes`
  );
}

/** Other processes' share of the CPUs during the retrievals and during the grants/revokes. */
function load(f: AclFigures): string {
  return `${otherLoad(f.retrievalCpu.othersMs, sum(f.retrievalMs))} / ${otherLoad(f.changesOthersMs, f.changesWallMs)}`;
}

function changeCell(samples: readonly ChangeSample[], what: string): string {
  const change = samples.map((c) => c.changeMs);
  return `${pair(samples.map((c) => c.totalMs))} (${what} ${p(change, 50)} ms)`;
}

function table(all: readonly PairFigures[]): string {
  const lines = [
    '| n | t | access list | retrieval p50 / p95 | grant → fresh reader opens p50 / p95 | revoke → reader refused p50 / p95 | other load |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const { nodes, threshold, figures } of all) {
    for (const kind of ACL_KINDS) {
      const f = figures[kind];
      const what = kind === 'contract' ? 'of which mined' : 'of which pushed';
      lines.push(`| ${nodes} | ${threshold} | ${LABEL[kind]} | ${pair(f.retrievalMs)} | ${changeCell(f.grants, what)} | ${changeCell(f.revokes, what)} | ${load(f)} |`);
    }
  }
  return lines.join('\n');
}

function ratioLines(all: readonly PairFigures[]): string[] {
  return all.map(({ nodes, threshold, figures }) => {
    const c = figures.contract.retrievalMs;
    const o = figures['owner-signed'].retrievalMs;
    const ratio = (at: number): string => (percentile(c, at) / percentile(o, at)).toFixed(2);
    return `retrieval latency, contract / owner-signed at n=${nodes}, t=${threshold}: p50 ${ratio(50)}, p95 ${ratio(95)} (${c.length} and ${o.length} samples, interleaved)`;
  });
}

/** Runs the access-control bench and prints its table, ratio and the automine caveat. */
export async function runChainAclBench(options: { quick: boolean }): Promise<void> {
  const { sizes, plan } = options.quick ? QUICK : FULL;
  let chain: TestChain | null = null;
  let running: Promise<TestNetwork>[] | null = null;
  // Ctrl-C or a kill mid-run: shut the nodes and the chain down before leaving, never leave them behind.
  const onSignal = (signal: NodeJS.Signals): void => {
    const closing = Promise.all((running ?? []).map((network) => network.then((started) => started.close())));
    // Why: a network that failed to start has already stopped its nodes (runDevnet); exit either way.
    void closing
      .catch(() => undefined)
      .then(() => chain?.stop())
      .catch(() => undefined)
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    chain = await startChain();
    const backend = await deployContract(chain);
    console.log(
      `\nAccess control on chain: per n, two networks of n real node processes on 127.0.0.1 (${cpus().length} CPUs, ${process.version}), t = ⌊(n−1)/2⌋, ` +
        `one reading the permissioning contract on a local Hardhat ${hardhatVersion()} chain (started in ${(chain.startMs / 1000).toFixed(1)} s), ` +
        `one keeping the owner-signed list; same client code. Per backend: ${plan.retrievals} retrievals by a granted reader after warm-up, ` +
        `alternating between the two networks; ${plan.changes} grant/revoke cycles, each with a fresh reader: grant → the reader's retrieval first opens, ` +
        `revoke → it is first refused (the owner connects, sends and waits until mined, as \`sealdrop grant\` does; or signs and pushes to every node). ` +
        `p95 is the nearest-rank sample; "other processes" (the table's "other load": during retrievals / during changes) is the share of the CPUs the rest of the machine used meanwhile\n`,
    );
    const all: PairFigures[] = [];
    for (const nodes of sizes) {
      const threshold = thresholdFor(nodes);
      const figures = await measureAclPair(nodes, threshold, plan, chain, backend, (networks) => (running = networks));
      all.push(figures);
      for (const kind of ACL_KINDS) console.log(progressLine(nodes, threshold, figures.figures[kind]));
    }
    console.log(`\n${table(all)}\n`);
    for (const line of ratioLines(all)) console.log(line);
    console.log(
      'note: Hardhat mines every transaction as soon as it is sent (automine), so "mined" here is a few JSON-RPC round trips on 127.0.0.1. ' +
        'On a real chain a grant or revoke takes effect only once its block is sealed: the block time (seconds: a few to 15 s on ' +
        'proof-of-authority chains, 12 s slots on Ethereum mainnet) dominates time to effect, and every node\'s contract read goes to a remote RPC endpoint.',
    );
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await chain?.stop();
  }
}
