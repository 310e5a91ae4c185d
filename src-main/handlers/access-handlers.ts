// "Sealed by me": the documents sealed from here, who may open each (grant and revoke, on the
// owner-signed list every key holder keeps, or on chain), and the audit of every attempt. Revoking
// stops future opens; it cannot take back a copy already opened (the UI says so).
import { SealdropError } from '../../src-shared/errors.ts';
import type { RequestOf, ResponseOf } from '../../src-shared/ipc/contract.ts';
import { changeDocumentAccess, readDocumentAccess } from '../domain/secretstore/client/document-access.ts';
import type { NetworkProfile } from '../domain/secretstore/network/profile.ts';
import type { HandlerGroup } from './handler-types.ts';
import { addressOf, bytesOf, normalizeAddress } from './hex.ts';
import type { Services } from './services.ts';

type Target = { documentId: string; network?: string };

/** The document's network: the one named, else the one it was sealed to from here. */
async function networkOf(services: Services, target: Target): Promise<NetworkProfile> {
  if (target.network !== undefined) return services.networks.byId(target.network);
  const sealed = await services.documents.find(target.documentId);
  if (sealed === null) {
    throw new SealdropError('bad-argument', 'This document was not sealed from this computer: say which network holds its key.', { field: 'network' });
  }
  return services.networks.byId(sealed.network);
}

type Change = ResponseOf<'access:grant'>;

/** Grants or revokes, on chain or on the owner-signed list; keeps "Sealed by me" in step. */
export async function changeAccess(services: Services, kind: 'grant' | 'revoke', request: RequestOf<'access:grant'>, signal: AbortSignal | undefined): Promise<Change> {
  const profile = await networkOf(services, request);
  const identity = await services.identity();
  const addresses = [...new Set(request.addresses.map(normalizeAddress))];
  let untilSeconds: number | undefined;
  if (profile.acl.type === 'contract') {
    const days = (await services.settings.get()).chain.grantDays;
    untilSeconds = request.until !== undefined ? Math.floor(request.until / 1000) : kind === 'grant' && days !== null ? Math.floor(services.clock() / 1000) + days * 86_400 : undefined;
  } else if (request.until !== undefined) {
    throw new SealdropError('bad-argument', 'Grants that end need a network whose access list is a contract on a chain.', { field: 'until' });
  }
  const done = await changeDocumentAccess(services.context(profile, identity, signal), identity, kind, bytesOf(request.documentId), addresses.map(bytesOf), untilSeconds);
  const sealed = await services.documents.find(request.documentId);
  if (sealed !== null) {
    // Owner-signed lists say who may open it now; on chain, the change is applied to what was known.
    if (done.readers !== null) await services.documents.setRecipients(request.documentId, done.readers.map(addressOf));
    else if (profile.acl.type === 'contract') {
      const next = kind === 'grant' ? [...new Set([...sealed.recipients, ...addresses])] : sealed.recipients.filter((r) => !addresses.includes(normalizeAddress(r)));
      await services.documents.setRecipients(request.documentId, next);
    }
  }
  return {
    documentId: request.documentId,
    addresses,
    acknowledged: done.acknowledged,
    total: done.total,
    effective: done.effective,
    version: done.version,
    transactions: done.transactions,
    failures: done.failures.slice(0, 256).map((f) => ({ node: f.node, code: f.code, reason: f.reason.slice(0, 1000) })),
  };
}

/** Who may open a document now, as its key holders (or the chain) say: the answer of access:list. */
export async function accessOf(services: Services, target: Target, signal: AbortSignal | undefined): Promise<ResponseOf<'access:list'>> {
  const profile = await networkOf(services, target);
  const access = await readDocumentAccess(services.context(profile, null, signal), bytesOf(target.documentId));
  return {
    documentId: target.documentId,
    owner: access.owner === null ? null : addressOf(access.owner),
    readers: access.readers.slice(0, 10_000).map((r) => ({ address: addressOf(r.address), until: r.expiresAt === null ? null : r.expiresAt * 1000, expired: r.expired })),
    version: access.version,
    chainId: access.chainId,
  };
}

type Channels = 'documents:list' | 'access:list' | 'access:grant' | 'access:revoke' | 'access:audit';

/** Handlers of the "Sealed by me" channels. */
export function accessHandlers(services: Services): HandlerGroup<Channels> {
  return {
    async 'documents:list'() {
      return { documents: await services.documents.list() };
    },
    'access:list': (request, context) => accessOf(services, request, context.signal),
    'access:grant': (request, context) => changeAccess(services, 'grant', request, context.signal),
    'access:revoke': (request, context) => changeAccess(services, 'revoke', request, context.signal),
    async 'access:audit'(request, context) {
      const profile = await networkOf(services, request);
      const identity = await services.identity();
      const report = await services.client(profile, identity, context.signal).audit(bytesOf(request.documentId));
      return {
        documentId: request.documentId,
        events: report.events.slice(0, 10_000).map((event) => ({
          requester: addressOf(event.requester),
          time: event.time,
          allowed: event.allowed,
          reasons: event.reasons.slice(0, 64).map((reason) => reason.slice(0, 1000)),
          nodes: event.nodes.length,
          agreement: event.agreement,
        })),
        answered: report.answered.length,
        failures: report.failures.slice(0, 256).map((f) => ({ node: f.node, code: f.code, reason: f.reason.slice(0, 1000) })),
      };
    },
  };
}
