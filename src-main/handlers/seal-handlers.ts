// Sealing from the Share screen: plan what was dropped, then seal it to a network (for the owner
// and the chosen recipients, plus optional offline age recipients) as a background operation with
// progress, and remember the document in "Sealed by me".
import { basename, join } from 'node:path';
import { checkThreshold } from '../domain/secretstore/client/server-key.ts';
import { planArchive } from '../domain/seal/archive/plan.ts';
import { recipientsFromArguments } from '../domain/seal/keys.ts';
import { sealDocument } from '../domain/seal/seal-document.ts';
import { rememberNetwork } from '../domain/secretstore/network/known-networks.ts';
import type { Progress } from '../../src-shared/progress.ts';
import { SealdropError } from '../../src-shared/errors.ts';
import type { HandlerGroup } from './handler-types.ts';
import { bytesOf, normalizeAddress } from './hex.ts';
import { createNetworkDocument } from '../domain/secretstore/client/new-document.ts';
import type { ProgressUpdate, SealOutcome } from './operations.ts';
import { requireAbsolute, requireFolder } from './paths.ts';
import type { Services } from './services.ts';

/** A domain progress sample as the contract's progress fields. */
export function progressUpdate(progress: Progress): ProgressUpdate {
  return {
    step: progress.step,
    bytesDone: progress.bytesDone,
    bytesTotal: progress.bytesTotal,
    rate: progress.bytesPerSecond,
    eta: progress.secondsLeft,
    entriesDone: progress.entriesDone,
    entriesTotal: progress.entriesTotal,
    keyHolders: null,
  };
}

/** The short text the result card offers to send along with the file. */
export function messageFor(name: string, file: string, networkName: string, recipients: readonly string[]): string {
  const who = recipients.length === 0 ? 'me' : recipients.length === 1 ? `you (${recipients[0]})` : `you (${recipients.length} people)`;
  return `I sealed "${name}" with Sealdrop: ${basename(file)} opens only for ${who}. Open it in Sealdrop; the key holders of "${networkName}" release its key after checking who you are.`.slice(0, 2000);
}

/** Handlers of seal:plan, seal:start and seal:cancel. */
export function sealHandlers(services: Services): HandlerGroup<'seal:plan' | 'seal:start' | 'seal:cancel'> {
  return {
    async 'seal:plan'(request) {
      request.paths.forEach((path, index) => requireAbsolute(path, `paths[${index}]`));
      const plan = await planArchive(request.paths);
      return {
        entries: plan.totals.entries,
        files: plan.totals.files,
        bytes: plan.totals.totalBytes,
        names: plan.entries.filter((entry) => !entry.name.includes('/')).map((entry) => entry.name.slice(0, 1000)),
        skipped: plan.skipped.slice(0, 10_000).map((skipped) => ({ name: skipped.name.slice(0, 1000), reason: skipped.reason.slice(0, 1000) })),
      };
    },
    async 'seal:start'(request, context) {
      // Everything that can be checked quickly is checked before the operation id is handed out.
      request.paths.forEach((path, index) => requireAbsolute(path, `paths[${index}]`));
      const outputFolder = await requireFolder(request.outputFolder, 'outputFolder');
      const profile = await services.networks.resolve(request.network);
      const threshold = request.threshold ?? (await services.settings.get()).defaultThreshold ?? profile.threshold;
      checkThreshold(threshold, profile.nodes.length);
      const ageRecipients = await recipientsFromArguments(request.ageRecipients ?? []);
      const recipients = [...new Set(request.recipients.map(normalizeAddress))];
      const identity = await services.identity();
      const grantDays = (await services.settings.get()).chain.grantDays;
      const grantUntil = grantDays === null ? undefined : Math.floor(services.clock() / 1000) + grantDays * 86_400;
      const first = request.paths[0] ?? '';
      const name = basename(first) || 'sealed';
      const output = join(outputFolder, request.fileName ?? `${name}.sealdrop`);
      if (recipients.some((address) => address === identity.address)) {
        throw new SealdropError('bad-argument', 'You are the owner and can always open it: leave your own address out of the recipients.');
      }

      return {
        operationId: services.operations.start('seal', context, async ({ signal, report }): Promise<SealOutcome> => {
          const document = await createNetworkDocument({
            context: services.context(profile, identity, signal),
            identity,
            threshold,
            grants: recipients.map(bytesOf),
            ...(grantUntil === undefined || profile.acl.type !== 'contract' ? {} : { grantUntil }),
            onStep: report,
          });
          signal.throwIfAborted();
          report({ step: 'encrypting', keyHolders: null });
          const sealed = await sealDocument({
            paths: request.paths,
            recipients: [document.recipient, ...ageRecipients],
            output,
            ifExists: 'rename',
            onProgress: (progress) => report(progressUpdate(progress)),
            signal,
            now: services.clock,
          });
          await rememberNetwork(services.deps.dataDir, profile);
          const documentId = `0x${document.documentId}`;
          await services.documents.add({
            documentId,
            name,
            size: sealed.bytesIn,
            sealedAt: new Date(services.clock()).toISOString(),
            recipients: document.granted,
            network: document.network,
            networkName: profile.name,
            threshold,
            output: sealed.output,
          });
          return {
            file: sealed.output,
            entries: sealed.entries,
            files: sealed.files,
            bytesIn: sealed.bytesIn,
            bytesOut: sealed.bytesOut,
            seconds: sealed.seconds,
            skipped: sealed.skipped.slice(0, 10_000).map((skipped) => ({ name: skipped.name.slice(0, 1000), reason: skipped.reason.slice(0, 1000) })),
            document: { documentId, network: document.network, threshold, recipients: document.granted },
            message: messageFor(name, sealed.output, profile.name, document.granted),
            resealed: null,
          };
        }),
      };
    },
    async 'seal:cancel'(request) {
      return { cancelled: services.operations.cancel('seal', request.operationId) };
    },
  };
}
