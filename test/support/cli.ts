import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * The CLI as users run it: the bundle from `npm run build` (npm test builds first). SEALDROP_TEST_SOURCE=1
 * runs the TypeScript source instead, for quick iteration without a build.
 */
export const CLI_ENTRY = process.env.SEALDROP_TEST_SOURCE === '1' ? join(ROOT, 'src-main/cli/main.ts') : join(ROOT, 'dist/cli/sealdrop.js');

/** What a finished process printed and how it ended. */
export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs any program to completion, with optional stdin, capturing output. */
export function run(command: string, args: readonly string[], options: { input?: Uint8Array | string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
    child.stdin.end(options.input ?? '');
  });
}

/** Runs the real `sealdrop` CLI in a child process, on the same Node as the tests. */
export function sealdrop(args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<RunResult> {
  return run(process.execPath, [CLI_ENTRY, ...args], options);
}

/** A fresh temporary folder, removed by the returned cleanup. */
export async function tempFolder(prefix = 'sealdrop-test-'): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}
