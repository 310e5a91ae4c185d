// window.api as the preload builds it: the contract's channels and events only, listeners get the
// payload alone, unsubscribe works, launch intents are pulled (none lost, none repeated), and the
// built preload bundle is one small script that requires nothing but electron.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { build } from 'esbuild';
import { IPC_CHANNEL_NAMES, IPC_EVENTS } from '../../../src-shared/ipc/contract.ts';
import { CHOOSE_PATHS, LAUNCH_AVAILABLE, LAUNCH_TAKE, SHOW_IN_FOLDER } from '../../../src-main/app/desktop-channels.ts';
import type { LaunchIntent } from '../../../src-main/app/launch-intent.ts';
import { createApi, type ApiTransport } from '../../../src-main/preload/api.ts';
import { preloadBuild } from '../../../scripts/build.ts';

const NAMES = { channels: IPC_CHANNEL_NAMES, events: Object.keys(IPC_EVENTS) };

/** A transport like ipcRenderer: records invokes, lets the test send messages to subscribers. */
function fakeTransport(answer: (channel: string, request: unknown) => Promise<unknown> = async () => ({ ok: true, value: 'v' })) {
  const invoked: Array<[string, unknown]> = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const transport: ApiTransport = {
    invoke(channel, request) {
      invoked.push([channel, request]);
      return answer(channel, request);
    },
    on(name, handler) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      // Like ipcRenderer: the raw listener gets (event, payload); the transport passes the payload only.
      set.add(handler);
      return () => set.delete(handler);
    },
    pathForFile: () => '/dropped/file.txt',
  };
  const send = (name: string, payload?: unknown): void => {
    for (const handler of listeners.get(name) ?? []) handler(payload);
  };
  return { transport, invoked, listeners, send };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('window.api', () => {
  test('exposes exactly invoke, on, onLaunch, pathForFile, showInFolder and choosePaths, frozen', () => {
    const api = createApi(fakeTransport().transport, NAMES);
    assert.deepEqual(Object.keys(api).sort(), ['choosePaths', 'invoke', 'on', 'onLaunch', 'pathForFile', 'showInFolder']);
    assert.ok(Object.isFrozen(api));
  });

  test('showInFolder asks main on the desktop channel with { path } only, and never rejects', async () => {
    const fake = fakeTransport(async () => ({ ok: true, value: null }));
    const api = createApi(fake.transport, NAMES);
    assert.deepEqual(await api.showInFolder('/home/me/report.sealdrop'), { ok: true, value: null });
    assert.deepEqual(fake.invoked, [[SHOW_IN_FOLDER, { path: '/home/me/report.sealdrop' }]]);
    const bad = await (api.showInFolder as (path: unknown) => Promise<{ ok: boolean; error?: { code: string } }>)({ path: '/x' });
    assert.equal(bad.error?.code, 'request-invalid');
    assert.equal(fake.invoked.length, 1, 'a non-string is refused without IPC');
    const failing = createApi(fakeTransport(async () => Promise.reject(new Error('no handler'))).transport, NAMES);
    assert.equal(((await failing.showInFolder('/x')) as { error: { code: string } }).error.code, 'internal');
  });

  test('choosePaths asks main on the desktop channel with { kind } only, and never rejects', async () => {
    const fake = fakeTransport(async () => ({ ok: true, value: ['/home/me/report'] }));
    const api = createApi(fake.transport, NAMES);
    assert.deepEqual(await api.choosePaths('folder'), { ok: true, value: ['/home/me/report'] });
    assert.deepEqual(fake.invoked, [[CHOOSE_PATHS, { kind: 'folder' }]]);
    const bad = await (api.choosePaths as (kind: unknown) => Promise<{ ok: boolean; error?: { code: string } }>)({ kind: 'folder' });
    assert.equal(bad.error?.code, 'request-invalid');
    assert.equal(fake.invoked.length, 1, 'a non-string is refused without IPC');
    const failing = createApi(fakeTransport(async () => Promise.reject(new Error('no handler'))).transport, NAMES);
    assert.equal(((await failing.choosePaths('files')) as { error: { code: string } }).error.code, 'internal');
  });

  test('invoke passes the contract\'s channels and answers unknown ones without any IPC', async () => {
    const fake = fakeTransport();
    const api = createApi(fake.transport, NAMES);
    assert.deepEqual(await api.invoke('app:info', {}), { ok: true, value: 'v' });
    for (const channel of ['shell:exec', LAUNCH_TAKE, '__proto__', 'constructor', 'ELECTRON_BROWSER_REQUIRE']) {
      const result = await (api.invoke as (channel: string, request: unknown) => Promise<unknown>)(channel, {});
      assert.deepEqual((result as { error: { code: string } }).error.code, 'request-invalid', channel);
    }
    assert.deepEqual(fake.invoked, [['app:info', {}]]);
  });

  test('invoke never rejects: a failed delivery is an internal error result', async () => {
    const api = createApi(fakeTransport(async () => Promise.reject(new Error("No handler registered for 'app:info'"))).transport, NAMES);
    const result = await api.invoke('app:info', {});
    assert.equal(result.ok === false && result.error.code, 'internal');
  });

  test('on hears the contract\'s events with the payload only, and unsubscribes once', () => {
    const fake = fakeTransport();
    const api = createApi(fake.transport, NAMES);
    const heard: unknown[][] = [];
    const off = api.on('progress', (...args: unknown[]) => heard.push(args));
    fake.send('progress', { bytesDone: 1 });
    off();
    off();
    fake.send('progress', { bytesDone: 2 });
    assert.deepEqual(heard, [[{ bytesDone: 1 }]]);
    assert.equal(fake.listeners.get('progress')?.size, 0);
  });

  test('on refuses names outside the contract (no listening in on other messages) and non-functions', () => {
    const api = createApi(fakeTransport().transport, NAMES);
    const on = api.on as (event: string, listener: unknown) => () => void;
    for (const name of [LAUNCH_AVAILABLE, 'ELECTRON_RENDERER_WINDOW_OPEN', 'hasOwnProperty', '']) {
      assert.throws(() => on(name, () => {}), TypeError, name);
    }
    assert.throws(() => on('progress', 'not a function'), TypeError);
  });

  test('onLaunch delivers what was pending, then each new intent once, until unsubscribed', async () => {
    let pending: LaunchIntent[] = [{ kind: 'open-file', file: '/a.sealdrop' }];
    const fake = fakeTransport(async (channel) => {
      assert.equal(channel, LAUNCH_TAKE);
      const taken = pending;
      pending = [];
      return taken;
    });
    const api = createApi(fake.transport, NAMES);
    const heard: LaunchIntent[] = [];
    const off = api.onLaunch((intent) => heard.push(intent));
    await tick();
    assert.deepEqual(heard, [{ kind: 'open-file', file: '/a.sealdrop' }]);
    pending = [{ kind: 'network-link', link: 'sealdrop://network/QQ' }];
    fake.send(LAUNCH_AVAILABLE);
    fake.send(LAUNCH_AVAILABLE);
    await tick();
    assert.deepEqual(heard.length, 2);
    off();
    pending = [{ kind: 'open-file', file: '/b.sealdrop' }];
    fake.send(LAUNCH_AVAILABLE);
    await tick();
    assert.equal(heard.length, 2);
  });

  test('pathForFile asks the transport (webUtils.getPathForFile)', () => {
    const api = createApi(fakeTransport().transport, NAMES);
    assert.equal(api.pathForFile({} as File), '/dropped/file.txt');
  });
});

describe('the preload bundle', () => {
  test('is one small CommonJS script that requires only electron and carries the contract\'s names', async () => {
    const result = await build({ ...preloadBuild, write: false, sourcemap: false, logLevel: 'silent' });
    assert.equal(result.outputFiles.length, 1);
    const code = result.outputFiles[0]?.text ?? '';
    const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1]);
    assert.deepEqual([...new Set(required)], ['electron']);
    assert.ok(!/\bimport\s*\(|^\s*import\s/m.test(code), 'no ESM import in a sandboxed preload');
    for (const name of [...IPC_CHANNEL_NAMES, ...Object.keys(IPC_EVENTS)]) assert.ok(code.includes(JSON.stringify(name)), name);
    // Without zod and the schemas: main validates; the preload only routes.
    assert.ok(code.length < 20_000, `${code.length} bytes`);
    assert.match(code, /exposeInMainWorld\("api"/);
    assert.ok(!code.includes('exposeInMainWorld("ipcRenderer"'));
  });
});
