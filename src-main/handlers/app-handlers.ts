// `app:info` and the settings channels: what a window needs on its first call (is there an
// identity, is this the first run, do keys stay on this computer) and the user's defaults.
import { SealdropError } from '../../src-shared/errors.ts';
import { IDENTITY_KEY_NAME } from '../domain/identity/key-files.ts';
import { networkId } from '../domain/secretstore/network/profile.ts';
import type { HandlerGroup } from './handler-types.ts';
import { hexOf } from './hex.ts';
import type { Services } from './services.ts';

/** True when the default network is the local one, or none is set up: nothing leaves this computer. */
export async function keysStayOnThisComputer(services: Services): Promise<boolean> {
  const [chosen, local] = await Promise.all([services.networks.defaultProfile().catch(() => null), services.networks.localProfile()]);
  if (chosen === null) return true;
  return local !== null && hexOf(networkId(local)) === hexOf(networkId(chosen));
}

/** Handlers of app:info, settings:get and settings:set. */
export function appHandlers(services: Services): HandlerGroup<'app:info' | 'settings:get' | 'settings:set'> {
  return {
    async 'app:info'() {
      const vault = services.vault();
      const identity = (await vault.exists(IDENTITY_KEY_NAME)) ? (await vault.show(IDENTITY_KEY_NAME)).address : null;
      const [networks, localProfile, stayLocal] = await Promise.all([services.networks.list(), services.networks.localProfile(), keysStayOnThisComputer(services)]);
      const others = networks.filter((network) => !network.local).length;
      return {
        version: services.deps.version ?? '0.0.0',
        face: services.deps.face ?? 'desktop',
        dataDir: services.deps.dataDir,
        identity,
        keysStayOnThisComputer: stayLocal,
        localNetworkConfigured: localProfile !== null,
        localNetworkRunning: services.local.running(),
        firstRun: identity === null && localProfile === null && others === 0,
        knownNetworks: others,
      };
    },
    'settings:get': () => services.settings.get(),
    async 'settings:set'(request) {
      if (request.defaultNetwork !== undefined && request.defaultNetwork !== null) {
        // Only a network this computer knows can be the default (findNetwork says how to add it otherwise).
        await services.networks.byId(request.defaultNetwork);
      }
      if (request.defaultThreshold !== undefined && request.defaultThreshold !== null && request.defaultThreshold > 255) {
        throw new SealdropError('threshold-invalid', 'A default threshold above 255 key holders is not useful; choose a smaller one.');
      }
      return services.settings.update(request);
    },
  };
}
