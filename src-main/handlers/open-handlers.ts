// Opening from the Open screen: inspect a dropped file (who owns the key, which network, the
// threshold) without opening it, then open it as a background operation: ask the key holders
// (each answer shown as it comes), decrypt with progress, and say plainly why not when it fails.
import { basename, extname, join } from 'node:path';
import { SealdropError, isSealdropError } from '../../src-shared/errors.ts';
import type { ResponseOf } from '../../src-shared/ipc/contract.ts';
import type { Identity } from '../domain/seal/age/recipient.ts';
import { sealdropFieldsOf, SEALDROP_STANZA_TYPE } from '../domain/seal/age/sealdrop-stanza.ts';
import { needsPassphrase, passphraseIdentity } from '../domain/seal/keys.ts';
import { openDocument } from '../domain/seal/open-document.ts';
import { keyAuthor } from '../domain/secretstore/client/key-author.ts';
import type { NetworkProfile } from '../domain/secretstore/network/profile.ts';
import type { HandlerGroup } from './handler-types.ts';
import { addressOf, hexOf } from './hex.ts';
import { inspectFile } from './sealed-file.ts';
import { keyHolderIdentity } from './key-holder-identity.ts';
import type { OpenOutcome } from './operations.ts';
import { requireAbsolute, requireFolder } from './paths.ts';
import { progressUpdate } from './seal-handlers.ts';
import type { Services } from './services.ts';


/** "report.sealdrop" → "report"; "x.age" → "x"; anything else → "<name>.opened". */
function outputName(file: string): string {
  const name = basename(file);
  const ext = extname(name);
  if (ext === '.sealdrop' || ext === '.age') return name.slice(0, -ext.length) || 'opened';
  return `${name}.opened`;
}

/** The key's owner as t+1 key holders agree, or why it is not known. */
async function ownerOf(services: Services, profile: NetworkProfile, documentId: Uint8Array): Promise<{ owner: string | null; problem: string | null }> {
  try {
    const agreed = await keyAuthor(services.context(profile, null), documentId);
    return { owner: addressOf(agreed.author), problem: null };
  } catch (error) {
    // Why: the owner is a courtesy on the Open screen; the open itself reports reachability properly.
    return { owner: null, problem: isSealdropError(error) ? error.message.slice(0, 1000) : 'The key holders could not be asked.' };
  }
}

/** Handlers of open:inspect, open:start, open:cancel and operation:status. */
export function openHandlers(services: Services): HandlerGroup<'open:inspect' | 'open:start' | 'open:cancel' | 'operation:status'> {
  return {
    async 'open:inspect'(request): Promise<ResponseOf<'open:inspect'>> {
      const file = requireAbsolute(request.file, 'file');
      const header = await inspectFile(file);
      const stanzas = header.stanzas.slice(0, 100).map((s) => ({ type: s.type.slice(0, 100), args: s.args.slice(0, 10).map((a) => a.slice(0, 200)) }));
      const base = {
        file,
        size: header.size,
        sealedToNetwork: false,
        needsPassphrase: needsPassphrase(header.stanzas),
        ageRecipients: header.stanzas.filter((s) => s.type === 'X25519').length,
        documentId: null,
        threshold: null,
        network: null,
        owner: null,
        ownerProblem: null,
        stanzas,
      };
      const fields = sealdropFieldsOf(header.stanzas);
      if (fields === null) return base;
      const networkHex = hexOf(fields.networkId);
      const profile = await services.networks.byId(networkHex).catch((error: unknown) => {
        if (isSealdropError(error, 'profile-invalid')) return null;
        throw error;
      });
      const owner = profile === null ? { owner: null, problem: 'This computer does not know the network that holds the key: add its profile.' } : await ownerOf(services, profile, fields.documentId);
      return {
        ...base,
        sealedToNetwork: true,
        documentId: hexOf(fields.documentId),
        threshold: fields.threshold,
        network: { id: networkHex, known: profile !== null, name: profile?.name.slice(0, 1000) ?? null },
        owner: owner.owner,
        ownerProblem: owner.problem,
      };
    },
    async 'open:start'(request, context) {
      const file = requireAbsolute(request.file, 'file');
      const outputFolder = await requireFolder(request.outputFolder, 'outputFolder');
      const header = await inspectFile(file);
      const passphraseSealed = needsPassphrase(header.stanzas);
      if (passphraseSealed && request.passphrase === undefined) {
        throw new SealdropError('bad-argument', 'This file is sealed with a passphrase: give the passphrase to open it.', { field: 'passphrase' });
      }
      const sealedToNetwork = header.stanzas.some((stanza) => stanza.type === SEALDROP_STANZA_TYPE);
      if (!passphraseSealed && !sealedToNetwork) {
        throw new SealdropError('no-matching-key', 'This file is sealed for an age key, not to a key server network; open it with "sealdrop open -i <key file>".');
      }
      const identity = sealedToNetwork && !passphraseSealed ? await services.identity() : null;
      const output = join(outputFolder, outputName(file));

      return {
        operationId: services.operations.start('open', context, async ({ signal, report }): Promise<OpenOutcome> => {
          let keyHolders: OpenOutcome['keyHolders'] = null;
          const identities: Identity[] = [];
          if (request.passphrase !== undefined && passphraseSealed) identities.push(passphraseIdentity(request.passphrase));
          if (identity !== null) {
            identities.push(
              keyHolderIdentity({
                services,
                identity,
                signal,
                report,
                onAnswers: (answers) => {
                  keyHolders = answers;
                },
                onError: withOwner,
              }),
            );
          }
          const opened = await openDocument({ file, identities, output, ifExists: 'rename', onProgress: (progress) => report(progressUpdate(progress)), signal, now: services.clock });
          return { output: opened.output, kind: opened.kind, entries: opened.entries, files: opened.files, bytes: opened.bytes, seconds: opened.seconds, keyHolders };
        }),
      };

      /** A refusal names the owner to ask for access. */
      async function withOwner(error: unknown, profile: NetworkProfile, documentId: Uint8Array): Promise<unknown> {
        if (!isSealdropError(error, 'access-denied')) return error;
        const { owner } = await ownerOf(services, profile, documentId);
        if (owner === null) return error;
        return new SealdropError('access-denied', `${error.message} Ask the owner, ${owner}, to give you access.`, { ...error.details, owner }, { cause: error });
      }
    },
    async 'open:cancel'(request) {
      return { cancelled: services.operations.cancel('open', request.operationId) };
    },
    async 'operation:status'(request) {
      return services.operations.status(request.operationId);
    },
  };
}
