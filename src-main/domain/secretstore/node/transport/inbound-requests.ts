// The responder side of the protocol: one request in, one response out, per stream. The handler only
// ever sees a well-formed JSON object from a listed peer; everything else is answered (or dropped)
// here without calling it.
import type { Connection, Stream, StreamHandler } from '@libp2p/interface';
import type { TransportLogger } from './connection-gater.ts';
import { encodeMessage, errorResponse, errorResponseFor, messageStream, readMessage, type JsonObject } from './message-codec.ts';
import type { PeerAllowlist } from './peer-allowlist.ts';
import { SealdropError } from '../../../../../src-shared/errors.ts';

/** Answers one peer request: gets the sender's 64-byte key and the parsed request, returns a JSON object. */
export type RequestHandler = (from: Uint8Array, request: JsonObject) => Promise<unknown>;

/** What the stream handler needs; all of it is owned by the transport. */
export type InboundOptions = {
  allowlist: PeerAllowlist;
  handler: RequestHandler;
  maxMessageBytes: number;
  /** How long a peer may take to deliver its request once the stream is open. */
  readTimeoutMs: number;
  log: TransportLogger;
};

/** The libp2p stream handler for the keyserver protocol. */
export function inboundRequestHandler(options: InboundOptions): StreamHandler {
  return (stream: Stream, connection: Connection): Promise<void> =>
    serveStream(stream, connection, options).catch((error: unknown) => {
      // Never let a failure on one stream become an unhandled rejection that takes the node down.
      options.log('stream-failed', { reason: error instanceof Error ? error.name : 'unknown' });
      stream.abort(error instanceof Error ? error : new Error('stream failed'));
    });
}

/** Reads the request, calls the handler, writes the response. */
async function serveStream(stream: Stream, connection: Connection, options: InboundOptions): Promise<void> {
  const { allowlist, log, maxMessageBytes } = options;
  // Defence in depth: the gater already refused unlisted peers, but the list may have changed since
  // this connection was opened, and a handler must never run for a stranger.
  const peer = allowlist.byPeerId(connection.remotePeer);
  if (peer === undefined) {
    log('peer-denied', { direction: 'inbound', peerId: connection.remotePeer.toString(), stage: 'stream' });
    stream.abort(new SealdropError('access-denied', 'This node is not in the network profile.'));
    return;
  }
  const messages = messageStream(stream, maxMessageBytes);
  let request: JsonObject;
  try {
    request = await readMessage(messages, AbortSignal.timeout(options.readTimeoutMs));
  } catch (error) {
    if (!(error instanceof SealdropError)) throw error;
    // A garbled or oversized request: tell the peer why, then stop listening to it.
    log('request-invalid', { peer: peer.label, reason: error.message });
    await respond(stream, messages, encodeMessage(errorResponse('request-invalid', error.message), maxMessageBytes));
    // Whatever else the peer is still sending is not read, so reset the stream rather than buffer it
    // (close() inside respond has already flushed our answer ahead of the reset).
    if (stream.remoteWriteStatus !== 'closed') stream.abort(new Error('invalid request answered'));
    return;
  }
  const response = await answerRequest(options, peer.publicKey, peer.label, request);
  await respond(stream, messages, response);
}

/**
 * Runs the handler for one parsed request and returns the encoded response. Also used for a node's
 * requests to itself, so a local answer is byte-for-byte what a peer would have received.
 */
export async function answerRequest(options: Pick<InboundOptions, 'handler' | 'maxMessageBytes' | 'log'>, from: Uint8Array, label: string, request: JsonObject): Promise<Uint8Array> {
  let response: unknown;
  try {
    // A copy: the handler may keep or change the key without touching the allowlist.
    response = await options.handler(Uint8Array.from(from), request);
  } catch (error) {
    const failure = errorResponseFor(error);
    response = failure;
    // Only the code and the error's class name are logged: messages of non-Sealdrop errors may hold secrets.
    options.log('handler-error', { peer: label, code: failure.error.code, error: error instanceof Error ? error.name : typeof error });
  }
  try {
    return encodeMessage(response, options.maxMessageBytes);
  } catch (error) {
    // The fault is ours (the handler's answer), so the peer hears "internal", not "request-invalid".
    const reason = error instanceof SealdropError ? error.message : 'unserialisable response';
    options.log('handler-error', { peer: label, code: 'internal', error: reason });
    return encodeMessage(errorResponse('internal', `The node could not send its response: ${reason}`), options.maxMessageBytes);
  }
}

/** Writes the encoded response and closes our end of the stream. */
async function respond(stream: Stream, messages: ReturnType<typeof messageStream>, response: Uint8Array): Promise<void> {
  await messages.write(response);
  await stream.close();
}
