// The requester side of the protocol: dial the node on demand (libp2p reuses an open connection),
// open a stream, send one request, read one response. Every failure leaves here as a SealdropError
// that names the node, so sessions can report "node 0x1a2b…9f0e is unreachable" as it is.
import type { Connection, Libp2p, Stream } from '@libp2p/interface';
import { SealdropError } from '../../../../../src-shared/errors.ts';
import { KEYSERVER_PROTOCOL, messageStream, readMessage, type JsonObject } from './message-codec.ts';
import type { KnownPeer } from './peer-allowlist.ts';

/** Limits for one outbound request. */
export type OutboundOptions = {
  /** The whole request (connect, send, answer) must finish within this many milliseconds. */
  timeoutMs: number;
  /** The caller's cancellation; its reason is rethrown when it is a SealdropError. */
  signal?: AbortSignal;
  maxMessageBytes: number;
};

/** How far a request got: failures before a connection exists mean the node is unreachable. */
type Progress = { phase: 'connect' | 'exchange' };

/** Sends an already encoded request to a listed peer and returns its parsed response object. */
export async function sendRequest(node: Libp2p, peer: KnownPeer, body: Uint8Array, options: OutboundOptions): Promise<JsonObject> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
  const signal = options.signal === undefined ? deadline.signal : AbortSignal.any([deadline.signal, options.signal]);
  const progress: Progress = { phase: 'connect' };
  let stream: Stream | undefined;
  try {
    if (options.signal?.aborted === true) throw options.signal.reason;
    stream = await openStream(node, peer, signal, progress);
    return await exchange(stream, body, signal, options.maxMessageBytes);
  } catch (error) {
    stream?.abort(error instanceof Error ? error : new Error('request failed'));
    throw describeFailure(error, progress.phase, deadline.signal.aborted, peer, options);
  } finally {
    clearTimeout(timer);
  }
}

/** Dials (or reuses a connection) and opens a keyserver stream, redialling once over a stale connection. */
async function openStream(node: Libp2p, peer: KnownPeer, signal: AbortSignal, progress: Progress): Promise<Stream> {
  for (let attempt = 1; ; attempt++) {
    progress.phase = 'connect';
    const connection: Connection = await node.dial(peer.dialAddress, { signal });
    progress.phase = 'exchange';
    try {
      return await connection.newStream(KEYSERVER_PROTOCOL, { signal });
    } catch (error) {
      // A connection the remote has just closed can still look open here (a stopped or restarted
      // node whose goodbye we have not processed yet). Nothing was sent on it, so one fresh dial is
      // safe; a node that really speaks another protocol is not worth a second try.
      const unsupported = error instanceof Error && error.name === 'UnsupportedProtocolError';
      if (unsupported || attempt > 1 || signal.aborted) throw error;
    }
  }
}

/** Writes the request and reads the response at the same time, so an early error answer is seen. */
async function exchange(stream: Stream, body: Uint8Array, signal: AbortSignal, maxMessageBytes: number): Promise<JsonObject> {
  const messages = messageStream(stream, maxMessageBytes);
  let sent = false;
  const sending = messages
    .write(body, { signal })
    .then(() => stream.close({ signal }))
    .then(() => {
      sent = true;
    });
  // A failed send also fails the read below (the stream is reset), which reports it; don't report twice.
  sending.catch(() => undefined);
  const response = await readMessage(messages, signal);
  // The peer answered before taking our whole request (an oversize refusal): stop sending the rest.
  if (!sent) stream.abort(new Error('response received before the request was sent'));
  return response;
}

/** The error for a request the caller aborted: its own reason when that is a SealdropError, else `cancelled`. */
export function cancellationError(signal: AbortSignal, label: string): SealdropError {
  const reason: unknown = signal.reason;
  if (reason instanceof SealdropError) return reason;
  return new SealdropError('cancelled', `The request to ${label} was cancelled.`, {}, { cause: reason });
}

/** Turns whatever went wrong into a SealdropError naming the node. */
function describeFailure(error: unknown, phase: Progress['phase'], timedOut: boolean, peer: KnownPeer, options: OutboundOptions): SealdropError {
  const node = `0x${Buffer.from(peer.publicKey).toString('hex')}`;
  const label = peer.label;
  if (options.signal?.aborted === true) return cancellationError(options.signal, label);
  if (error instanceof SealdropError) {
    return new SealdropError(error.code, `${label} sent an invalid response: ${error.message}`, { node }, { cause: error });
  }
  if (phase === 'connect') {
    // A node that cannot be connected to in time is unreachable, whether refused or silent.
    const why = timedOut ? `did not accept a connection within ${options.timeoutMs} ms` : 'is unreachable';
    return new SealdropError('node-unreachable', `${label} ${why} (${peer.address}).`, { node }, { cause: error });
  }
  if (timedOut) {
    return new SealdropError('timeout', `${label} did not answer within ${options.timeoutMs} ms.`, { node, timeoutMs: options.timeoutMs }, { cause: error });
  }
  if (error instanceof Error && error.name === 'UnsupportedProtocolError') {
    return new SealdropError('node-unreachable', `${label} does not speak ${KEYSERVER_PROTOCOL}.`, { node }, { cause: error });
  }
  return new SealdropError('node-unreachable', `${label} dropped the request before answering.`, { node }, { cause: error });
}
