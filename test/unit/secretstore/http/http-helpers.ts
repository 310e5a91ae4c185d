// Shared pieces of the HTTP API tests: a real server on 127.0.0.1 with the fake service and a
// recording logger, request fixtures (a real requester signature), and a raw-socket client for
// requests fetch will not send (OPTIONS with odd targets, malformed HTTP, huge paths).
import { connect } from 'node:net';
import { after, before } from 'node:test';
import { secretFromScalar } from '../../../../src-main/domain/secretstore/math/encoding.ts';
import { signDocumentId } from '../../../../src-main/domain/secretstore/math/requester-signature.ts';
import type { HttpLogger, LogFields } from '../../../../src-main/domain/secretstore/node/http/error-mapping.ts';
import { startHttpApi, type HttpApi } from '../../../../src-main/domain/secretstore/node/http/server.ts';
import { FakeKeyServerService } from './fake-service.ts';

/** A 32-byte document id. */
export const documentId = Uint8Array.from(Buffer.from('00000000000000000000000000000000000000000000000000000000000000a1', 'hex'));
/** `documentId` as bare hex, for paths. */
export const idHex = Buffer.from(documentId).toString('hex');
/** A real requester signature of `documentId` (r‖s‖v, v ∈ {0,1}). */
export const signature = signDocumentId(secretFromScalar(0x5eed5n), documentId);
/** `signature` as bare hex, for paths. */
export const sigHex = Buffer.from(signature).toString('hex');

/** A logger that keeps every line, so tests can check what was (and was not) logged. */
export class RecordingLogger implements HttpLogger {
  readonly lines: { level: 'warn' | 'error'; message: string; fields: LogFields }[] = [];
  warn(message: string, fields: LogFields = {}): void {
    this.lines.push({ level: 'warn', message, fields });
  }
  error(message: string, fields: LogFields = {}): void {
    this.lines.push({ level: 'error', message, fields });
  }
}

/** A running server with its fake service and logger. */
export type Harness = { api: HttpApi; service: FakeKeyServerService; logger: RecordingLogger };

/**
 * Starts one server for the enclosing describe block (closed after it) and returns a getter.
 * Each test resets the fake's failure and results itself when it changes them.
 */
export function serverForSuite(options: { maxBodyBytes?: number; maxPathBytes?: number } = {}): () => Harness {
  let harness: Harness | undefined;
  before(async () => {
    const service = new FakeKeyServerService();
    const logger = new RecordingLogger();
    const api = await startHttpApi({ host: '127.0.0.1', port: 0, service, logger, ...options });
    harness = { api, service, logger };
  });
  after(async () => {
    await harness?.api.close();
  });
  return () => {
    if (harness === undefined) throw new Error('The server is not started yet.');
    return harness;
  };
}

/** A parsed raw HTTP response. */
export type RawResponse = { status: number; headers: Record<string, string>; body: string };

/** Sends bytes on a fresh TCP connection and reads until the server closes it. */
export function rawRequest(port: number, request: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const head = split < 0 ? text : text.slice(0, split);
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers, body: split < 0 ? '' : text.slice(split + 4) });
    });
    socket.end(request);
  });
}

/** A raw request line + headers with `Connection: close`, for `rawRequest`. */
export function rawHttp(method: string, target: string, headers: Record<string, string> = {}, body = ''): string {
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  const chunked = Object.keys(headers).some((name) => name.toLowerCase() === 'transfer-encoding');
  if (!chunked && (body !== '' || method === 'POST' || method === 'PUT')) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** Parity's error body for a text: `"\"text\""`. */
export function parityError(text: string): string {
  return JSON.stringify(`"${text}"`);
}
