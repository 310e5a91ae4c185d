// Re-sealing from "Sealed by me": a document sealed from here, sealed again under a new key. The
// network makes a new document (new id, new server key, new document key) for the chosen recipients;
// the old file is decrypted with the owner's key and encrypted again, chunk by chunk, into a new file
// beside it; "Sealed by me" lists the new document and marks the old one replaced. With `stopOldFile`
// everyone is then revoked on the old document, so copies of the old file stop opening.
import { access } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SealdropError } from '../../src-shared/errors.ts';
import { resealDocument } from '../domain/seal/reseal-document.ts';
import { createNetworkDocument } from '../domain/secretstore/client/new-document.ts';
import { rememberNetwork } from '../domain/secretstore/network/known-networks.ts';
import { changeAccess } from './access-handlers.ts';
import type { HandlerGroup } from './handler-types.ts';
import { bytesOf, normalizeAddress } from './hex.ts';
import { keyHolderIdentity } from './key-holder-identity.ts';
import type { SealOutcome } from './operations.ts';
import { requireFolder } from './paths.ts';
import { messageFor, progressUpdate } from './seal-handlers.ts';
import type { Services } from './services.ts';

/** Handler of seal:reseal. */
export function resealHandlers(services: Services): HandlerGroup<'seal:reseal'> {
  return {
    async 'seal:reseal'(request, context) {
      // Everything that can be checked quickly is checked before the operation id is handed out.
      const old = await services.documents.find(request.documentId);
      if (old === null) {
        throw new SealdropError('bad-argument', 'Only a document sealed from this computer can be re-sealed here.', { field: 'documentId' });
      }
      await access(old.output).catch((cause: unknown) => {
        throw new SealdropError('input-not-found', `The sealed file is no longer at "${old.output}": re-sealing reads it. Put it back, then try again.`, { path: old.output }, { cause });
      });
      const outputFolder = request.outputFolder === undefined ? dirname(old.output) : await requireFolder(request.outputFolder, 'outputFolder');
      const profile = await services.networks.byId(old.network);
      const identity = await services.identity();
      const recipients = [...new Set((request.recipients ?? old.recipients).map(normalizeAddress))];
      if (recipients.includes(identity.address)) {
        throw new SealdropError('bad-argument', 'You are the owner and can always open it: leave your own address out of the recipients.');
      }
      const grantDays = (await services.settings.get()).chain.grantDays;
      const grantUntil = grantDays === null || profile.acl.type !== 'contract' ? undefined : Math.floor(services.clock() / 1000) + grantDays * 86_400;

      return {
        operationId: services.operations.start('seal', context, async ({ signal, report }): Promise<SealOutcome> => {
          const document = await createNetworkDocument({
            context: services.context(profile, identity, signal),
            identity,
            threshold: old.threshold,
            grants: recipients.map(bytesOf),
            ...(grantUntil === undefined ? {} : { grantUntil }),
            onStep: report,
          });
          signal.throwIfAborted();
          const resealed = await resealDocument({
            file: old.output,
            identities: [keyHolderIdentity({ services, identity, signal, report })],
            recipients: [document.recipient],
            output: join(outputFolder, `${old.name}.sealdrop`),
            ifExists: 'rename',
            onProgress: (progress) => report(progressUpdate(progress)),
            signal,
            now: services.clock,
          });
          await rememberNetwork(services.deps.dataDir, profile);
          await services.documents.add({
            documentId: `0x${document.documentId}`,
            name: old.name,
            size: old.size,
            sealedAt: new Date(services.clock()).toISOString(),
            recipients: document.granted,
            network: document.network,
            networkName: profile.name,
            threshold: old.threshold,
            output: resealed.output,
          });
          await services.documents.markReplaced(old.documentId, `0x${document.documentId}`);
          let oldFileStopped = false;
          const everyone = old.recipients.map(normalizeAddress);
          if (request.stopOldFile && everyone.length > 0) {
            report({ step: `stopping the old file: revoking ${everyone.length} recipient${everyone.length === 1 ? '' : 's'}`, keyHolders: null });
            const change = await changeAccess(services, 'revoke', { documentId: old.documentId, addresses: everyone }, signal);
            oldFileStopped = change.effective;
          } else if (request.stopOldFile) {
            oldFileStopped = true; // nobody but the owner could open it
          }
          return {
            file: resealed.output,
            entries: 0,
            files: 0,
            bytesIn: old.size,
            bytesOut: resealed.bytesOut,
            seconds: resealed.seconds,
            skipped: [],
            document: { documentId: `0x${document.documentId}`, network: document.network, threshold: old.threshold, recipients: document.granted },
            message: messageFor(old.name, resealed.output, profile.name, document.granted),
            resealed: { fromDocumentId: old.documentId, oldFileStopped },
          };
        }),
      };
    },
  };
}
