// `npm start`: the desktop app when the Electron runtime is installed, else the browser mode.
// The electron npm package downloads its runtime on first use; where that download is impossible
// (no internet, as on the development machine) node_modules/electron/dist is missing, so this says
// so in one line and starts `sealdrop ui` (the same screens served on 127.0.0.1) instead.
// It never calls require('electron'), which would try that download.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The Electron executable of the installed npm package, or null when its runtime was never downloaded. */
export function electronExecutable(electronPackageDir: string, env: NodeJS.ProcessEnv): string | null {
  const pathFile = join(electronPackageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  // path.txt holds the executable's path inside dist/ (e.g. "electron", "Electron.app/Contents/MacOS/Electron").
  const relative = readFileSync(pathFile, 'utf8').trim();
  if (relative === '') return null;
  const dist = env.ELECTRON_OVERRIDE_DIST_PATH !== undefined && env.ELECTRON_OVERRIDE_DIST_PATH !== '' ? env.ELECTRON_OVERRIDE_DIST_PATH : join(electronPackageDir, 'dist');
  const executable = join(dist, relative);
  return existsSync(executable) ? executable : null;
}

/** What `npm start` runs: the command, its arguments, and the one line said first (or null). */
export type StartPlan = { readonly command: string; readonly args: readonly string[]; readonly notice: string | null };

/** The plan for this machine: Electron on dist/app/main.js, or the CLI's browser mode. */
export function startPlan(options: { root: string; electron: string | null; node: string; args: readonly string[] }): StartPlan {
  if (options.electron !== null) {
    return { command: options.electron, args: [join(options.root, 'dist', 'app', 'main.js'), ...options.args], notice: null };
  }
  return {
    command: options.node,
    args: [join(options.root, 'dist', 'cli', 'sealdrop.js'), 'ui', ...options.args],
    notice: 'Electron runtime not installed (node_modules/electron/dist missing): starting the browser mode instead (sealdrop ui).',
  };
}

if (import.meta.main) {
  const plan = startPlan({
    root: ROOT,
    electron: electronExecutable(join(ROOT, 'node_modules', 'electron'), process.env),
    node: process.execPath,
    args: process.argv.slice(2),
  });
  // Written synchronously: execve below replaces this process before a piped stdout would flush.
  if (plan.notice !== null) writeSync(1, `${plan.notice}\n`);
  // ELECTRON_RUN_AS_NODE would make Electron a plain Node and ignore the app.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  if (process.execve !== undefined && process.platform !== 'win32') {
    // Become the app (or the browser mode): Ctrl-C and signals reach it directly, with no middleman.
    process.execve(plan.command, [plan.command, ...plan.args], env);
  }
  const child = spawn(plan.command, plan.args, { stdio: 'inherit', env });
  // Windows: Ctrl-C reaches every process of the console, the child included; wait for it to finish.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal === 'SIGINT' ? 130 : 1);
  });
  child.on('error', (error) => {
    console.error(`npm start: could not run ${plan.command}: ${error.message}`);
    process.exitCode = 1;
  });
}
