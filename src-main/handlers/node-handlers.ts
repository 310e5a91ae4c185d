// The Node screen's channels: set up, start, stop and watch a key server run from this computer.
import type { HandlerGroup, InvokeContext } from './handler-types.ts';
import { profileFromSource } from './network-handlers.ts';
import { requireAbsolute } from './paths.ts';
import type { Services } from './services.ts';

/** Handlers of node:status, node:setup, node:start and node:stop. */
export function nodeHandlers(services: Services): HandlerGroup<'node:status' | 'node:setup' | 'node:start' | 'node:stop'> {
  /** Sends the node's status to the window that started it, whenever the node changes. */
  const announce = (context: InvokeContext) => (): void => {
    services.node.status().then(
      (status) => context.emit('node:status', status),
      (error: unknown) => services.deps.logger?.('node-status-failed', { error: services.toError(error, 'node:status').message }),
    );
  };
  return {
    'node:status': () => services.node.status(),
    'node:setup': (request) => services.node.setup(request),
    async 'node:start'(request, context) {
      if (request.config !== undefined) requireAbsolute(request.config, 'config');
      const profile = request.network === undefined ? null : await profileFromSource(request.network);
      const status = await services.node.start(request.config, profile, announce(context));
      context.emit('node:status', status);
      return status;
    },
    async 'node:stop'(_request, context) {
      const status = await services.node.stop();
      context.emit('node:status', status);
      return status;
    },
  };
}
