// One peer message on the wire (PROTOCOL §4): a varint length prefix, then that many bytes of UTF-8
// JSON holding one object. Both directions share this file, so requester and responder enforce the
// same limit and the same idea of "well-formed".
import type { Stream } from '@libp2p/interface';
import { lpStream, type LengthPrefixedStream } from '@libp2p/utils';
import { SealdropError, type ErrorCode } from '../../../../../src-shared/errors.ts';

/** The protocol id spoken on every peer stream. */
export const KEYSERVER_PROTOCOL = '/sealdrop/keyserver/1.0.0';
/** The largest message body accepted or sent, in bytes (PROTOCOL §4: 1 MiB). */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

/** A parsed message: always a JSON object, never an array, string or null. */
export type JsonObject = Record<string, unknown>;

/** The answer a node sends instead of a result (PROTOCOL §4). */
export type ErrorResponse = { ok: false; error: { code: ErrorCode; message: string } };

// Library errors whose meaning is "the peer sent bytes that are not a valid frame".
const FRAMING_ERRORS = new Set(['InvalidMessageLengthError', 'InvalidDataLengthLengthError', 'UnexpectedEOFError']);

/** Wraps a stream for reading and writing length-prefixed messages of at most `maxBytes`. */
export function messageStream(stream: Stream, maxBytes: number): LengthPrefixedStream<Stream> {
  // The buffer limit leaves room for the varint; anything beyond that is a peer ignoring the limit.
  return lpStream(stream, { maxDataLength: maxBytes, maxBufferSize: maxBytes + 16 });
}

/** Serialises a message, refusing anything that is not a JSON object within `maxBytes`. */
export function encodeMessage(value: unknown, maxBytes: number): Uint8Array {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    // BigInt values and cycles land here: a programming error on our side, not the peer's.
    throw new SealdropError('internal', 'A peer message could not be serialised as JSON.', {}, { cause });
  }
  if (text === undefined || !text.startsWith('{')) {
    throw new SealdropError('internal', 'A peer message must be a JSON object.');
  }
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > maxBytes) {
    throw new SealdropError('request-invalid', `A peer message of ${bytes.length} bytes exceeds the limit of ${maxBytes} bytes.`, { size: bytes.length, limit: maxBytes });
  }
  return bytes;
}

/** Parses a message body: strict UTF-8, JSON, and an object at the top. */
export function decodeMessage(body: Uint8Array): JsonObject {
  let value: unknown;
  try {
    // fatal: invalid UTF-8 is an error, not silently replaced characters.
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw new SealdropError('request-invalid', 'The peer message is not UTF-8 JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SealdropError('request-invalid', 'The peer message is not a JSON object.');
  }
  return value as JsonObject;
}

/**
 * Reads one message. Oversized, truncated or garbled input becomes `request-invalid`; a stream
 * reset, an abort or a closed connection is rethrown as it is, for the caller to name.
 */
export async function readMessage(messages: LengthPrefixedStream<Stream>, signal: AbortSignal): Promise<JsonObject> {
  let body: Uint8Array;
  try {
    body = (await messages.read({ signal })).subarray();
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    // StreamBufferError: the peer kept sending past the limit, so the library reset the stream.
    if (name === 'InvalidDataLengthError' || name === 'StreamBufferError') {
      throw new SealdropError('request-invalid', 'The peer message exceeds the size limit.');
    }
    if (FRAMING_ERRORS.has(name) && !signal.aborted) {
      throw new SealdropError('request-invalid', 'The peer message is not a complete length-prefixed frame.');
    }
    throw error;
  }
  return decodeMessage(body);
}

/** The error response for an error code and a message a person can read. */
export function errorResponse(code: ErrorCode, message: string): ErrorResponse {
  return { ok: false, error: { code, message } };
}

/**
 * The error response for anything a handler threw. A SealdropError keeps its code and message (they
 * are written to be shown); anything else is an internal fault whose text may hold details a peer
 * must not see, so only a generic message leaves the node.
 */
export function errorResponseFor(error: unknown): ErrorResponse {
  if (error instanceof SealdropError) return errorResponse(error.code, error.message);
  return errorResponse('internal', 'The node failed to process the request.');
}
