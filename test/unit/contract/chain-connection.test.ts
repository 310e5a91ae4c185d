// Reaching the chain: a fake JSON-RPC endpoint on 127.0.0.1 stands in for faults a real chain does
// not produce on demand (silence, the wrong chain id).
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { after, describe, test } from 'node:test';
import { chainProvider, checkChainId } from '../../../src-main/domain/secretstore/acl/contract/chain-connection.ts';

type Handler = (method: string) => unknown;

/** A JSON-RPC endpoint answering each method with `handler(method)`; counts requests per method. */
async function fakeChain(handler: Handler): Promise<{ url: string; calls: Map<string, number>; close(): Promise<void> }> {
  const calls = new Map<string, number>();
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const { id, method } = JSON.parse(body) as { id: number; method: string };
      calls.set(method, (calls.get(method) ?? 0) + 1);
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ jsonrpc: '2.0', id, result: handler(method) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A TCP endpoint that accepts connections and never says a word. */
async function silentEndpoint(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: TcpServer = createTcpServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port nothing listens on (bound, then released). */
async function closedPortUrl(): Promise<string> {
  const probe = await silentEndpoint();
  await probe.close();
  return probe.url;
}

describe('chain connection', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  after(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  test('accepts the chain the profile names', async () => {
    const chain = await fakeChain((method) => (method === 'eth_chainId' ? '0x7a69' : null));
    cleanups.push(chain.close);
    const provider = chainProvider(chain.url, 31337);
    cleanups.push(() => provider.destroy());
    await checkChainId(provider, 31337);
  });

  test('treats another chain as unreachable, naming both ids', async () => {
    const chain = await fakeChain(() => '0x1');
    cleanups.push(chain.close);
    const provider = chainProvider(chain.url, 31337);
    cleanups.push(() => provider.destroy());
    await assert.rejects(checkChainId(provider, 31337), {
      code: 'node-unreachable',
      message: `the chain at ${chain.url} cannot be reached (it is chain 1, but the network profile names chain 31337)`,
    });
  });

  test('gives up on a silent endpoint after the time limit', async () => {
    const silent = await silentEndpoint();
    cleanups.push(silent.close);
    const provider = chainProvider(silent.url, 31337, { timeoutMs: 300 });
    cleanups.push(() => provider.destroy());
    const started = performance.now();
    await assert.rejects(checkChainId(provider, 31337, { timeoutMs: 300 }), { code: 'node-unreachable', message: new RegExp(`^the chain at ${silent.url} cannot be reached \\(`) });
    assert.ok(performance.now() - started < 2000);
  });

  test('reports a refused connection as unreachable', async () => {
    const url = await closedPortUrl();
    const provider = chainProvider(url, 31337);
    cleanups.push(() => provider.destroy());
    await assert.rejects(checkChainId(provider, 31337), { code: 'node-unreachable', message: new RegExp(`^the chain at ${url} cannot be reached \\(.*ECONNREFUSED`) });
  });

  test('never answers a call from a cache: every check reaches the chain', async () => {
    const chain = await fakeChain((method) => (method === 'eth_call' ? `0x${'0'.repeat(63)}1` : '0x7a69'));
    cleanups.push(chain.close);
    const provider = chainProvider(chain.url, 31337);
    cleanups.push(() => provider.destroy());
    const call = { to: '0x5FbDB2315678afecb367f032d93F642f64180aa3', data: '0xb36a9a7c' };
    await provider.call(call);
    await provider.call(call);
    assert.equal(chain.calls.get('eth_call'), 2);
  });
});
