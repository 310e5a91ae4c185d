import { access } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Recipient } from '../../domain/seal/age/recipient.ts';
import { passphraseRecipient, recipientsFromArguments } from '../../domain/seal/keys.ts';
import { sealDocument } from '../../domain/seal/seal-document.ts';
import { defaultNetworkPath } from '../../domain/secretstore/network/default-network-path.ts';
import { NETWORK_OPTIONS, dataDirOf, ifExistsOption, parse, UsageError } from '../args.ts';
import { formatBytes, formatDuration, progressBar, readPassphrase } from '../terminal.ts';
import type { Console } from '../terminal.ts';

export const SEAL_HELP = `Usage: sealdrop seal <files and folders…> [--network <profile>] [--grant <0xADDRESS> …] [-o <file>]
       sealdrop seal <files and folders…> (--to <recipient> … | --passphrase) [-o <file>]

Seals the given files and folders (names, sizes and structure included) into one .sealdrop file.

By default the key is held by a key server network: its key holders create a fresh key for this
document, any t+1 of them can release it, and only to you and the addresses you grant (change that
later with "sealdrop grant|revoke", without touching the file). Needs your identity ("sealdrop
identity new"). Without --network the local network of "sealdrop devnet" is used.

  --network <profile>    the network: a profile file or a sealdrop://network/… link
  --threshold <t>        t+1 key holders are needed to open it (default: the network's)
  --grant <0xADDRESS>    who else may open it; repeatable
  --data-dir <folder>    where your identity and known networks live (default: SEALDROP_HOME or
                         ~/.config/sealdrop)
  -t, --to <recipient>   an age1… public key, or a file of them (one per line); repeatable
  -p, --passphrase       seal with a passphrase instead (asked on the terminal, or taken from
                         SEALDROP_PASSPHRASE); cannot be combined with --to
  -o, --output <file>    where to write (default: <first name>.sealdrop in the current folder)
  --if-exists <policy>   when the output exists: rename (default: pick "name (2).sealdrop"),
                         stop, or replace
  -q, --quiet            no progress bar
  --json                 print the result as JSON

Files open with "sealdrop open", and also with "age -d" (then "tar -x" for the contents).`;

/** `sealdrop seal`: pack and encrypt files and folders into one `.sealdrop` file. */
export async function runSeal(argv: readonly string[], console: Console, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parse(argv, {
    to: { type: 'string', short: 't', multiple: true },
    passphrase: { type: 'boolean', short: 'p' },
    output: { type: 'string', short: 'o' },
    'if-exists': { type: 'string' },
    threshold: { type: 'string' },
    grant: { type: 'string', multiple: true },
    ...NETWORK_OPTIONS,
  });
  if (positionals.length === 0) throw new UsageError('name at least one file or folder to seal');
  const to = values.to ?? [];
  const asksForNetwork = values.network !== undefined || values.grant !== undefined || values.threshold !== undefined;
  if (values.passphrase && (to.length > 0 || asksForNetwork)) {
    throw new UsageError('a passphrase-sealed file has no other recipients (age spec): use --passphrase alone');
  }
  const toNetwork = asksForNetwork || (!values.passphrase && to.length === 0);
  if (toNetwork && !asksForNetwork && !(await hasDefaultNetwork(values['data-dir'], console))) {
    throw new UsageError('say who can open it: a key server network (--network <profile>, or start the local one with "sealdrop devnet"), --to <age1…> (repeatable), or --passphrase');
  }
  const ifExists = ifExistsOption(values['if-exists'], ['rename', 'stop', 'replace'] as const, 'rename');
  const first = positionals[0] as string;
  const output = resolve(values.output ?? `${basename(resolve(first)) || 'sealed'}.sealdrop`);

  let recipients: Recipient[];
  let document: Awaited<ReturnType<typeof import('../seal-to-network.ts').sealToNetwork>> | null = null;
  if (values.passphrase) {
    const passphrase = await readPassphrase(console, 'Passphrase: ');
    if (passphrase === null) throw new UsageError('a passphrase is needed: run in a terminal, or set SEALDROP_PASSPHRASE');
    if (console.env.SEALDROP_PASSPHRASE === undefined) {
      const again = await readPassphrase(console, 'Passphrase again: ');
      if (again !== passphrase) throw new UsageError('the two passphrases differ; nothing was sealed');
    }
    if (passphrase.length === 0) throw new UsageError('an empty passphrase protects nothing');
    recipients = [passphraseRecipient(passphrase)];
  } else {
    recipients = await recipientsFromArguments(to);
    if (toNetwork) {
      const { sealToNetwork } = await import('../seal-to-network.ts');
      document = await sealToNetwork(values, console, signal);
      recipients.unshift(document.recipient);
    }
  }

  const bar = progressBar(console.err, !values.quiet && !values.json);
  let result;
  try {
    result = await sealDocument({ paths: positionals, recipients, output, ifExists, onProgress: bar.listener, signal });
  } finally {
    bar.done();
  }
  const summary = document === null ? null : { id: document.documentId, network: document.network, threshold: document.threshold, granted: document.granted };
  if (values.json) {
    console.out.write(`${JSON.stringify({ ok: true, ...result, document: summary })}\n`);
    return 0;
  }
  const rate = result.seconds > 0 ? `, ${formatBytes(result.bytesIn / result.seconds)}/s` : '';
  console.out.write(
    `Sealed ${result.entries} entr${result.entries === 1 ? 'y' : 'ies'} (${formatBytes(result.bytesIn)}) into ${result.output}` +
      ` (${formatBytes(result.bytesOut)}) in ${formatDuration(result.seconds)}${rate}\n`,
  );
  for (const skipped of result.skipped) console.err.write(`  left out ${skipped.name}: ${skipped.reason}\n`);
  if (summary !== null) {
    console.out.write(`Document ${summary.id}: any ${summary.threshold + 1} key holders of network ${summary.network.slice(0, 14)}… open it for you${summary.granted.length > 0 ? ` and ${summary.granted.join(', ')}` : ''}.\n`);
  }
  return 0;
}

/** True when the local devnet (the default network) has been set up in the data folder. */
async function hasDefaultNetwork(dataDirOption: string | undefined, console: Console): Promise<boolean> {
  try {
    await access(defaultNetworkPath(dataDirOf(dataDirOption, console)));
    return true;
  } catch {
    // No devnet profile: the user has to name recipients.
    return false;
  }
}
