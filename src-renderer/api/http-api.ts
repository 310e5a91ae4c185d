// The api in the browser mode (`sealdrop ui`): the same contract over the host's loopback HTTP API.
// Calls are POST /api/invoke/<channel> with the session token in `x-sealdrop-token`; events come from
// one Server-Sent Events stream, GET /api/events?token=… (EventSource cannot send headers). Every
// answer is an IpcResult, transport failures included, so the screens handle one shape.
import type { EventPayloadOf, IpcError, IpcEventName, IpcResult, RendererApi } from './api-types.ts';

/** Channel names are `domain:verb` in lowercase: anything else never leaves the page. */
const CHANNEL_NAME = /^[a-z]+:[a-z-]+$/;

/** The renderer api over the browser-mode host of this page's origin. */
export function httpApi(token: string | null, fetchImpl: typeof fetch = fetch.bind(globalThis)): RendererApi {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;

  /** Opens the event stream on first use; EventSource reconnects by itself after a drop. */
  function stream(): EventSource | null {
    if (source !== null || token === null) return source;
    source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    return source;
  }

  return {
    face: 'browser',
    async invoke(channel, request) {
      if (!CHANNEL_NAME.test(channel)) return failure('request-invalid', `unknown channel ${JSON.stringify(String(channel).slice(0, 100))}`);
      if (token === null) return failure('access-denied', NO_TOKEN);
      let response: Response;
      try {
        response = await fetchImpl(`/api/invoke/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-sealdrop-token': token },
          body: JSON.stringify(request ?? {}),
          credentials: 'omit',
        });
      } catch {
        // Why: fetch rejects only when nothing answered at all; the person needs to know the service stopped.
        return failure('internal', 'Sealdrop is not answering. Is `sealdrop ui` still running? Start it again and open the address it prints.');
      }
      if (response.status === 401) return failure('access-denied', NO_TOKEN);
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        // Why: a non-JSON answer (a proxy, a 404 page) is not a Sealdrop answer; say what came back.
        return failure('internal', `Sealdrop answered ${response.status} ${response.statusText} instead of a result.`);
      }
      if (isResult(body)) return body as IpcResult<never>;
      return failure('internal', `Sealdrop answered ${response.status} with something that is not a result.`);
    },
    on<E extends IpcEventName>(event: E, listener: (payload: EventPayloadOf<E>) => void): () => void {
      const events = stream();
      let set = listeners.get(event);
      if (set === undefined) {
        const fresh = new Set<(payload: unknown) => void>();
        listeners.set(event, fresh);
        set = fresh;
        events?.addEventListener(event, (message) => {
          const data: unknown = (message as MessageEvent).data;
          if (typeof data !== 'string') return;
          let payload: unknown;
          try {
            payload = JSON.parse(data);
          } catch {
            // Why: a frame that is not JSON carries nothing a listener could use; the host never sends one.
            return;
          }
          for (const each of fresh) each(payload);
        });
      }
      const mine = listener as (payload: unknown) => void;
      set.add(mine);
      let done = false;
      return () => {
        if (done) return;
        done = true;
        set.delete(mine);
      };
    },
    // The browser is never asked by the OS to open anything.
    onLaunch: () => () => undefined,
    // A browser does not tell a page where a dropped or picked file lives.
    pathForFile: () => null,
    // Why: a web page cannot open the file manager; the result card shows the folder's path to copy.
    showInFolder: null,
    choosePaths: null,
  };
}

const NO_TOKEN = 'This page has no valid session token. Open the full address that `sealdrop ui` printed (it ends in #token=…).';

function failure(code: IpcError['code'], message: string): IpcResult<never> {
  return { ok: false, error: { code, message } };
}

/** True for `{ ok: true, value }` or `{ ok: false, error: { code, message } }`. */
function isResult(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || !('ok' in body)) return false;
  if (body.ok === true) return 'value' in body;
  if (body.ok !== false || !('error' in body)) return false;
  const error = body.error;
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' && 'message' in error && typeof error.message === 'string';
}
