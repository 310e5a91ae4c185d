// A client of the browser-mode host for tests: raw HTTP (so Host and Origin can be anything a
// hostile page or a DNS-rebinding attack would send), typed invoke calls, and an event-stream
// reader that collects Server-Sent Events.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { IPC_EVENTS, isIpcEventName, type EventPayloadOf, type IpcChannel, type IpcEventName, type IpcResult, type RequestOf, type ResponseOf } from '../../src-shared/ipc/contract.ts';

/** What came back. */
export type HttpAnswer = { status: number; headers: IncomingHttpHeaders; body: string };

/** One raw request to 127.0.0.1:`port`. */
export function rawRequest(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: { host: `127.0.0.1:${port}`, ...options.headers } }, (response) => {
      const chunks: Buffer[] = [];
      const finish = (): void => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', finish);
      // A server that cuts the connection after answering (413) still gave its status.
      response.on('close', finish);
      response.on('error', () => undefined);
    });
    // A server that stops reading (413) may reset the connection while we still send.
    request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    request.end(options.body);
  });
}

/** The host's invoke route as the renderer calls it. */
export async function invokeOverHttp<C extends IpcChannel>(port: number, token: string, channel: C, body: RequestOf<C>): Promise<IpcResult<ResponseOf<C>>> {
  const answer = await rawRequest(port, {
    method: 'POST',
    path: `/api/invoke/${channel}`,
    headers: { 'content-type': 'application/json', 'x-sealdrop-token': token, origin: `http://127.0.0.1:${port}` },
    body: JSON.stringify(body),
  });
  if (answer.status !== 200) throw new Error(`${channel}: HTTP ${answer.status} ${answer.body}`);
  return JSON.parse(answer.body) as IpcResult<ResponseOf<C>>;
}

/** The value of a call that must succeed. */
export async function valueOverHttp<C extends IpcChannel>(port: number, token: string, channel: C, body: RequestOf<C>): Promise<ResponseOf<C>> {
  const result = await invokeOverHttp(port, token, channel, body);
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** A connected event stream. */
export type EventReader = {
  events: { event: IpcEventName; payload: unknown }[];
  /** Resolves with the first event (already seen or to come) that `match` accepts. */
  waitFor<E extends IpcEventName>(event: E, match: (payload: EventPayloadOf<E>) => boolean, timeoutMs?: number): Promise<EventPayloadOf<E>>;
  close(): void;
};

/** Connects to `/api/events?token=…` and resolves once the stream is open. */
export function readEvents(port: number, token: string): Promise<EventReader> {
  return new Promise((resolve, reject) => {
    const events: EventReader['events'] = [];
    const invalid: string[] = [];
    const wakers = new Set<() => void>();
    const request = httpRequest({ host: '127.0.0.1', port, path: `/api/events?token=${token}`, headers: { host: `127.0.0.1:${port}`, accept: 'text/event-stream' } }, (response) => {
      if (response.statusCode !== 200) {
        reject(new Error(`event stream: HTTP ${response.statusCode}`));
        return;
      }
      let buffer = '';
      response.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const name = /^event: (.+)$/m.exec(frame)?.[1];
          const data = /^data: (.+)$/m.exec(frame)?.[1];
          if (name === undefined || data === undefined) continue;
          const payload: unknown = JSON.parse(data);
          // Every event must be one of the contract's, with a payload its schema accepts.
          if (!isIpcEventName(name) || !IPC_EVENTS[name].safeParse(payload).success) {
            invalid.push(`${name}: ${data.slice(0, 300)}`);
            for (const wake of wakers) wake();
            continue;
          }
          events.push({ event: name, payload });
          for (const wake of wakers) wake();
        }
      });
      response.on('error', () => undefined);
      resolve({
        events,
        waitFor(event, match, timeoutMs = 120_000) {
          return new Promise((found, fail) => {
            const check = (): void => {
              if (invalid.length > 0) {
                clearTimeout(timer);
                wakers.delete(check);
                fail(new Error(`events that do not match the contract: ${invalid.join('; ')}`));
                return;
              }
              const hit = events.find((e) => e.event === event && match(e.payload as EventPayloadOf<typeof event>));
              if (hit === undefined) return;
              clearTimeout(timer);
              wakers.delete(check);
              found(hit.payload as EventPayloadOf<typeof event>);
            };
            const timer = setTimeout(() => {
              wakers.delete(check);
              fail(new Error(`no ${event} event within ${timeoutMs} ms`));
            }, timeoutMs);
            wakers.add(check);
            check();
          });
        },
        close: () => request.destroy(),
      });
    });
    request.on('error', reject);
    request.end();
  });
}
