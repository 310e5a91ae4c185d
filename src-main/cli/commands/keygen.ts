import { writeFile } from 'node:fs/promises';
import { generateKeyPair, identityFileText } from '../../domain/seal/keys.ts';
import { parse, UsageError } from '../args.ts';
import type { Console } from '../terminal.ts';

export const KEYGEN_HELP = `Usage: sealdrop keygen [-o <identity file>] [--json]

Makes a new key pair for receiving sealed files. The secret key (AGE-SECRET-KEY-1…) goes to the
file given with -o (created with mode 600, never overwritten) or to standard output; the public key
(age1…) is printed for you to give to senders. Compatible with age-keygen.`;

/** `sealdrop keygen`: a new X25519 identity. */
export async function runKeygen(argv: readonly string[], console: Console): Promise<number> {
  const { values, positionals } = parse(argv, { output: { type: 'string', short: 'o' } });
  if (positionals.length > 0) throw new UsageError(`keygen takes no arguments (got "${positionals[0]}")`);
  const pair = generateKeyPair();
  const text = identityFileText(pair, new Date());
  if (values.output !== undefined) {
    try {
      // 'wx': an existing identity file is somebody's key; never overwrite it.
      await writeFile(values.output, text, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`"${values.output}" already exists; it may hold a key, so it is left alone`);
      throw error;
    }
  }
  if (values.json) {
    console.out.write(`${JSON.stringify({ ok: true, publicKey: pair.publicKey, file: values.output ?? null })}\n`);
    if (values.output === undefined) console.err.write(text);
  } else if (values.output === undefined) {
    console.out.write(text);
  } else {
    console.out.write(`Public key: ${pair.publicKey}\n`);
  }
  return 0;
}
