// Server-Sent Events for the browser mode: every event the handlers emit (progress, operation
// results, node and local-network status) goes to every connected page of this session, with a
// comment line now and then so idle connections stay open through proxies and sleep.
import type { ServerResponse } from 'node:http';
import type { EventPayloadOf, IpcEventName } from '../../src-shared/ipc/contract.ts';

/** Most pages connected at once (one person's tabs). */
export const MAX_EVENT_CLIENTS = 16;
const KEEPALIVE_MS = 15_000;

/** The event hub of one host. */
export type EventHub = {
  /** Takes over `response` as an event stream; false when too many are open. */
  attach(response: ServerResponse): boolean;
  /** Sends an event to every connected page. */
  emit<E extends IpcEventName>(event: E, payload: EventPayloadOf<E>): void;
  /** Ends every stream. */
  close(): void;
};

/** A new hub. */
export function eventHub(): EventHub {
  const clients = new Set<ServerResponse>();
  const timer = setInterval(() => {
    for (const client of clients) client.write(': keep-alive\n\n');
  }, KEEPALIVE_MS);
  timer.unref();
  return {
    attach(response) {
      if (clients.size >= MAX_EVENT_CLIENTS) return false;
      response.statusCode = 200;
      response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
      response.setHeader('Cache-Control', 'no-store');
      response.setHeader('Connection', 'keep-alive');
      response.flushHeaders();
      response.write(': connected\n\n');
      clients.add(response);
      response.on('close', () => clients.delete(response));
      return true;
    },
    emit(event, payload) {
      // JSON never contains a raw newline, so one data line holds the whole payload.
      const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const client of clients) client.write(frame);
    },
    close() {
      clearInterval(timer);
      for (const client of clients) client.end();
      clients.clear();
    },
  };
}
