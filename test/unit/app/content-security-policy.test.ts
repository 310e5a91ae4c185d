// The CSP of every app:// response: our own scripts and styles only, nothing remote, nothing inline.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { contentSecurityPolicy, cspDirectives } from '../../../src-main/app/content-security-policy.ts';
import { contentTypeFor, rendererResponseHeaders } from '../../../src-main/app/renderer-files.ts';

function parse(policy: string): Map<string, string> {
  return new Map(policy.split('; ').map((directive) => {
    const [name, ...values] = directive.split(' ');
    return [name ?? '', values.join(' ')];
  }));
}

describe('contentSecurityPolicy', () => {
  const policy = parse(contentSecurityPolicy());

  test('denies by default and allows only our own scripts, styles and fonts', () => {
    assert.equal(policy.get('default-src'), "'none'");
    assert.equal(policy.get('script-src'), "'self'");
    assert.equal(policy.get('style-src'), "'self'");
    assert.equal(policy.get('font-src'), "'self'");
    assert.equal(policy.get('img-src'), "'self' data: blob:");
  });

  test('has no unsafe-inline, unsafe-eval, wildcard, http(s) or file source anywhere', () => {
    const text = contentSecurityPolicy();
    for (const bad of ["'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'", '*', 'http:', 'https:', 'file:', 'ws:']) {
      assert.ok(!text.includes(bad), `${bad} in ${text}`);
    }
  });

  test('the desktop renderer connects nowhere; the browser mode may connect to its own origin', () => {
    assert.equal(policy.get('connect-src'), "'none'");
    assert.equal(parse(contentSecurityPolicy({ connectToSelf: true })).get('connect-src'), "'self'");
  });

  test('forbids frames, plugins, workers, forms, <base> and being framed', () => {
    for (const name of ['object-src', 'frame-src', 'worker-src', 'media-src', 'manifest-src', 'base-uri', 'form-action', 'frame-ancestors']) {
      assert.equal(policy.get(name), "'none'", name);
    }
  });

  test('names each directive once', () => {
    const names = cspDirectives().map(([name]) => name);
    assert.equal(new Set(names).size, names.length);
  });
});

describe('renderer response headers', () => {
  test('every served file carries the CSP, nosniff, no referrer and same-origin isolation', () => {
    const headers = rendererResponseHeaders('/x/dist/renderer/index.html');
    assert.equal(headers['content-security-policy'], contentSecurityPolicy());
    assert.equal(headers['x-content-type-options'], 'nosniff');
    assert.equal(headers['referrer-policy'], 'no-referrer');
    assert.equal(headers['cross-origin-opener-policy'], 'same-origin');
    assert.equal(headers['cross-origin-resource-policy'], 'same-origin');
    assert.equal(headers['content-type'], 'text/html; charset=utf-8');
  });

  test('content types by extension, unknown ones as octet-stream (never sniffed into HTML)', () => {
    assert.equal(contentTypeFor('a/app.js'), 'text/javascript; charset=utf-8');
    assert.equal(contentTypeFor('a/app.CSS'), 'text/css; charset=utf-8');
    assert.equal(contentTypeFor('a/logo.svg'), 'image/svg+xml');
    assert.equal(contentTypeFor('a/font.woff2'), 'font/woff2');
    assert.equal(contentTypeFor('a/notes.sealdrop'), 'application/octet-stream');
    assert.equal(contentTypeFor('a/noext'), 'application/octet-stream');
  });
});
