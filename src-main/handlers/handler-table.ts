// The handler table (DESIGN §6): one function per channel of the IPC contract, behind one `invoke`
// that checks the channel name and the request against the contract, runs the handler and answers
// an IpcResult. Electron's main process binds it to ipcMain (after checking the sender); the
// browser-mode host serves it over loopback HTTP. Plain Node: it never imports electron.
import { IPC_CHANNELS, isIpcChannel, parseRequest, type IpcChannel, type IpcResult } from '../../src-shared/ipc/contract.ts';
import { accessHandlers } from './access-handlers.ts';
import { appHandlers } from './app-handlers.ts';
import type { Handler, HandlerDeps, HandlerTable, InvokeContext } from './handler-types.ts';
import { identityHandlers } from './identity-handlers.ts';
import { networkHandlers } from './network-handlers.ts';
import { nodeHandlers } from './node-handlers.ts';
import { openHandlers } from './open-handlers.ts';
import { resealHandlers } from './reseal-handlers.ts';
import { sealHandlers } from './seal-handlers.ts';
import { createServices } from './services.ts';
import { INTERNAL_MESSAGE } from './error-result.ts';

export type { HandlerDeps, HandlerTable, InvokeContext } from './handler-types.ts';

/** Builds the handler table over `deps`; `close()` it when the app quits. */
export function createHandlerTable(deps: HandlerDeps): HandlerTable {
  const services = createServices(deps);
  const handlers = {
    ...appHandlers(services),
    ...identityHandlers(services),
    ...networkHandlers(services),
    ...sealHandlers(services),
    ...resealHandlers(services),
    ...openHandlers(services),
    ...accessHandlers(services),
    ...nodeHandlers(services),
  } satisfies { [C in IpcChannel]: Handler<C> };

  return {
    async invoke(channel: string, request: unknown, context: InvokeContext): Promise<IpcResult<unknown>> {
      if (typeof channel !== 'string' || !isIpcChannel(channel)) {
        return { ok: false, error: { code: 'request-invalid', message: `unknown channel ${JSON.stringify(String(channel).slice(0, 100))}` } };
      }
      const parsed = parseRequest(channel, request);
      if (!parsed.ok) return parsed;
      try {
        // Each entry is the handler of its own channel (checked by `satisfies` above); the union of
        // channels cannot be narrowed further here.
        const handler = handlers[channel] as unknown as (request: unknown, context: InvokeContext) => Promise<unknown>;
        const value = await handler(parsed.value, context);
        if (deps.checkResponses === true) {
          const checked = IPC_CHANNELS[channel].response.safeParse(value);
          if (!checked.success) {
            deps.logger?.('response-invalid', { channel, issues: checked.error.issues.slice(0, 3) });
            return { ok: false, error: { code: 'internal', message: INTERNAL_MESSAGE } };
          }
        }
        return { ok: true, value };
      } catch (error) {
        return { ok: false, error: services.toError(error, channel) };
      }
    },
    close: () => services.close(),
  };
}
