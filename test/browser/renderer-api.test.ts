// The renderer's api outside the browser: the preload's window.api has the shape the renderer relies
// on (checked by the type checker), the browser-mode client turns every HTTP outcome into an
// IpcResult, and the desktop adapter says "no path" as null. Plain Node; no browser needed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SealdropApi } from '../../src-main/preload/api-types.ts';
import type { WindowApi } from '../../src-renderer/api/api-types.ts';
import { desktopApi } from '../../src-renderer/api/desktop-api.ts';
import { httpApi } from '../../src-renderer/api/http-api.ts';

/** Compile-time check: what the preload exposes is what the renderer expects of window.api. */
export const preloadFitsRenderer = (api: SealdropApi): WindowApi => api;

const TOKEN = 'ab'.repeat(32);

/** A fetch that answers once with `status` and `body`, and records what it was asked. */
function fakeFetch(status: number, body: string): { fetch: typeof fetch; calls: Array<{ url: string; init: RequestInit | undefined }> } {
  const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
  return {
    calls,
    fetch: (async (url: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: String(url), init });
      return new Response(body, { status, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch,
  };
}

describe('the browser-mode api client', () => {
  test('posts the request as JSON to /api/invoke/<channel> with the session token, and answers the result', async () => {
    const fake = fakeFetch(200, JSON.stringify({ ok: true, value: { entries: 1, files: 1, bytes: 5, names: ['a'], skipped: [] } }));
    const result = await httpApi(TOKEN, fake.fetch).invoke('seal:plan', { paths: ['/a'] });
    assert.deepEqual(result, { ok: true, value: { entries: 1, files: 1, bytes: 5, names: ['a'], skipped: [] } });
    assert.equal(fake.calls[0]?.url, '/api/invoke/seal:plan');
    assert.equal(fake.calls[0]?.init?.method, 'POST');
    assert.deepEqual(fake.calls[0]?.init?.headers, { 'content-type': 'application/json', 'x-sealdrop-token': TOKEN });
    assert.equal(fake.calls[0]?.init?.body, '{"paths":["/a"]}');
  });

  test('passes a refusal through unchanged', async () => {
    const refusal = { ok: false, error: { code: 'access-denied', message: 'no', details: { owner: '0x' + '1'.repeat(40) } } };
    assert.deepEqual(await httpApi(TOKEN, fakeFetch(200, JSON.stringify(refusal)).fetch).invoke('app:info', {}), refusal);
  });

  test('a 401 says the session token is missing, without asking when there is no token at all', async () => {
    const refused = await httpApi(TOKEN, fakeFetch(401, 'a valid session token is needed\n').fetch).invoke('app:info', {});
    assert.equal(refused.ok ? 'ok' : refused.error.code, 'access-denied');
    const none = fakeFetch(200, '{}');
    const noToken = await httpApi(null, none.fetch).invoke('app:info', {});
    assert.match(noToken.ok ? '' : noToken.error.message, /#token=/);
    assert.equal(none.calls.length, 0);
  });

  test('no answer, or an answer that is not a result, becomes an internal error', async () => {
    const down = await httpApi(TOKEN, (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch).invoke('app:info', {});
    assert.match(down.ok ? '' : `${down.error.code} ${down.error.message}`, /^internal Sealdrop is not answering/);
    const odd = await httpApi(TOKEN, fakeFetch(404, 'not found').fetch).invoke('app:info', {});
    assert.equal(odd.ok ? 'ok' : odd.error.code, 'internal');
    const shapeless = await httpApi(TOKEN, fakeFetch(200, '{"value":1}').fetch).invoke('app:info', {});
    assert.equal(shapeless.ok ? 'ok' : shapeless.error.code, 'internal');
  });

  test('refuses a channel name that is not domain:verb before sending anything', async () => {
    const fake = fakeFetch(200, '{}');
    const result = await httpApi(TOKEN, fake.fetch).invoke('../api/events' as 'app:info', {});
    assert.equal(result.ok ? 'ok' : result.error.code, 'request-invalid');
    assert.equal(fake.calls.length, 0);
  });
});

describe('the desktop api adapter', () => {
  test('passes calls to window.api and says "no path" as null', async () => {
    const calls: string[] = [];
    const windowApi: WindowApi = {
      invoke: (async (channel: string) => {
        calls.push(channel);
        return { ok: true, value: {} };
      }) as WindowApi['invoke'],
      on: () => () => undefined,
      onLaunch: () => () => undefined,
      pathForFile: (file) => (file.name === 'known' ? '/home/me/known' : ''),
    };
    const api = desktopApi(windowApi);
    assert.equal(api.face, 'desktop');
    await api.invoke('app:info', {});
    assert.deepEqual(calls, ['app:info']);
    assert.equal(api.pathForFile(new File(['x'], 'known')), '/home/me/known');
    assert.equal(api.pathForFile(new File(['x'], 'other')), null);
    assert.equal(api.showInFolder, null, 'a window.api without showInFolder offers none');
  });
});
