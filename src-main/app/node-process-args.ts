// The command line of a key server node run by the desktop app. Packaged Sealdrop has the RunAsNode
// fuse off, so it cannot re-run itself as Node the way the CLI spawns `sealdrop node run`; instead
// each node is an Electron utility process running dist/app/node-process.js with these arguments.

/** Marks where the node's own arguments begin (a utility process's argv may carry more before them). */
export const NODE_ARGS_MARKER = '--sealdrop-node';

/** The arguments a node process is started with: `node run --config <file> --json` after the marker. */
export function nodeProcessArgs(configFile: string): string[] {
  return [NODE_ARGS_MARKER, 'node', 'run', '--config', configFile, '--json'];
}

/** The CLI arguments in a node process's argv (after the marker), or null when the marker is missing. */
export function nodeArgsFromArgv(argv: readonly string[]): string[] | null {
  const at = argv.indexOf(NODE_ARGS_MARKER);
  if (at < 0) return null;
  const args = argv.slice(at + 1);
  // Only ever `node run`: this entry is not a general CLI.
  return args[0] === 'node' && args[1] === 'run' ? args : null;
}
