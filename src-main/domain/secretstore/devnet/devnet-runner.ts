// Starts the nodes of a devnet as separate processes (real nodes on real sockets) and waits until
// each answers its status route. The caller says how to spawn a node, so this file knows nothing
// about where the CLI lives.
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { SealdropError } from '../../../../src-shared/errors.ts';
import type { DevnetLayout } from './devnet-files.ts';

/** Starts `sealdrop node run --config <file>` (or an equivalent) and returns the child. */
export type SpawnNode = (configFile: string) => ChildProcess;

/** One running devnet node. */
export type DevnetNode = { config: string; http: string; process: ChildProcess };

/** A running devnet. */
export type RunningDevnet = { nodes: DevnetNode[]; stop(): Promise<void> };

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/v1/status`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    // Not listening yet.
    return false;
  }
}

/** Waits until a node answers, or fails with what the node printed if it exits first. */
async function waitUntilReady(node: DevnetNode, stderr: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (node.process.exitCode !== null || node.process.signalCode !== null) {
      throw new SealdropError('node-unreachable', `The node ${node.config} stopped while starting: ${stderr().trim().split('\n').slice(-3).join(' ') || 'no message'}`);
    }
    if (await answers(node.http)) return;
    await sleep(100);
  }
  throw new SealdropError('timeout', `The node ${node.config} did not start within ${Math.round(timeoutMs / 1000)} s.`);
}

/** Stops one node: SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export async function stopProcess(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Starts every node of `layout` and resolves once all answer. */
export async function runDevnet(layout: DevnetLayout, spawnNode: SpawnNode, options: { readyTimeoutMs?: number } = {}): Promise<RunningDevnet> {
  const nodes: DevnetNode[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(nodes.map((n) => stopProcess(n.process)));
  };
  try {
    const logs: string[] = [];
    layout.nodeConfigs.forEach((config, index) => {
      const child = spawnNode(config);
      logs[index] = '';
      // Keep the tail of what a node says, to explain a failed start.
      child.stderr?.on('data', (chunk: Buffer) => {
        logs[index] = `${logs[index] ?? ''}${chunk.toString('utf8')}`.slice(-4000);
      });
      nodes.push({ config, http: layout.profile.nodes[index]?.http ?? '', process: child });
    });
    await Promise.all(nodes.map((node, index) => waitUntilReady(node, () => logs[index] ?? '', options.readyTimeoutMs ?? 30_000)));
    return { nodes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
