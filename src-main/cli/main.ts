#!/usr/bin/env node
// The `sealdrop` command: seal files and folders into one encrypted file, open them again.
import module from 'node:module';
import { isSealdropError } from '../../src-shared/errors.ts';
import { UsageError } from './args.ts';
import { runIdentity, IDENTITY_HELP } from './commands/identity.ts';
import { runNode, NODE_HELP } from './commands/node.ts';
import { runDevnetCommand, DEVNET_HELP } from './commands/devnet.ts';
import { runStart, START_HELP } from './commands/start.ts';
import { runContract, CONTRACT_HELP } from './commands/contract.ts';
import { runAccess, runAudit, runGrant, runRevoke, ACCESS_HELP, AUDIT_HELP, GRANT_HELP, REVOKE_HELP } from './commands/access.ts';
import { runInspect, INSPECT_HELP } from './commands/inspect.ts';
import { runKeygen, KEYGEN_HELP } from './commands/keygen.ts';
import { runOpen, OPEN_HELP } from './commands/open.ts';
import { runSeal, SEAL_HELP } from './commands/seal.ts';
import { runUi, UI_HELP } from './commands/ui.ts';
import type { Console } from './terminal.ts';

/** A subcommand: its help text and what it runs. Returns the process exit code. */
interface Command {
  readonly help: string;
  readonly run: (argv: readonly string[], console: Console, signal: AbortSignal) => Promise<number>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  start: { help: START_HELP, run: runStart },
  keygen: { help: KEYGEN_HELP, run: runKeygen },
  seal: { help: SEAL_HELP, run: runSeal },
  open: { help: OPEN_HELP, run: runOpen },
  inspect: { help: INSPECT_HELP, run: runInspect },
  identity: { help: IDENTITY_HELP, run: runIdentity },
  grant: { help: GRANT_HELP, run: runGrant },
  revoke: { help: REVOKE_HELP, run: runRevoke },
  access: { help: ACCESS_HELP, run: runAccess },
  audit: { help: AUDIT_HELP, run: runAudit },
  contract: { help: CONTRACT_HELP, run: runContract },
  node: { help: NODE_HELP, run: runNode },
  devnet: { help: DEVNET_HELP, run: runDevnetCommand },
  ui: { help: UI_HELP, run: runUi },
};

const USAGE = `Sealdrop: share files that no one in the middle can read.

Usage: sealdrop <command> [options]

Commands:
  start     start Sealdrop here: your identity and the local key server network (npm start)
  keygen    make a key pair (age X25519) for receiving sealed files
  seal      seal files and folders into one .sealdrop file
  open      open a .sealdrop (or age) file into a folder
  inspect   show a sealed file's header: who it is sealed for, sizes
  identity  your key and address for key servers: new, show, import, export (backup)
  grant     let more addresses open a document you sealed (no re-sealing)
  revoke    stop addresses from opening a document you sealed
  access    show who may open a document
  audit     who tried to open a document you sealed, and when (owner only)
  contract  deploy the permissioning contract to a chain; transfer a document's ownership
  node      run a key server node (node run --config <file>)
  devnet    start a local network of key server nodes on this computer
  ui        run the app in your browser (a server on 127.0.0.1 with a session token)

Every command takes --json (machine-readable output) and --help.
Exit codes: 0 done, 1 failed (the message says why), 2 wrong usage, 130 cancelled.`;

/** Runs the CLI with the given arguments; returns the exit code. */
export async function main(argv: readonly string[], console: Console, signal: AbortSignal): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' && rest[0] !== undefined ? COMMANDS[rest[0]] : undefined;
    console.out.write(`${topic?.help ?? USAGE}\n`);
    return 0;
  }
  if (name === '--version' || name === 'version') {
    console.out.write('sealdrop 0.1.0\n');
    return 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    console.err.write(`sealdrop: unknown command "${name}"\n\n${USAGE}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.out.write(`${command.help}\n`);
    return 0;
  }
  const json = rest.includes('--json');
  try {
    return await command.run(rest, console, signal);
  } catch (error) {
    return reportError(error, console, json, name, command.help);
  }
}

/** Prints an error the way a person (or, with --json, a script) wants it; returns the exit code. */
function reportError(error: unknown, console: Console, json: boolean, name: string, help: string): number {
  if (isSealdropError(error)) {
    const code = error.code === 'cancelled' ? 130 : error instanceof UsageError ? 2 : 1;
    if (json) {
      console.out.write(`${JSON.stringify({ ok: false, error: { code: error.code, message: error.message, ...error.details } })}\n`);
    } else {
      console.err.write(`sealdrop ${name}: ${error.message}\n`);
      if (error instanceof UsageError) console.err.write(`\n${help}\n`);
    }
    return code;
  }
  // A bug, not a user error: say so plainly, keep the stack for the report, but no secrets are in it.
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  if (json) console.out.write(`${JSON.stringify({ ok: false, error: { code: 'internal', message: String(error) } })}\n`);
  console.err.write(`sealdrop ${name}: unexpected failure, please report it:\n${message}\n`);
  return 1;
}

if (import.meta.main) {
  // Cache compiled code between runs (Node ≥ 22.1): a command starts ~30 ms sooner the second time.
  module.enableCompileCache?.();
  const controller = new AbortController();
  // First Ctrl-C cancels cleanly (temporary output removed); a second one exits at once.
  process.once('SIGINT', () => {
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  const console: Console = { out: process.stdout, err: process.stderr, env: process.env, stdin: process.stdin };
  main(process.argv.slice(2), console, controller.signal).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`sealdrop: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
