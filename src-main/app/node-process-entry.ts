// Entry point of a key server node started by the desktop app (bundled to dist/app/node-process.js,
// run in an Electron utility process: Node without a window, which works with the RunAsNode fuse
// off). It runs exactly `sealdrop node run --config <file> --json` and exits with its code; SIGTERM
// (utilityProcess.kill) stops the node cleanly.
import { runNode } from '../cli/commands/node.ts';
import { nodeArgsFromArgv } from './node-process-args.ts';

const args = nodeArgsFromArgv(process.argv);
if (args === null) {
  process.stderr.write('node-process: started without `--sealdrop-node node run …` arguments\n');
  process.exit(2);
}
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
try {
  process.exitCode = await runNode(args.slice(1), { out: process.stdout, err: process.stderr, env: process.env, stdin: process.stdin }, controller.signal);
} catch (error) {
  // The parent keeps the tail of stderr to explain a failed start (devnet-runner.ts).
  process.stderr.write(`${JSON.stringify({ event: 'node-failed', message: error instanceof Error ? error.message : String(error) })}\n`);
  process.exitCode = 1;
}
process.exit();
