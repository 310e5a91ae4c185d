// Links leave the app (shell.openExternal) only when https and under an allowlisted prefix.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ALLOWED_EXTERNAL_LINKS, isAllowedExternalUrl } from '../../../src-main/app/external-links.ts';

describe('isAllowedExternalUrl', () => {
  test('allows https links under the allowlisted prefixes', () => {
    for (const url of [
      'https://github.com/sealdrop/sealdrop',
      'https://github.com/sealdrop/sealdrop/issues/5#top',
      'https://age-encryption.org/v1',
      'https://www.electronjs.org/docs/latest/tutorial/security',
    ]) {
      assert.equal(isAllowedExternalUrl(url), true, url);
    }
  });

  test('refuses other schemes, even for allowlisted hosts', () => {
    for (const url of [
      'http://github.com/sealdrop/sealdrop',
      'file:///etc/passwd',
      'smb://attacker/share',
      'ms-msdt:/id PCWDiagnostic',
      'javascript:alert(1)',
      'sealdrop://network/abc',
      'app://sealdrop/index.html',
      'mailto:someone@example.com',
    ]) {
      assert.equal(isAllowedExternalUrl(url), false, url);
    }
  });

  test('refuses lookalike hosts, other paths, credentials and ports', () => {
    for (const url of [
      'https://github.com/attacker/repo',
      'https://github.com/sealdropper/x',
      'https://github.com/sealdrop/../attacker/repo',
      'https://github.com.evil.com/sealdrop/',
      'https://evil.com/github.com/sealdrop/',
      'https://github.com@evil.com/sealdrop/',
      'https://user:pw@github.com/sealdrop/x',
      'https://github.com:444/sealdrop/x',
      'https://www.electronjs.org/docs/latest/api/app',
      'https://age-encryption.org.evil.com/',
    ]) {
      assert.equal(isAllowedExternalUrl(url), false, url);
    }
  });

  test('refuses garbage and very long links', () => {
    assert.equal(isAllowedExternalUrl(''), false);
    assert.equal(isAllowedExternalUrl('github.com/sealdrop/x'), false);
    assert.equal(isAllowedExternalUrl(`https://github.com/sealdrop/${'a'.repeat(3000)}`), false);
  });

  test('every allowlist entry is an https origin with a path prefix', () => {
    for (const entry of ALLOWED_EXTERNAL_LINKS) {
      assert.equal(new URL(entry.origin).origin, entry.origin);
      assert.ok(entry.origin.startsWith('https://'));
      assert.ok(entry.pathPrefix.startsWith('/'));
    }
  });
});
