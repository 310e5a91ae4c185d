import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { main } from '../../../src-main/cli/main.ts';
import type { Console } from '../../../src-main/cli/terminal.ts';
import { describeTree } from '../../support/tree.ts';
import { withTempDir } from './helpers.ts';

/** A Console whose output is collected, with an empty environment and a non-TTY stdin. */
function fakeConsole(): { console: Console; out: () => string; err: () => string } {
  const collector = (): { stream: Writable; text: () => string } => {
    const parts: string[] = [];
    const stream = new Writable({
      decodeStrings: false,
      write(chunk: string | Buffer, _encoding, callback) {
        parts.push(String(chunk));
        callback();
      },
    });
    return { stream, text: () => parts.join('') };
  };
  const out = collector();
  const err = collector();
  const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
  return { console: { out: out.stream, err: err.stream, env: {}, stdin }, out: out.text, err: err.text };
}

async function run(argv: readonly string[], signal = new AbortController().signal) {
  const fake = fakeConsole();
  const code = await main(argv, fake.console, signal);
  return { code, out: fake.out(), err: fake.err() };
}

describe('sealdrop CLI main()', () => {
  it('--help prints the usage with every command and exits 0', async () => {
    const { code, out, err } = await run(['--help']);
    assert.equal(code, 0);
    assert.match(out, /^Usage: sealdrop <command>/m);
    for (const command of ['keygen', 'seal', 'open', 'inspect']) assert.match(out, new RegExp(`^  ${command} `, 'm'));
    assert.equal(err, '');
  });

  it('no arguments prints the usage too', async () => {
    const { code, out } = await run([]);
    assert.equal(code, 0);
    assert.match(out, /Usage: sealdrop <command>/);
  });

  it('"help seal" and "seal --help" print the command\'s own help', async () => {
    for (const argv of [['help', 'seal'], ['seal', '--help']]) {
      const { code, out } = await run(argv);
      assert.equal(code, 0);
      assert.match(out, /^Usage: sealdrop seal /);
    }
  });

  it('--version prints the version', async () => {
    const { code, out } = await run(['--version']);
    assert.equal(code, 0);
    assert.equal(out, 'sealdrop 0.1.0\n');
  });

  it('an unknown command exits 2 and names it on stderr', async () => {
    const { code, out, err } = await run(['frobnicate']);
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.match(err, /unknown command "frobnicate"/);
  });

  it('an unknown option exits 2 with the command help', async () => {
    const { code, err } = await run(['inspect', '--bogus', 'x']);
    assert.equal(code, 2);
    assert.match(err, /--bogus/);
    assert.match(err, /Usage: sealdrop inspect/);
  });

  it('seal without recipients exits 2 and says how to name them', async () => {
    await withTempDir(async (dir) => {
      const input = path.join(dir, 'a.txt');
      await writeFile(input, 'a');
      const { code, err } = await run(['seal', input, '-o', path.join(dir, 'a.sealdrop'), '--data-dir', path.join(dir, 'data')]);
      assert.equal(code, 2);
      assert.match(err, /say who can open it: a key server network \(--network <profile>, or start the local one with "sealdrop devnet"\), --to <age1…> \(repeatable\), or --passphrase/);
    });
  });

  it('seal with --passphrase and no terminal or SEALDROP_PASSPHRASE exits 2 instead of waiting', async () => {
    await withTempDir(async (dir) => {
      const input = path.join(dir, 'a.txt');
      await writeFile(input, 'a');
      const { code, err } = await run(['seal', input, '--passphrase', '-o', path.join(dir, 'a.sealdrop')]);
      assert.equal(code, 2);
      assert.match(err, /SEALDROP_PASSPHRASE/);
    });
  });

  it('keygen --json prints the public key as JSON and the secret on stderr', async () => {
    const { code, out, err } = await run(['keygen', '--json']);
    assert.equal(code, 0);
    const result = JSON.parse(out) as { ok: boolean; publicKey: string; file: string | null };
    assert.equal(result.ok, true);
    assert.match(result.publicKey, /^age1[a-z0-9]{58}$/);
    assert.equal(result.file, null);
    assert.ok(err.includes(`# public key: ${result.publicKey}\n`), err);
    assert.match(err, /^AGE-SECRET-KEY-1[A-Z0-9]{58}$/m);
  });

  it('keygen -o never overwrites an existing file', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'key.txt');
      await writeFile(file, 'somebody else\'s key');
      const { code, err } = await run(['keygen', '-o', file]);
      assert.equal(code, 2);
      assert.match(err, /already exists/);
      assert.equal(await readFile(file, 'utf8'), 'somebody else\'s key');
    });
  });

  it('inspect on a missing file exits 1 with input-not-found in --json mode', async () => {
    await withTempDir(async (dir) => {
      const { code, out } = await run(['inspect', path.join(dir, 'missing.sealdrop'), '--json']);
      assert.equal(code, 1);
      const result = JSON.parse(out) as { ok: boolean; error: { code: string; message: string } };
      assert.equal(result.ok, false);
      assert.equal(result.error.code, 'input-not-found');
    });
  });

  it('inspect on a missing file without --json explains on stderr', async () => {
    await withTempDir(async (dir) => {
      const { code, out, err } = await run(['inspect', path.join(dir, 'missing.sealdrop')]);
      assert.equal(code, 1);
      assert.equal(out, '');
      assert.match(err, /^sealdrop inspect: .*missing\.sealdrop/);
    });
  });

  it('keygen, seal, inspect and open round-trip a folder in process', async () => {
    await withTempDir(async (dir) => {
      const source = path.join(dir, 'docs');
      await mkdir(path.join(source, 'sub'), { recursive: true });
      await writeFile(path.join(source, 'sub', 'b.txt'), 'bee');
      await writeFile(path.join(source, 'a.txt'), 'ay');
      const key = path.join(dir, 'key.txt');
      const keygen = await run(['keygen', '-o', key, '--json']);
      assert.equal(keygen.code, 0);
      const { publicKey } = JSON.parse(keygen.out) as { publicKey: string };

      const sealed = path.join(dir, 'docs.sealdrop');
      const seal = await run(['seal', source, '--to', publicKey, '-o', sealed, '--json']);
      assert.equal(seal.code, 0, seal.err);
      assert.equal((JSON.parse(seal.out) as { output: string }).output, sealed);

      const inspect = await run(['inspect', sealed, '--json']);
      assert.equal(inspect.code, 0);
      assert.deepEqual((JSON.parse(inspect.out) as { stanzas: { type: string }[] }).stanzas.map((s) => s.type), ['X25519']);

      const opened = path.join(dir, 'opened');
      const open = await run(['open', sealed, '-i', key, '-o', opened, '--json']);
      assert.equal(open.code, 0, open.err);
      assert.deepEqual(await describeTree(path.join(opened, 'docs')), await describeTree(source));
    });
  });
});
