// A real full disk: a 2 MiB tmpfs in a private mount namespace (unshare), the real CLI writing into it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CLI_ENTRY, run, sealdrop, tempFolder } from '../support/cli.ts';

let work: { path: string; cleanup: () => Promise<void> };
let identity: string;
let publicKey: string;
let source: string;
let canMount = false;

before(async () => {
  work = await tempFolder();
  identity = join(work.path, 'me.key');
  publicKey = JSON.parse((await sealdrop(['keygen', '-o', identity, '--json'])).stdout).publicKey;
  source = join(work.path, 'big');
  await mkdir(source);
  // 4 MB of random data: larger than the 2 MiB disk, and incompressible.
  await writeFile(join(source, 'data.bin'), randomBytes(4_000_000));
  const probe = await run('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', `mount -t tmpfs -o size=1m tmpfs "${work.path}" && echo mounted`]);
  canMount = probe.code === 0 && probe.stdout.includes('mounted');
});
after(() => work.cleanup());

/**
 * Runs a shell snippet with a 2 MiB tmpfs mounted at $FULL, in a private mount namespace so the mount
 * vanishes with the process. "$NODE" "$MAIN" runs the CLI. Prints the folder listing after the command.
 */
function withFullDisk(script: string) {
  const full = join(work.path, 'full');
  return run('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c',
    `mkdir -p "${full}" && mount -t tmpfs -o size=2m tmpfs "${full}" && FULL="${full}" NODE="${process.execPath}" MAIN="${CLI_ENTRY}" sh -c '${script}'; echo "listing:$(ls -A "${full}" | tr '\\n' ' ')"`]);
}

describe('a full disk', () => {
  test('sealing fails with disk-full and leaves no partial file', async (t) => {
    if (!canMount) return t.skip('user namespaces with tmpfs mounts are not available here');
    const result = await withFullDisk(`"$NODE" "$MAIN" seal "${source}" --to ${publicKey} -o "$FULL/out.sealdrop" --json; echo "exit:$?"`);
    assert.match(result.stdout, /"code":"disk-full"/, result.stdout + result.stderr);
    assert.match(result.stdout, /exit:1/);
    assert.match(result.stdout, /listing:\s*$/m, 'the full disk must hold nothing afterwards');
  });

  test('opening fails with disk-full and leaves no partial folder', async (t) => {
    if (!canMount) return t.skip('user namespaces with tmpfs mounts are not available here');
    const sealed = join(work.path, 'big.sealdrop');
    assert.equal((await sealdrop(['seal', source, '--to', publicKey, '-o', sealed])).code, 0);
    const result = await withFullDisk(`"$NODE" "$MAIN" open "${sealed}" -i "${identity}" -o "$FULL/out" --json; echo "exit:$?"`);
    assert.match(result.stdout, /"code":"disk-full"/, result.stdout + result.stderr);
    assert.match(result.stdout, /exit:1/);
    assert.match(result.stdout, /listing:\s*$/m, 'the full disk must hold nothing afterwards');
  });
});
