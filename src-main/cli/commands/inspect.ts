import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { inspectAge } from '../../domain/seal/age/inspect.ts';
import { readFileBlocks } from '../../domain/seal/file-io.ts';
import { toSealdropError } from '../../domain/seal/fs-errors.ts';
import { parse, UsageError } from '../args.ts';
import { formatBytes } from '../terminal.ts';
import type { Console } from '../terminal.ts';

export const INSPECT_HELP = `Usage: sealdrop inspect <file> [--json]

Shows a sealed file's header without opening it: the recipient stanzas (who and what can open it),
the header size, the encrypted payload size and chunk count. Needs no key.`;

/** Reads a sealed file's header and sizes (no keys needed). */
export async function inspectFile(file: string): Promise<Awaited<ReturnType<typeof inspectAge>>> {
  const handle = await open(file, 'r').catch((error: unknown) => {
    throw toSealdropError(error, `reading "${file}"`);
  });
  try {
    // The file's size gives the payload size: no need to read a large file past its header.
    const { size } = await handle.stat();
    return await inspectAge(readFileBlocks(handle), { totalBytes: size });
  } finally {
    await handle.close();
  }
}

/** `sealdrop inspect`: the header of a sealed file. */
export async function runInspect(argv: readonly string[], console: Console): Promise<number> {
  const { values, positionals } = parse(argv, {});
  if (positionals.length !== 1) throw new UsageError('name exactly one sealed file to inspect');
  const file = resolve(positionals[0] as string);
  const info = await inspectFile(file);
  if (values.json) {
    console.out.write(`${JSON.stringify({ ok: true, file, ...info })}\n`);
    return 0;
  }
  const lines = [
    `${file}`,
    `  format:   age v1${info.armored ? ' (ASCII armored)' : ''}`,
    `  header:   ${formatBytes(info.headerBytes)}, ${info.stanzas.length} recipient stanza${info.stanzas.length === 1 ? '' : 's'}`,
    ...info.stanzas.map((stanza) => `    -> ${stanza.type} ${stanza.args.join(' ')}`),
    `  payload:  ${formatBytes(info.payloadBytes)} in ${info.chunks} chunk${info.chunks === 1 ? '' : 's'} of 64 KiB`,
  ];
  console.out.write(`${lines.join('\n')}\n`);
  return 0;
}
