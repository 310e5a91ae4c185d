// The network profile (PROTOCOL §2): schema (every field valid and invalid), network id = Parity's
// servers-set hash, canonical JSON, atomic file writes and the sealdrop://network/ link.
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { Point, publicFromPoint } from '../../../../src-main/domain/secretstore/math/encoding.ts';
import { decodeProfileLink, encodeProfileLink, PROFILE_LINK_PREFIX } from '../../../../src-main/domain/secretstore/network/profile-link.ts';
import {
  loadNetworkProfile,
  networkId,
  parseNetworkProfile,
  profileToJson,
  writeNetworkProfile,
  type NetworkProfileJson,
} from '../../../../src-main/domain/secretstore/network/profile.ts';
import { withTempDir } from '../../../support/temp.ts';
import { hex, toHex, vectors } from '../vectors.ts';

const key = (n: bigint): string => `0x${Buffer.from(publicFromPoint(Point.BASE.multiply(n))).toString('hex')}`;

function validJson(): NetworkProfileJson {
  return {
    sealdropNetwork: 1,
    name: 'Local network on this computer',
    nodes: [
      { publicKey: key(1n), http: 'http://127.0.0.1:48201', peer: '/ip4/127.0.0.1/tcp/48301' },
      { publicKey: key(2n), http: 'http://127.0.0.1:48202', peer: '/ip6/::1/tcp/48302' },
      { publicKey: key(3n), http: 'https://node3.example.org', peer: '/dns4/node3.example.org/tcp/48303' },
    ],
    threshold: 1,
    acl: { type: 'owner-signed' },
  };
}

/** A valid profile with one change applied. */
function variant(change: (json: Record<string, unknown> & NetworkProfileJson) => void): unknown {
  const json = structuredClone(validJson()) as Record<string, unknown> & NetworkProfileJson;
  change(json);
  return json;
}

function rejects(json: unknown, field: string, message?: RegExp): void {
  assert.throws(
    () => parseNetworkProfile(json),
    (error: Error & { code?: string; details?: Record<string, unknown> }) => {
      assert.equal(error.code, 'profile-invalid', error.message);
      assert.equal(error.details?.field, field, error.message);
      assert.ok(error.message.includes(field), error.message);
      if (message) assert.match(error.message, message);
      return true;
    },
  );
}

describe('parseNetworkProfile', () => {
  test('decodes a valid profile: key bytes, origin URLs, threshold, ACL backend', () => {
    const profile = parseNetworkProfile(validJson());
    assert.equal(profile.nodes.length, 3);
    assert.equal(profile.nodes[0]?.publicKey.length, 64);
    assert.equal(profile.nodes[2]?.http, 'https://node3.example.org');
    assert.equal(profile.threshold, 1);
    assert.deepEqual(profile.acl, { type: 'owner-signed' });
  });

  test('decodes a contract ACL backend', () => {
    const profile = parseNetworkProfile(
      variant((j) => {
        j.acl = { type: 'contract', rpcUrl: 'http://127.0.0.1:8545', address: `0x${'Ab'.repeat(20)}`, chainId: 31337 };
      }),
    );
    assert.equal(profile.acl.type, 'contract');
    assert.ok(profile.acl.type === 'contract' && toHex(profile.acl.address) === 'ab'.repeat(20));
  });

  test('rejects a wrong format version, an empty name and unknown fields', () => {
    rejects(variant((j) => Object.assign(j, { sealdropNetwork: 2 })), 'sealdropNetwork');
    rejects(variant((j) => Object.assign(j, { name: '  ' })), 'name', /must not be empty/);
    rejects(variant((j) => Object.assign(j, { extra: true })), 'profile');
    rejects(variant((j) => Object.assign(j.nodes[0] ?? {}, { extra: 1 })), 'nodes[0]');
    rejects('not an object', 'profile');
  });

  test('rejects bad node public keys: length, prefix, not on the curve, duplicates', () => {
    rejects(variant((j) => Object.assign(j.nodes[1] ?? {}, { publicKey: key(2n).slice(0, -2) })), 'nodes[1].publicKey', /128 hex/);
    rejects(variant((j) => Object.assign(j.nodes[1] ?? {}, { publicKey: key(2n).slice(2) })), 'nodes[1].publicKey');
    rejects(variant((j) => Object.assign(j.nodes[1] ?? {}, { publicKey: `0x${'00'.repeat(64)}` })), 'nodes[1].publicKey', /not a point on secp256k1/);
    rejects(variant((j) => Object.assign(j.nodes[2] ?? {}, { publicKey: key(1n) })), 'nodes[2].publicKey', /listed twice/);
  });

  test('rejects bad HTTP URLs: other schemes, paths, credentials, duplicates', () => {
    rejects(variant((j) => Object.assign(j.nodes[0] ?? {}, { http: 'ftp://127.0.0.1:1' })), 'nodes[0].http', /http/);
    rejects(variant((j) => Object.assign(j.nodes[0] ?? {}, { http: 'http://127.0.0.1:1/api' })), 'nodes[0].http', /no credentials, path/);
    rejects(variant((j) => Object.assign(j.nodes[0] ?? {}, { http: 'http://user:pw@127.0.0.1:1' })), 'nodes[0].http');
    rejects(variant((j) => Object.assign(j.nodes[0] ?? {}, { http: 'not a url' })), 'nodes[0].http', /not a URL/);
    rejects(variant((j) => Object.assign(j.nodes[1] ?? {}, { http: 'http://127.0.0.1:48201/' })), 'nodes[1].http', /listed twice/);
  });

  test('rejects bad peer multiaddrs', () => {
    for (const peer of ['/ip4/127.0.0.1/udp/1', '/ip4/999.0.0.1/tcp/1', '/ip4/127.0.0.1/tcp/0', '/ip4/127.0.0.1/tcp/70000', '/ip6/nothex/tcp/1', '/dns4/bad_name/tcp/1', '127.0.0.1:1', '/ip4/127.0.0.1/tcp/01']) {
      rejects(variant((j) => Object.assign(j.nodes[0] ?? {}, { peer })), 'nodes[0].peer');
    }
    assert.doesNotThrow(() => parseNetworkProfile(variant((j) => Object.assign(j.nodes[0] ?? {}, { peer: '/dns/localhost/tcp/1' }))));
  });

  test('rejects thresholds outside 0 ≤ t < n', () => {
    rejects(variant((j) => Object.assign(j, { threshold: 3 })), 'threshold', /below the number of nodes \(3\)/);
    rejects(variant((j) => Object.assign(j, { threshold: -1 })), 'threshold');
    rejects(variant((j) => Object.assign(j, { threshold: 1.5 })), 'threshold');
    rejects(variant((j) => Object.assign(j, { threshold: '1' })), 'threshold');
    rejects(variant((j) => Object.assign(j, { nodes: [] })), 'nodes', /at least one node/);
    assert.equal(parseNetworkProfile(variant((j) => Object.assign(j, { threshold: 0 }))).threshold, 0);
  });

  test('rejects bad ACL backends', () => {
    rejects(variant((j) => Object.assign(j, { acl: { type: 'anyone' } })), 'acl.type');
    const contract = { type: 'contract', rpcUrl: 'http://127.0.0.1:8545', address: `0x${'ab'.repeat(20)}`, chainId: 1 };
    rejects(variant((j) => Object.assign(j, { acl: { ...contract, address: '0x1234' } })), 'acl.address');
    rejects(variant((j) => Object.assign(j, { acl: { ...contract, chainId: 0 } })), 'acl.chainId');
    rejects(variant((j) => Object.assign(j, { acl: { ...contract, rpcUrl: 'ws://127.0.0.1:8545' } })), 'acl.rpcUrl');
    rejects(variant((j) => Object.assign(j, { acl: { type: 'owner-signed', rpcUrl: 'http://x' } })), 'acl');
  });
});

describe('network id, JSON, files and links', () => {
  test('the network id is Parity\'s servers-set hash (vector V6), independent of node order', () => {
    const v = vectors.servers_set_hash;
    const nodes = v.nodes.map((n, index) => ({ publicKey: hex(n), http: `http://127.0.0.1:${4000 + index}`, peer: `/ip4/127.0.0.1/tcp/${5000 + index}` }));
    const profile = parseNetworkProfile(profileToJson({ name: 'v6', nodes, threshold: 1, acl: { type: 'owner-signed' } }));
    assert.equal(toHex(networkId(profile)), v.hash);
    assert.equal(toHex(networkId({ ...profile, nodes: [...profile.nodes].reverse() })), v.hash);
  });

  test('profileToJson gives back the canonical JSON it was parsed from', () => {
    const json = validJson();
    assert.deepEqual(profileToJson(parseNetworkProfile(json)), json);
  });

  test('a link round-trips and starts with sealdrop://network/', () => {
    const profile = parseNetworkProfile(validJson());
    const link = encodeProfileLink(profile);
    assert.ok(link.startsWith(PROFILE_LINK_PREFIX));
    assert.match(link.slice(PROFILE_LINK_PREFIX.length), /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodeProfileLink(link), profile);
    assert.deepEqual(decodeProfileLink(`  ${link}\n`), profile);
  });

  test('a damaged or foreign link is profile-invalid', () => {
    const link = encodeProfileLink(parseNetworkProfile(validJson()));
    for (const bad of ['https://example.org', `${PROFILE_LINK_PREFIX}`, `${PROFILE_LINK_PREFIX}a+b/`, link.slice(0, -10), `${PROFILE_LINK_PREFIX}${Buffer.from('{"x":1}').toString('base64url')}`]) {
      assert.throws(() => decodeProfileLink(bad), { code: 'profile-invalid' }, bad);
    }
  });

  test('write then load round-trips, leaves no temporary file and replaces an old profile', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'network.json');
      await writeFile(file, 'old contents');
      const profile = parseNetworkProfile(validJson());
      await writeNetworkProfile(file, profile);
      assert.deepEqual(await loadNetworkProfile(file), profile);
      assert.deepEqual(await readdir(dir), ['network.json']);
      assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), validJson());
    });
  });

  test('writing an invalid profile fails before touching the file', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'network.json');
      const profile = { ...parseNetworkProfile(validJson()), threshold: 5 };
      await assert.rejects(writeNetworkProfile(file, profile), { code: 'profile-invalid' });
      assert.deepEqual(await readdir(dir), []);
    });
  });

  test('loading a missing file, non-JSON or an invalid profile gives the right code', async () => {
    await withTempDir(async (dir) => {
      await assert.rejects(loadNetworkProfile(path.join(dir, 'missing.json')), { code: 'input-not-found' });
      const bad = path.join(dir, 'bad.json');
      await writeFile(bad, '{ not json');
      await assert.rejects(loadNetworkProfile(bad), { code: 'profile-invalid' });
      await writeFile(bad, JSON.stringify({ ...validJson(), threshold: 9 }));
      await assert.rejects(loadNetworkProfile(bad), { code: 'profile-invalid', details: { field: 'threshold' } });
    });
  });
});
