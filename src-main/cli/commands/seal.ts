import { basename, resolve } from 'node:path';
import { passphraseRecipient, recipientsFromArguments } from '../../domain/seal/keys.ts';
import { sealDocument } from '../../domain/seal/seal-document.ts';
import { ifExistsOption, parse, UsageError } from '../args.ts';
import { formatBytes, formatDuration, progressBar, readPassphrase } from '../terminal.ts';
import type { Console } from '../terminal.ts';

export const SEAL_HELP = `Usage: sealdrop seal <files and folders…> (--to <recipient> … | --passphrase) [-o <file>]

Seals the given files and folders (names, sizes and structure included) into one .sealdrop file.

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
  });
  if (positionals.length === 0) throw new UsageError('name at least one file or folder to seal');
  const to = values.to ?? [];
  if (values.passphrase && to.length > 0) throw new UsageError('a passphrase-sealed file has no other recipients (age spec): use --to or --passphrase, not both');
  if (!values.passphrase && to.length === 0) throw new UsageError('say who can open it: --to <age1…> (repeatable) or --passphrase');
  const ifExists = ifExistsOption(values['if-exists'], ['rename', 'stop', 'replace'] as const, 'rename');
  const first = positionals[0] as string;
  const output = resolve(values.output ?? `${basename(resolve(first)) || 'sealed'}.sealdrop`);

  let recipients;
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
  }

  const bar = progressBar(console.err, !values.quiet && !values.json);
  let result;
  try {
    result = await sealDocument({ paths: positionals, recipients, output, ifExists, onProgress: bar.listener, signal });
  } finally {
    bar.done();
  }
  if (values.json) {
    console.out.write(`${JSON.stringify({ ok: true, ...result })}\n`);
    return 0;
  }
  const rate = result.seconds > 0 ? `, ${formatBytes(result.bytesIn / result.seconds)}/s` : '';
  console.out.write(
    `Sealed ${result.entries} entr${result.entries === 1 ? 'y' : 'ies'} (${formatBytes(result.bytesIn)}) into ${result.output}` +
      ` (${formatBytes(result.bytesOut)}) in ${formatDuration(result.seconds)}${rate}\n`,
  );
  for (const skipped of result.skipped) console.err.write(`  left out ${skipped.name}: ${skipped.reason}\n`);
  return 0;
}
