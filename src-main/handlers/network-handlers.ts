// The network channels: list and add profiles, share one as a link, the status of a network, and
// the embedded default: the local network on this computer, started and stopped from the app.
import { resolve } from 'node:path';
import type { RequestOf, ResponseOf } from '../../src-shared/ipc/contract.ts';
import { networkStatus } from '../domain/secretstore/client/status.ts';
import { rememberNetwork } from '../domain/secretstore/network/known-networks.ts';
import { decodeProfileLink, encodeProfileLink } from '../domain/secretstore/network/profile-link.ts';
import { loadNetworkProfile, parseNetworkProfile, type NetworkProfile } from '../domain/secretstore/network/profile.ts';
import { SealdropError } from '../../src-shared/errors.ts';
import { keysStayOnThisComputer } from './app-handlers.ts';
import type { HandlerGroup, InvokeContext } from './handler-types.ts';
import { requireAbsolute } from './paths.ts';
import type { Services } from './services.ts';

/** A profile from a link, a file or its JSON text (every form is fully validated). */
export async function profileFromSource(source: RequestOf<'network:add'>['source']): Promise<NetworkProfile> {
  switch (source.kind) {
    case 'link':
      return decodeProfileLink(source.link);
    case 'file':
      return loadNetworkProfile(resolve(requireAbsolute(source.path, 'source.path')));
    case 'json': {
      let json: unknown;
      try {
        json = JSON.parse(source.text);
      } catch (cause) {
        throw new SealdropError('profile-invalid', 'The network profile is not valid JSON.', { field: 'profile' }, { cause });
      }
      return parseNetworkProfile(json);
    }
  }
}

type Channels = 'network:list' | 'network:add' | 'network:share-link' | 'network:status' | 'network:start-local' | 'network:stop-local';

/** Handlers of the network channels. */
export function networkHandlers(services: Services): HandlerGroup<Channels> {
  const announce = async (context: InvokeContext): Promise<void> => {
    const profile = await services.networks.localProfile();
    const running = services.local.running();
    context.emit('network:local', { running, network: profile === null ? null : await services.networks.summarize(profile), nodes: running && profile !== null ? profile.nodes.length : 0 });
  };

  return {
    async 'network:list'() {
      return { networks: await services.networks.list() };
    },
    async 'network:add'(request) {
      const profile = await profileFromSource(request.source);
      await rememberNetwork(services.deps.dataDir, profile);
      return { network: await services.networks.summarize(profile) };
    },
    async 'network:share-link'(request) {
      return { link: encodeProfileLink(await services.networks.byId(request.network)) };
    },
    async 'network:status'(request, context): Promise<ResponseOf<'network:status'>> {
      const localProfile = await services.networks.localProfile();
      const running = services.local.running();
      const local = { configured: localProfile !== null, running, canStart: !running };
      const profile = request.network === undefined ? await services.networks.defaultProfile() : await services.networks.byId(request.network);
      const stayLocal = await keysStayOnThisComputer(services);
      if (profile === null) return { network: null, local, keysStayOnThisComputer: stayLocal, reachable: 0, total: 0, nodes: [] };
      const status = await networkStatus(services.context(profile, null, context.signal));
      return {
        network: await services.networks.summarize(profile),
        local,
        keysStayOnThisComputer: stayLocal,
        reachable: status.reachable,
        total: status.total,
        nodes: status.nodes.map((node) =>
          node.ok
            ? { url: node.node, ok: node.problems.length === 0, latencyMs: node.latencyMs, problems: node.problems.slice(0, 10) }
            : { url: node.node, ok: false, latencyMs: null, problems: [node.error.message.slice(0, 1000)] },
        ),
      };
    },
    async 'network:start-local'(_request, context) {
      const started = await services.local.start();
      await announce(context);
      return { network: await services.networks.summarize(started.profile), created: started.created, nodes: started.nodes };
    },
    async 'network:stop-local'(_request, context) {
      const stopped = await services.local.stop();
      await announce(context);
      return { stopped };
    },
  };
}
