// Pieces the handler unit tests share: a network profile whose nodes are not running (nothing
// listens on its ports), and small files to seal and open.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { publicFromSecret, randomScalar, secretFromScalar } from '../../../src-main/domain/secretstore/math/encoding.ts';
import { profileToJson, type NetworkProfile } from '../../../src-main/domain/secretstore/network/profile.ts';

/** A 3-node profile on 127.0.0.1 ports where nothing listens (port 9, discard, is closed here). */
export function unreachableProfile(name = 'Test network'): NetworkProfile {
  return {
    name,
    threshold: 1,
    acl: { type: 'owner-signed' },
    nodes: [1, 2, 3].map((i) => ({ publicKey: publicFromSecret(secretFromScalar(randomScalar())), http: `http://127.0.0.1:${i}`, peer: `/ip4/127.0.0.1/tcp/${i}` })),
  };
}

/** The JSON text of a profile, as `network:add` takes it. */
export function profileText(profile: NetworkProfile): string {
  return JSON.stringify(profileToJson(profile));
}

/** A small folder with a nested file, under `root`. */
export async function sampleFolder(root: string, name = 'report'): Promise<string> {
  const folder = join(root, name);
  await mkdir(join(folder, 'inner'), { recursive: true });
  await writeFile(join(folder, 'notes.txt'), 'quarterly numbers\n');
  await writeFile(join(folder, 'inner', 'data.bin'), Buffer.alloc(300_000, 7));
  return folder;
}
