// Starts key server nodes for the handler table (the local network, the Node screen) as Electron
// utility processes, and presents each as the small part of a ChildProcess the devnet runner uses
// (exitCode, signalCode, stderr, 'exit', kill, pid).
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { utilityProcess, type UtilityProcess } from 'electron';
import type { SpawnNode } from '../domain/secretstore/devnet/devnet-runner.ts';
import { nodeProcessArgs } from './node-process-args.ts';

/** A SpawnNode that runs `entry` (dist/app/node-process.js) in a utility process per node. */
export function utilityNodeSpawner(entry: string, env: NodeJS.ProcessEnv): SpawnNode {
  return (configFile) => {
    const child = utilityProcess.fork(entry, nodeProcessArgs(configFile), {
      stdio: ['ignore', 'ignore', 'pipe'],
      serviceName: 'Sealdrop key server',
      env,
    });
    return asChildProcess(child);
  };
}

/** The ChildProcess surface over a utility process. */
function asChildProcess(child: UtilityProcess): ChildProcess {
  const adapter = new EventEmitter() as EventEmitter & {
    exitCode: number | null;
    signalCode: NodeJS.Signals | null;
    stderr: NodeJS.ReadableStream | null;
    readonly pid: number | undefined;
    kill(signal?: NodeJS.Signals): boolean;
  };
  adapter.exitCode = null;
  adapter.signalCode = null;
  adapter.stderr = child.stderr;
  Object.defineProperty(adapter, 'pid', { get: () => child.pid });
  child.once('exit', (code) => {
    adapter.exitCode = code;
    adapter.emit('exit', code, null);
  });
  adapter.kill = (signal) => {
    // utilityProcess.kill() is SIGTERM on POSIX (the node stops cleanly); the runner's last resort
    // after its grace period is SIGKILL, which only process.kill can send.
    if (signal === 'SIGKILL' && child.pid !== undefined) {
      try {
        process.kill(child.pid, 'SIGKILL');
        return true;
      } catch {
        // Already gone.
        return false;
      }
    }
    return child.kill();
  };
  return adapter as unknown as ChildProcess;
}
