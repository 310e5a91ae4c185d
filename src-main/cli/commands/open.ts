import { basename, extname, resolve } from 'node:path';
import type { Identity } from '../../domain/seal/age/recipient.ts';
import { SealdropNetworkIdentity } from '../../domain/seal/age/sealdrop-recipient.ts';
import { SEALDROP_STANZA_TYPE } from '../../domain/seal/age/sealdrop-stanza.ts';
import { identitiesFromFiles, needsPassphrase, passphraseIdentity } from '../../domain/seal/keys.ts';
import { openDocument } from '../../domain/seal/open-document.ts';
import { inspectFile } from './inspect.ts';
import { NETWORK_OPTIONS, ifExistsOption, parse, UsageError } from '../args.ts';
import { formatBytes, formatDuration, progressBar, readPassphrase } from '../terminal.ts';
import type { Console } from '../terminal.ts';

export const OPEN_HELP = `Usage: sealdrop open <file> [-i <identity file> …] [-o <folder>]

Opens a .sealdrop (or age) file. Everything is verified before anything appears: the contents are
written to a hidden temporary folder and moved into place only after the last chunk authenticates.

A file sealed to a key server network opens with your identity: Sealdrop signs a request, asks the
key holders, checks every answer's proof and combines enough of them. The network is found among
the ones this computer knows (or give --network <profile file or link>).

  -i, --identity <file>  a file with your AGE-SECRET-KEY-1… key(s); repeatable. Passphrase-sealed
                         files ask for the passphrase (or take SEALDROP_PASSPHRASE)
  -o, --output <folder>  where the contents go (default: the file's name without .sealdrop, in the
                         current folder)
  --if-exists <policy>   when the output exists: rename (default: pick "name (2)") or stop;
                         existing files are never overwritten
  -q, --quiet            no progress bar
  --json                 print the result as JSON`;

/** `sealdrop open`: verify and decrypt a sealed file into a new folder. */
export async function runOpen(argv: readonly string[], console: Console, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parse(argv, {
    identity: { type: 'string', short: 'i', multiple: true },
    output: { type: 'string', short: 'o' },
    'if-exists': { type: 'string' },
    ...NETWORK_OPTIONS,
  });
  if (positionals.length !== 1) throw new UsageError('name exactly one sealed file to open');
  const file = resolve(positionals[0] as string);
  const ifExists = ifExistsOption(values['if-exists'], ['rename', 'stop'] as const, 'rename');
  const output = resolve(values.output ?? defaultOutputName(file));

  const header = await inspectFile(file);
  let identities;
  if (needsPassphrase(header.stanzas)) {
    const passphrase = await readPassphrase(console, 'Passphrase: ');
    if (passphrase === null) throw new UsageError('this file is sealed with a passphrase: run in a terminal, or set SEALDROP_PASSPHRASE');
    identities = [passphraseIdentity(passphrase)];
  } else {
    const files = values.identity ?? [];
    const sealedToNetwork = header.stanzas.some((stanza) => stanza.type === SEALDROP_STANZA_TYPE);
    if (files.length === 0 && !sealedToNetwork) throw new UsageError('say which key opens it: -i <identity file> (made by "sealdrop keygen")');
    // Offline keys first: a file also sealed to an age1… key you hold opens without the network.
    identities = files.length === 0 ? [] : await identitiesFromFiles(files);
    if (sealedToNetwork) identities.push(networkIdentity(values, console, signal));
  }

  const bar = progressBar(console.err, !values.quiet && !values.json);
  let result;
  try {
    result = await openDocument({ file, identities, output, ifExists, onProgress: bar.listener, signal });
  } finally {
    bar.done();
  }
  if (values.json) {
    console.out.write(`${JSON.stringify({ ok: true, ...result })}\n`);
    return 0;
  }
  const what = result.kind === 'folder' ? `${result.entries} entr${result.entries === 1 ? 'y' : 'ies'}` : 'one file';
  console.out.write(`Opened ${what} (${formatBytes(result.bytes)}) into ${result.output} in ${formatDuration(result.seconds)}\n`);
  return 0;
}

/** Opens the network stanza: the user's signed request, verified answers from t+1 key holders. */
function networkIdentity(values: { network?: string; 'data-dir'?: string; quiet?: boolean; json?: boolean }, console: Console, signal: AbortSignal): Identity {
  return new SealdropNetworkIdentity(async (fields) => {
    // Loaded only for files sealed to a network, so opening an age file stays light.
    const { retrieveForStanza } = await import('../open-from-network.ts');
    return retrieveForStanza(fields, values, console, signal);
  });
}

/** "report.sealdrop" → "report"; "x.age" → "x"; anything else → "<name>.opened". */
function defaultOutputName(file: string): string {
  const name = basename(file);
  const ext = extname(name);
  if (ext === '.sealdrop' || ext === '.age') return name.slice(0, -ext.length) || 'opened';
  return `${name}.opened`;
}
