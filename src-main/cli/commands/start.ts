import { join } from 'node:path';
import { parse, UsageError } from '../args.ts';
import type { Console } from '../terminal.ts';
import { runLocalNetwork } from './devnet.ts';
import { openVault } from './identity.ts';

export const START_HELP = `Usage: sealdrop start [--data-dir <folder>] [--json]

Starts Sealdrop's main job on this computer. Until the desktop app exists that is the embedded local
network: with nothing else configured, it makes your identity (in the OS keychain) if you have none,
then starts the local network of 3 key server nodes (any 2 open a document) and keeps it running
until Ctrl-C. The keys stay on this computer. In another terminal:

  sealdrop seal <files and folders> -o doc.sealdrop     seal to the local network
  sealdrop grant doc.sealdrop 0xADDRESS                 let someone else open it
  sealdrop open doc.sealdrop                            open it with your identity`;

/** `sealdrop start` (and `npm start`): identity if missing, then the local network. */
export async function runStart(argv: readonly string[], console: Console, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parse(argv, { 'data-dir': { type: 'string' } });
  if (positionals.length > 0) throw new UsageError(`start takes no arguments (got "${positionals[0]}")`);
  const { vault, dataDir } = openVault(values['data-dir'], console);
  const json = values.json === true;
  if (await vault.exists('identity')) {
    const info = await vault.show('identity');
    if (!json) console.out.write(`Your identity: ${info.address}\n`);
  } else {
    const stored = await vault.create('identity');
    if (!json) {
      console.out.write(`Made your identity: ${stored.key.address} (kept in ${stored.info.keychain === null ? 'an encrypted keystore file' : 'the OS keychain'}).\n`);
      console.out.write('Back it up with: sealdrop identity export -o <file>\n');
    }
  }
  return runLocalNetwork({ dir: join(dataDir, 'devnet'), nodes: 3, threshold: 1, json, console, signal });
}
