// A real local EVM chain for tests (DESIGN §4, §7): a Hardhat 2 network (`hardhat node`) on
// 127.0.0.1, started as a child process with test/support/chain/hardhat.config.cjs. Hardhat is only
// the chain: it compiles nothing and downloads nothing (the contract artifact comes from
// scripts/compile-contract.ts). The accounts are Hardhat's well-known development accounts, derived
// here from its default mnemonic; they hold test ether only and must never be used anywhere else.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { HDNodeWallet, parseEther, toBeHex } from 'ethers';
import { ROOT } from './cli.ts';

/** Hardhat's default development mnemonic (public knowledge: test funds only). */
export const HARDHAT_MNEMONIC = 'test test test test test test test test test test test junk';
const ACCOUNT_COUNT = 20;
const CONFIG = join(ROOT, 'test/support/chain/hardhat.config.cjs');
const HARDHAT_CLI = join(ROOT, 'node_modules/hardhat/internal/cli/cli.js');
const START_TIMEOUT_MS = 30_000;

/** A development account: address (checksummed) and private key (0x-hex), both test-only. */
export type ChainAccount = { address: string; privateKey: string };

/** A running local chain. */
export type TestChain = {
  /** `http://127.0.0.1:<port>` (origin form, as network profiles write it). */
  rpcUrl: string;
  chainId: number;
  /** Hardhat's 20 funded development accounts, in order. */
  accounts: ChainAccount[];
  /** How long the chain took to answer its first request, in milliseconds. */
  startMs: number;
  /** The chain's process id (gone once `stop()` resolves). */
  pid: number;
  /** Sends one JSON-RPC request and returns its result (throws on a JSON-RPC error). */
  rpc(method: string, params?: unknown[]): Promise<unknown>;
  /** Sets the balance of `address` to `ether` (a decimal string or number of ether). */
  fund(address: string, ether: string | number): Promise<void>;
  /** Mines one block. */
  mine(): Promise<void>;
  /** Moves the chain's clock forward by `seconds` and mines a block at the new time. */
  increaseTime(seconds: number): Promise<void>;
  /** Mines the next block at `unixSeconds` exactly (must be later than the latest block). */
  setTime(unixSeconds: number): Promise<void>;
  /** The timestamp of the latest block (unix seconds). */
  latestTimestamp(): Promise<number>;
  /** Stops the chain and waits until its process has exited. Safe to call twice. */
  stop(): Promise<void>;
};

/** Derives Hardhat's development accounts (m/44'/60'/0'/0/i) from its default mnemonic. */
export function hardhatAccounts(count = ACCOUNT_COUNT): ChainAccount[] {
  const parent = HDNodeWallet.fromPhrase(HARDHAT_MNEMONIC, undefined, "m/44'/60'/0'/0");
  return Array.from({ length: count }, (_, index) => {
    const wallet = parent.deriveChild(index);
    return { address: wallet.address, privateKey: wallet.privateKey };
  });
}

/** A port that was free a moment ago on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** One JSON-RPC call over HTTP. */
async function rpcCall(url: string, method: string, params: unknown[] = [], timeoutMs = 10_000): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message?: string } };
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message ?? JSON.stringify(body.error)}`);
  return body.result;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Stops `child` (SIGTERM, then SIGKILL after `graceMs`) and resolves once it has exited. */
async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (exited(child)) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

/** Spawns `hardhat node` on `port`; the child's stderr is kept (last 4 KiB) for error messages. */
function spawnHardhat(port: number): { child: ChildProcess; stderr: () => string } {
  const child = spawn(process.execPath, [HARDHAT_CLI, 'node', '--hostname', '127.0.0.1', '--port', String(port), '--config', CONFIG], {
    cwd: ROOT,
    // stdout would log every request; nobody reads it, so it must not fill a pipe.
    stdio: ['ignore', 'ignore', 'pipe'],
    // No telemetry prompt, banner or version check: those are the only network calls Hardhat makes
    // besides compiler downloads, and they are skipped for CI and non-TTY runs.
    env: { ...process.env, CI: 'true', HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true', HARDHAT_HIDE_SOLIDITY_SURVEY_MESSAGE: 'true', FORCE_COLOR: '0' },
  });
  let tail = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-4096);
  });
  return { child, stderr: () => tail };
}

/** Polls eth_chainId until the chain answers; throws when the process exits or time runs out. */
async function waitForChain(url: string, child: ChildProcess, stderr: () => string): Promise<number> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exited(child)) throw new Error(`hardhat node exited (${child.exitCode ?? child.signalCode}): ${stderr().trim()}`);
    try {
      return Number(await rpcCall(url, 'eth_chainId', [], 1000));
    } catch (error) {
      // Not listening yet (connection refused): try again shortly, until the deadline.
      if (Date.now() > deadline) throw new Error(`hardhat node did not answer within ${START_TIMEOUT_MS} ms: ${String(error)}; ${stderr().trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts a fresh chain (all accounts funded, block 0) and waits until it answers. */
export async function startChain(): Promise<TestChain> {
  const started = performance.now();
  const port = await freePort();
  const { child, stderr } = spawnHardhat(port);
  // If the test process dies first, do not leave a chain behind.
  const killOnExit = (): void => {
    if (!exited(child)) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const rpcUrl = `http://127.0.0.1:${port}`;
  let chainId: number;
  try {
    chainId = await waitForChain(rpcUrl, child, stderr);
  } catch (error) {
    await stopChild(child);
    process.removeListener('exit', killOnExit);
    throw error;
  }
  const startMs = Math.round(performance.now() - started);
  const rpc = (method: string, params: unknown[] = []): Promise<unknown> => rpcCall(rpcUrl, method, params);
  return {
    rpcUrl,
    chainId,
    accounts: hardhatAccounts(),
    startMs,
    pid: child.pid ?? 0,
    rpc,
    fund: async (address, ether) => {
      await rpc('hardhat_setBalance', [address, toBeHex(parseEther(String(ether)))]);
    },
    mine: async () => {
      await rpc('evm_mine');
    },
    increaseTime: async (seconds) => {
      await rpc('evm_increaseTime', [seconds]);
      await rpc('evm_mine');
    },
    setTime: async (unixSeconds) => {
      await rpc('evm_mine', [unixSeconds]);
    },
    latestTimestamp: async () => {
      const block = (await rpc('eth_getBlockByNumber', ['latest', false])) as { timestamp: string };
      return Number(block.timestamp);
    },
    stop: async () => {
      await stopChild(child);
      process.removeListener('exit', killOnExit);
    },
  };
}
