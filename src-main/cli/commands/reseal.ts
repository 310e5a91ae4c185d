import { resolve } from 'node:path';
import { checksumAddress } from '../../domain/identity/identity-key.ts';
import { SealdropNetworkIdentity } from '../../domain/seal/age/sealdrop-recipient.ts';
import { resealDocument } from '../../domain/seal/reseal-document.ts';
import { changeDocumentAccess, readDocumentAccess } from '../../domain/secretstore/client/document-access.ts';
import { createNetworkDocument, type NetworkDocument } from '../../domain/secretstore/client/new-document.ts';
import { rememberNetwork } from '../../domain/secretstore/network/known-networks.ts';
import type { NetworkProfile } from '../../domain/secretstore/network/profile.ts';
import type { IdentityKey } from '../../domain/identity/identity-key.ts';
import { ifExistsOption, parse, UsageError } from '../args.ts';
import { NETWORK_OPTIONS, dataDirOf, documentTarget, loadUserIdentity, narrator, parseAddressArgument } from '../network-options.ts';
import { formatBytes, formatDuration, progressBar } from '../terminal.ts';
import type { Console } from '../terminal.ts';

export const RESEAL_HELP = `Usage: sealdrop reseal <file.sealdrop> [--grant <0xADDRESS> …] [--stop-old] [-o <file>] [--json]

Seals a document you own again, under a new key: a new file for the people who may open it now (or
the addresses given with --grant), made from the old file without the contents ever being written
out in the clear. The old file stays as it is. With --stop-old everyone is then revoked on the old
document, so copies of the old file stop opening through the key holders; copies already opened
cannot be taken back. Offline age1… recipients of the old file are not carried over.

  --grant <0xADDRESS>   who may open the new file (repeatable; default: who may open the old one now)
  --stop-old            revoke everyone on the old document once the new file exists
  -o, --output <file>   the new file (default: the old file's name, as "name (2).sealdrop")
  --if-exists <policy>  when the output exists: rename (default) or stop
  --network <profile>   the network's profile file or link, when this computer does not know it
  -q, --quiet           no progress
  --json                print the result as JSON`;

/** Revokes `readers` on a document (the old one, or a new one left without its file); true when in force. */
async function revokeAll(profile: NetworkProfile, documentId: Uint8Array, readers: Uint8Array[], identity: IdentityKey): Promise<boolean> {
  if (readers.length === 0) return true;
  return (await changeDocumentAccess({ profile, signer: identity }, identity, 'revoke', documentId, readers)).effective;
}

/** `sealdrop reseal`: the same contents under a new key. */
export async function runReseal(argv: readonly string[], console: Console, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parse(argv, {
    grant: { type: 'string', multiple: true },
    'stop-old': { type: 'boolean' },
    output: { type: 'string', short: 'o' },
    'if-exists': { type: 'string' },
    ...NETWORK_OPTIONS,
  });
  if (positionals.length !== 1) throw new UsageError('name exactly one sealed file to re-seal');
  const file = resolve(positionals[0] as string);
  const ifExists = ifExistsOption(values['if-exists'], ['rename', 'stop'] as const, 'rename');
  const say = narrator(console, !values.quiet && !values.json);
  const dataDir = dataDirOf(values['data-dir'], console);
  const target = await documentTarget(file, values.network, dataDir);
  const stanza = target.stanza;
  if (stanza === null) throw new UsageError('re-sealing needs the sealed file, not only its document id');
  const { profile, documentId } = target;
  const identity = await loadUserIdentity(values['data-dir'], console);
  // Who may open the old document now, as the key holders or the chain say (expired grants left out).
  const access = await readDocumentAccess({ profile, signer: identity, signal }, documentId);
  const readers = access.readers.filter((reader) => !reader.expired).map((reader) => reader.address);
  const grants = values.grant === undefined ? readers : values.grant.map(parseAddressArgument);
  let made: NetworkDocument | null = null;
  const bar = progressBar(console.err, !values.quiet && !values.json);
  let result;
  try {
    result = await resealDocument({
      file,
      identities: [
        new SealdropNetworkIdentity(async (fields) => {
          const { retrieveForStanza } = await import('../open-from-network.ts');
          return retrieveForStanza(fields, values, console, signal);
        }),
      ],
      // Only once the old file's key came back: no new document for a file that does not open.
      recipients: async () => {
        say(`Asking the ${profile.nodes.length} key holders for a new key…`);
        made = await createNetworkDocument({ context: { profile, signer: identity, signal }, identity, threshold: stanza.threshold, grants });
        return [made.recipient];
      },
      output: resolve(values.output ?? file),
      ifExists,
      onProgress: bar.listener,
      signal,
    });
  } catch (error) {
    // A new document whose file was never written must not keep live grants.
    const orphan = made as NetworkDocument | null;
    if (orphan !== null && grants.length > 0) await revokeAll(profile, Buffer.from(orphan.documentId, 'hex'), grants, identity).catch(() => false);
    throw error;
  } finally {
    bar.done();
  }
  const document = made as NetworkDocument | null;
  if (document === null) throw new UsageError('the new document was not made');
  await rememberNetwork(dataDir, profile);
  let stopped: boolean | null = null;
  if (values['stop-old']) {
    say(`Stopping the old file: revoking ${readers.length} recipient${readers.length === 1 ? '' : 's'}…`);
    stopped = await revokeAll(profile, documentId, readers, identity);
  }
  const summary = { id: document.documentId, network: document.network, threshold: document.threshold, granted: document.granted };
  if (values.json) {
    console.out.write(`${JSON.stringify({ ok: true, ...result, from: Buffer.from(documentId).toString('hex'), document: summary, oldFileStopped: stopped })}\n`);
    return stopped === false ? 1 : 0;
  }
  console.out.write(`Re-sealed into ${result.output} (${formatBytes(result.bytesOut)}) in ${formatDuration(result.seconds)}, under a new key for you${document.granted.length === 0 ? '' : ` and ${document.granted.join(', ')}`}.\n`);
  if (stopped === true) console.out.write(`The old file no longer opens through the key holders for ${readers.map(checksumAddress).join(', ') || 'anyone but you'}.\n`);
  if (stopped === false) {
    console.err.write('The old file is not stopped yet: too few key holders took the change. Run "sealdrop revoke" on it when more are reachable.\n');
    return 1;
  }
  return 0;
}
