// One valid request per channel, typed by the contract (so the compiler says when a channel is
// added without an example). The malformed-input tests mutate these field by field.
import type { IpcChannel, RequestOf } from '../../../src-shared/ipc/contract.ts';

const ADDRESS = '0x00000000000000000000000000000000000000b0';
const ID = `0x${'ab'.repeat(32)}`;
const OPERATION = '0123456789abcdef0123456789abcdef';
const AGE = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';

/** A valid request for every channel. */
export const CHANNEL_EXAMPLES: { [C in IpcChannel]: RequestOf<C> } = {
  'app:info': {},
  'settings:get': {},
  'settings:set': { defaultNetwork: ID, defaultThreshold: 1, chain: { rpcUrl: 'http://127.0.0.1:8545', grantDays: 30 }, keepNodeRunning: true },
  'identity:get': {},
  'identity:unlock': { passphrase: 'correct horse' },
  'identity:lock': {},
  'identity:create': { storage: 'auto', replace: false, passphrase: 'correct horse' },
  'identity:export-backup': { passphrase: 'correct horse', output: '/tmp/backup.json' },
  'identity:import': { source: { kind: 'mnemonic', phrase: 'test test test', path: "m/44'/60'/0'/0/0" }, storage: 'auto', replace: false, passphrase: 'pw' },
  'network:list': {},
  'network:add': { source: { kind: 'link', link: 'sealdrop://network/abc' } },
  'network:share-link': { network: ID },
  'network:status': { network: ID },
  'network:start-local': {},
  'network:stop-local': {},
  'seal:plan': { paths: ['/tmp/a', '/tmp/b'] },
  'seal:start': { paths: ['/tmp/a'], recipients: [ADDRESS], network: ID, threshold: 1, ageRecipients: [AGE], outputFolder: '/tmp', fileName: 'a.sealdrop' },
  'seal:reseal': { documentId: ID, recipients: [ADDRESS], stopOldFile: true, outputFolder: '/tmp' },
  'seal:cancel': { operationId: OPERATION },
  'open:inspect': { file: '/tmp/a.sealdrop' },
  'open:start': { file: '/tmp/a.sealdrop', outputFolder: '/tmp', passphrase: 'pw' },
  'open:cancel': { operationId: OPERATION },
  'operation:status': { operationId: OPERATION },
  'documents:list': {},
  'access:list': { documentId: ID, network: ID },
  'access:grant': { documentId: ID, network: ID, addresses: [ADDRESS], until: 1_900_000_000_000 },
  'access:revoke': { documentId: ID, network: ID, addresses: [ADDRESS] },
  'access:audit': { documentId: ID, network: ID },
  'node:status': {},
  'node:setup': { name: 'my-node', http: { host: '127.0.0.1', port: 0 }, peer: { host: '127.0.0.1', port: 0 }, replace: false },
  'node:start': { config: '/tmp/node.json', network: { kind: 'file', path: '/tmp/network.json' } },
  'node:stop': {},
};
