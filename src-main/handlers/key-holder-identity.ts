// The identity that opens a network-sealed file from the app: it asks the key holders of the file's
// network for the document key (each answer reported as it comes) and keeps who answered and who
// was ignored, for the result card. Shared by opening and re-sealing.
import type { IdentityKey } from '../domain/identity/identity-key.ts';
import { SealdropNetworkIdentity } from '../domain/seal/age/sealdrop-recipient.ts';
import { createSecretStoreClient } from '../domain/secretstore/client/secret-store-client.ts';
import type { NetworkProfile } from '../domain/secretstore/network/profile.ts';
import { hexOf } from './hex.ts';
import type { OpenOutcome, ProgressUpdate } from './operations.ts';
import type { Services } from './services.ts';

/** Who released the key, and who was ignored and why (null until the key holders were asked). */
export type KeyHolderReport = OpenOutcome['keyHolders'];

/** What the identity needs from its operation. */
export type KeyHolderIdentityOptions = {
  readonly services: Services;
  readonly identity: IdentityKey;
  readonly signal: AbortSignal;
  readonly report: (update: ProgressUpdate) => void;
  /** Called with the answers once the key is released. */
  readonly onAnswers?: (answers: NonNullable<KeyHolderReport>) => void;
  /** Turns a refusal into the error to show (e.g. naming the owner to ask). */
  readonly onError?: (error: unknown, profile: NetworkProfile, documentId: Uint8Array) => Promise<unknown>;
};

/** An age identity that unwraps a `sealdrop` stanza through the key holders of its network. */
export function keyHolderIdentity(options: KeyHolderIdentityOptions): SealdropNetworkIdentity {
  const { services, identity, signal, report } = options;
  return new SealdropNetworkIdentity(async (fields) => {
    const profile = await services.networks.byId(hexOf(fields.networkId));
    const client = createSecretStoreClient(services.context(profile, identity, signal));
    const total = profile.nodes.length;
    const needed = fields.threshold + 1;
    report({ step: `asking the key holders for the key 0/${needed}`, keyHolders: { answered: 0, needed, total } });
    try {
      const result = await client.retrieveDocumentKey(fields.documentId, { serverKey: fields.serverKey, threshold: fields.threshold }, (progress) => {
        report({ step: `asking the key holders for the key ${progress.answered}/${progress.needed}`, keyHolders: { answered: progress.answered, needed: progress.needed, total: progress.total } });
      });
      options.onAnswers?.({
        answered: result.answered.slice(0, 256),
        ignored: [...result.rejected, ...result.failed].slice(0, 256).map((f) => ({ node: f.node, code: f.code, reason: f.reason.slice(0, 1000) })),
      });
      return result.documentKey;
    } catch (error) {
      throw options.onError === undefined ? error : await options.onError(error, profile, fields.documentId);
    }
  });
}
