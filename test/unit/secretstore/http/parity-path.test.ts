// Parity's request parser, checked against the cases of Parity's own tests
// (`http_listener.rs` parse_request_successful / parse_request_failed) and the encodings under it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseParityRequest } from '../../../../src-main/domain/secretstore/node/http/parity-path.ts';
import {
  checksumAddress,
  parseAddressText,
  parseRustUsize,
  percentDecodePath,
} from '../../../../src-main/domain/secretstore/node/http/wire-encoding.ts';

// Parity's fixtures (note the signature's v = 01).
const ID = '0000000000000000000000000000000000000000000000000000000000000001';
const SIG = 'a199fb39e11eefb61c78a4074a53c0d4424600a3e74aad4fb9d93a26c30d067e1d4d29936de0c73f19827394a1dd049480a0d581aee7ae7546968da7d3d1c2fd01';
const C = 'b486d3840218837b035c66196ecb15e6b067ca20101e11bd5e626288ab6806ecc70b8307012626bd512bad1559112d11d21025cef48cc7a1d2f3976da08f36c8';
const E = '1395568277679f7f583ab7c0992da35f26cde57149ee70e524e49bdae62db3e18eb96122501e7cbb798b784395d7bb5a499edead0706638ad056d886e56cf8fb';
const HASH = '281b6bf43cb86d0dc7b98e1b7def4a80f3ce16d28d2308f934f116767306f06c';

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

describe('Parity request parsing', () => {
  test('parses every route of Parity parse_request_successful', () => {
    const generate = parseParityRequest('POST', `/shadow/${ID}/${SIG}/2`);
    assert.equal(generate.kind, 'generate-server-key');
    assert.ok(generate.kind === 'generate-server-key' && generate.threshold === 2n && hex(generate.documentId) === ID && hex(generate.signature) === SIG);

    const store = parseParityRequest('POST', `/shadow/${ID}/${SIG}/${C}/${E}`);
    assert.ok(store.kind === 'store-document-key' && hex(store.commonPoint) === C && hex(store.encryptedPoint) === E);

    assert.equal(parseParityRequest('POST', `/${ID}/${SIG}/2`).kind, 'generate-document-key');
    assert.equal(parseParityRequest('GET', `/server/${ID}/${SIG}`).kind, 'server-key');
    assert.equal(parseParityRequest('GET', `/${ID}/${SIG}`).kind, 'document-key');
    assert.equal(parseParityRequest('GET', `/shadow/${ID}/${SIG}`).kind, 'document-key-shadow');
    const schnorr = parseParityRequest('GET', `/schnorr/${ID}/${SIG}/${HASH}`);
    assert.ok(schnorr.kind === 'schnorr-sign' && hex(schnorr.messageHash) === HASH);
    assert.equal(parseParityRequest('GET', `/ecdsa/${ID}/${SIG}/${HASH}`).kind, 'ecdsa-sign');
    assert.equal(parseParityRequest('POST', `/admin/servers_set_change/${SIG}/${SIG}`).kind, 'servers-set-change');
  });

  test('percent-decodes before splitting, as Parity does (%30 is "0", %2F a separator)', () => {
    const request = parseParityRequest('GET', `/%30${ID.slice(1)}/${SIG}`);
    assert.ok(request.kind === 'document-key' && hex(request.documentId) === ID);
    assert.equal(parseParityRequest('GET', `/shadow%2F${ID}%2F${SIG}`).kind, 'document-key-shadow');
  });

  test('refuses every case of Parity parse_request_failed', () => {
    const invalid = [
      ['GET', ''],
      ['GET', '/shadow'],
      ['GET', '///2'],
      ['GET', '/shadow///2'],
      ['GET', `/${ID}`],
      ['GET', `/${ID}/`],
      ['GET', '/a/b'],
      ['GET', `/schnorr/${ID}/${SIG}/${HASH}/${HASH}`],
      ['GET', `/ecdsa/${ID}/${SIG}/${HASH}/${HASH}`],
      ['POST', '/admin/servers_set_change/xxx/yyy'],
    ] as const;
    for (const [method, target] of invalid) assert.equal(parseParityRequest(method, target).kind, 'invalid', `${method} ${target}`);
  });

  test('refuses 0x params, a trailing slash, an extra segment, a wrong method and OPTIONS (A30)', () => {
    const invalid = [
      ['GET', `/shadow/0x${ID}/${SIG}`],
      ['GET', `/shadow/${ID}/0x${SIG}`],
      ['POST', `/shadow/${ID}/${SIG}/0x2`],
      ['POST', `/shadow/${ID}/${SIG}/0x${C}/${E}`],
      ['GET', `/shadow/${ID}/${SIG}/`],
      ['POST', `/shadow/${ID}/${SIG}/2/`],
      ['GET', `/shadow/${ID}/${SIG}/extra`],
      ['POST', `/shadow/${ID}/${SIG}`],
      ['GET', `/shadow/${ID}/${SIG}/2`],
      ['PUT', `/shadow/${ID}/${SIG}/2`],
      ['OPTIONS', `/shadow/${ID}/${SIG}`],
      ['HEAD', `/server/${ID}/${SIG}`],
      ['GET', `/shadow/${ID}/${SIG.slice(0, 128)}`],
      ['GET', `/shadow/${ID}/${SIG}00`],
      ['GET', '*'],
      ['GET', '/shadow/%ff%fe/x'],
    ] as const;
    for (const [method, target] of invalid) assert.equal(parseParityRequest(method, target).kind, 'invalid', `${method} ${target}`);
  });

  test('accepts uppercase hex, leading slashes, a query string and an absolute-form target, as hyper and fixed-hash did', () => {
    assert.equal(parseParityRequest('GET', `//shadow/${ID.toUpperCase()}/${SIG.toUpperCase()}?x=1`).kind, 'document-key-shadow');
    assert.equal(parseParityRequest('GET', `http://127.0.0.1:8082/shadow/${ID}/${SIG}`).kind, 'document-key-shadow');
  });

  test('reads the threshold as Rust usize: digits with an optional +, at most 2^64 - 1', () => {
    assert.equal(parseRustUsize('0'), 0n);
    assert.equal(parseRustUsize('+5'), 5n);
    assert.equal(parseRustUsize('18446744073709551615'), 18446744073709551615n);
    for (const bad of ['', '+', '-1', ' 1', '1 ', '0x1', '1e3', '18446744073709551616']) assert.equal(parseRustUsize(bad), null, bad);
  });
});

describe('wire encodings', () => {
  test('percent decoding keeps a lone % and refuses invalid UTF-8', () => {
    assert.equal(percentDecodePath('/a%2fb%zz%4'), '/a/b%zz%4');
    assert.equal(percentDecodePath('/%c3%a9'), '/é');
    assert.equal(percentDecodePath('/%ff'), null);
  });

  test('addresses print EIP-55 and parse only with a right checksum when mixed-case', () => {
    // The EIP-55 specification's own example.
    const text = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
    const bytes = parseAddressText(text);
    assert.ok(bytes !== null);
    assert.equal(checksumAddress(bytes), text);
    assert.ok(parseAddressText(text.toLowerCase()) !== null);
    assert.ok(parseAddressText(`0x${text.slice(2).toUpperCase()}`) !== null);
    assert.equal(parseAddressText(text.replace('aA', 'Aa')), null);
    assert.equal(parseAddressText(text.slice(2)), null);
  });
});
