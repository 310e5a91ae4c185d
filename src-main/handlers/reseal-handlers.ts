// Re-sealing from "Sealed by me": a document sealed from here, sealed again under a new key. The old
// file must still hold that document (its header names it); the owner's key for it comes from the key
// holders; only then does the network make a new document (new id, new server key, new document key)
// for the people who may open the old one now (or the recipients given), and the old file is
// decrypted and encrypted again, chunk by chunk, into a new file beside it. "Sealed by me" lists the
// new document and marks the old one replaced. With `stopOldFile` everyone is then revoked on the
// old document, so copies of the old file stop opening through the key holders.
import { basename, dirname, join } from 'node:path';
import { SealdropError, isSealdropError } from '../../src-shared/errors.ts';
import { sealdropFieldsOf } from '../domain/seal/age/sealdrop-stanza.ts';
import { resealDocument } from '../domain/seal/reseal-document.ts';
import { createNetworkDocument, type NetworkDocument } from '../domain/secretstore/client/new-document.ts';
import { rememberNetwork } from '../domain/secretstore/network/known-networks.ts';
import { accessOf, changeAccess } from './access-handlers.ts';
import type { HandlerGroup } from './handler-types.ts';
import { bytesOf, hexOf, normalizeAddress } from './hex.ts';
import { keyHolderIdentity } from './key-holder-identity.ts';
import type { SealOutcome } from './operations.ts';
import { requireFolder } from './paths.ts';
import { messageFor, progressUpdate } from './seal-handlers.ts';
import { inspectFile } from './sealed-file.ts';
import type { Services } from './services.ts';

/** The document id and network the file at `file` is sealed to, from its header alone. */
async function sealedTo(file: string): Promise<{ documentId: string; network: string } | null> {
  const header = await inspectFile(file).catch((error: unknown) => {
    if (!isSealdropError(error, 'input-not-found')) throw error;
    throw new SealdropError('input-not-found', `The sealed file is no longer at "${file}": re-sealing reads it. Put it back, then try again.`, { path: file }, { cause: error });
  });
  const fields = sealdropFieldsOf(header.stanzas);
  return fields === null ? null : { documentId: hexOf(fields.documentId), network: hexOf(fields.networkId) };
}

/** Handler of seal:reseal. */
export function resealHandlers(services: Services): HandlerGroup<'seal:reseal'> {
  // Documents being re-sealed now: a second re-seal of one of them waits for the first to end.
  const resealing = new Set<string>();

  return {
    async 'seal:reseal'(request, context) {
      // Everything that can be checked quickly is checked before the operation id is handed out.
      const old = await services.documents.find(request.documentId);
      if (old === null) {
        throw new SealdropError('bad-argument', 'Only a document sealed from this computer can be re-sealed here.', { field: 'documentId' });
      }
      if (resealing.has(old.documentId)) throw new SealdropError('bad-argument', 'This document is being re-sealed already: wait for that to finish.');
      const holds = await sealedTo(old.output);
      if (holds === null || holds.documentId !== old.documentId || holds.network !== old.network) {
        throw new SealdropError('bad-argument', `The file at "${old.output}" no longer holds this document (it was replaced by another file): re-sealing needs the file this document was sealed into.`, {
          path: old.output,
        });
      }
      const outputFolder = request.outputFolder === undefined ? dirname(old.output) : await requireFolder(request.outputFolder, 'outputFolder');
      const profile = await services.networks.byId(old.network);
      const identity = await services.identity();
      const given = request.recipients?.map(normalizeAddress);
      if (given?.includes(identity.address)) {
        throw new SealdropError('bad-argument', 'You are the owner and can always open it: leave your own address out of the recipients.');
      }
      const grantDays = (await services.settings.get()).chain.grantDays;
      const grantUntil = grantDays === null || profile.acl.type !== 'contract' ? undefined : Math.floor(services.clock() / 1000) + grantDays * 86_400;
      resealing.add(old.documentId);

      return {
        operationId: services.operations.start('seal', context, async ({ signal, report }): Promise<SealOutcome> => {
          try {
            // Who may open the old document now, as its key holders (or the chain) say, unless given.
            report({ step: 'asking who may open it now', keyHolders: null });
            const current = await accessOf(services, { documentId: old.documentId, network: old.network }, signal);
            const live = current.readers.filter((reader) => !reader.expired).map((reader) => normalizeAddress(reader.address));
            const recipients = [...new Set(given ?? live)];
            let document: NetworkDocument | null = null;
            let resealed;
            try {
              resealed = await resealDocument({
                file: old.output,
                identities: [keyHolderIdentity({ services, identity, signal, report })],
                // Made only once the old file's key came back and its header verified.
                recipients: async () => {
                  document = await createNetworkDocument({
                    context: services.context(profile, identity, signal),
                    identity,
                    threshold: old.threshold,
                    grants: recipients.map(bytesOf),
                    ...(grantUntil === undefined ? {} : { grantUntil }),
                    onStep: report,
                  });
                  report({ step: 'decrypting and encrypting again', keyHolders: null });
                  return [document.recipient];
                },
                output: join(outputFolder, basename(old.output)),
                ifExists: 'rename',
                onProgress: (progress) => report(progressUpdate(progress)),
                signal,
                now: services.clock,
              });
            } catch (error) {
              // A new document whose file was never written must not keep live grants.
              const made = document as NetworkDocument | null;
              if (made !== null && made.granted.length > 0) {
                await changeAccess(services, 'revoke', { documentId: `0x${made.documentId}`, network: made.network, addresses: made.granted }, undefined).catch(() => undefined);
              }
              throw error;
            }
            const made = document as NetworkDocument | null;
            if (made === null) throw new SealdropError('internal', 'The new document was not made.');
            // The new file exists from here on: nothing below may turn this into a failure or a cancel.
            return await finish(services, { old, made, resealed, profileName: profile.name, stopOldFile: request.stopOldFile, everyone: live, report });
          } finally {
            resealing.delete(old.documentId);
          }
        }),
      };
    },
  };
}

type FinishInput = {
  old: { documentId: string; name: string; size: number; threshold: number };
  made: NetworkDocument;
  resealed: { output: string; bytesOut: number; seconds: number };
  profileName: string;
  stopOldFile: boolean;
  everyone: readonly string[];
  report: (update: { step?: string; keyHolders?: null }) => void;
};

/** Records the new document, marks the old one, and stops the old file if asked; never throws. */
async function finish(services: Services, input: FinishInput): Promise<SealOutcome> {
  const { old, made, resealed } = input;
  const newId = `0x${made.documentId}`;
  const problems: string[] = [];
  try {
    await rememberNetwork(services.deps.dataDir, await services.networks.byId(made.network));
    await services.documents.add({
      documentId: newId,
      name: old.name,
      size: old.size,
      sealedAt: new Date(services.clock()).toISOString(),
      recipients: made.granted,
      network: made.network,
      networkName: input.profileName,
      threshold: old.threshold,
      output: resealed.output,
    });
    await services.documents.markReplaced(old.documentId, newId);
  } catch (error) {
    problems.push(`The new document could not be added to Sealed by me: ${isSealdropError(error) ? error.message : String(error)}`);
  }
  let oldFileStopped = false;
  if (input.stopOldFile) {
    if (input.everyone.length === 0) oldFileStopped = true; // nobody but the owner could open it
    else {
      input.report({ step: `stopping the old file: revoking ${input.everyone.length} recipient${input.everyone.length === 1 ? '' : 's'}`, keyHolders: null });
      try {
        // Not cancellable: the new file exists, and half a stop is worse than a finished one.
        const change = await changeAccess(services, 'revoke', { documentId: old.documentId, addresses: [...input.everyone] }, undefined);
        oldFileStopped = change.effective;
        if (!change.effective) problems.push(`The old file is not stopped yet: only ${change.acknowledged ?? 0} of ${change.total ?? 0} key holders took the change. Remove the recipients again from the old document.`);
      } catch (error) {
        problems.push(`The old file could not be stopped: ${isSealdropError(error) ? error.message : String(error)} Remove its recipients under the old document.`);
      }
    }
  }
  return {
    file: resealed.output,
    entries: 0,
    files: 0,
    bytesIn: old.size,
    bytesOut: resealed.bytesOut,
    seconds: resealed.seconds,
    skipped: [],
    document: { documentId: newId, network: made.network, threshold: old.threshold, recipients: made.granted },
    message: messageFor(old.name, resealed.output, input.profileName, made.granted),
    resealed: { fromDocumentId: old.documentId, oldFileStopped, problems: problems.map((problem) => problem.slice(0, 1000)) },
  };
}
