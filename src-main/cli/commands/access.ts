import { checksumAddress } from '../../domain/identity/identity-key.ts';
import { chainPermissions, changeOnChain, readChainAccess, type ContractBackend } from '../../domain/secretstore/client/chain-access.ts';
import { createSecretStoreClient } from '../../domain/secretstore/client/secret-store-client.ts';
import type { IdentityKey } from '../../domain/identity/identity-key.ts';
import { parse, UsageError } from '../args.ts';
import { NETWORK_OPTIONS, dataDirOf, documentTarget, loadUserIdentity, parseAddressArgument } from '../network-options.ts';
import type { Console } from '../terminal.ts';

const TARGET = `<file.sealdrop | document id>`;

export const GRANT_HELP = `Usage: sealdrop grant ${TARGET} <0xADDRESS> … [--until <date>] [--network <profile>] [--json]

Lets the given addresses open a document you sealed, without touching the file. On a network with
an owner-signed access list you sign a new version of it and every key holder keeps it; on a
network whose access list is a contract on chain, you send the grant as a transaction (your
identity pays its gas). Only the document's owner can change who may open it.

  --until <date>   the grant ends then (ISO date/time, or unix seconds); contract networks only`;

export const REVOKE_HELP = `Usage: sealdrop revoke ${TARGET} <0xADDRESS> … [--network <profile>] [--json]

Stops the given addresses from opening a document you sealed. This stops future opens; it cannot
take back a copy someone already opened. Effective once too few key holders would still allow them.`;

export const AUDIT_HELP = `Usage: sealdrop audit ${TARGET} [--network <profile>] [--json]

Shows every attempt to open a document you sealed, as the key holders logged it: who, when, whether
it was allowed, and how many key holders agree. Only the document's owner may read it (the request
is signed with your identity).`;

export const ACCESS_HELP = `Usage: sealdrop access ${TARGET} [--network <profile>] [--json]

Shows who may open a document: its owner and the addresses on the newest access list the key
holders keep.`;

type Values = { network?: string; 'data-dir'?: string; json?: boolean };

async function clientFor(target: string, values: Values, console: Console) {
  const dataDir = dataDirOf(values['data-dir'], console);
  const document = await documentTarget(target, values.network, dataDir);
  const identity = await loadUserIdentity(values['data-dir'], console);
  return { document, identity, client: createSecretStoreClient({ profile: document.profile, signer: identity }) };
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** `--until`: an ISO date/time or unix seconds, as unix seconds. */
export function untilOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = /^\d{1,12}$/.test(value) ? Number(value) : Math.floor(Date.parse(value) / 1000);
  if (!Number.isSafeInteger(seconds) || seconds <= 0) throw new UsageError(`--until must be a date (2027-01-31T12:00Z) or unix seconds, not "${value}"`);
  return seconds;
}

/** Grant or revoke on chain: the change is in effect for every node once mined. */
async function changeContract(kind: 'grant' | 'revoke', backend: ContractBackend, identity: IdentityKey, documentId: Uint8Array, addresses: Uint8Array[], until: number | undefined, json: boolean, console: Console): Promise<number> {
  const { contract, close } = await chainPermissions(backend, identity.exportSecret());
  try {
    const change = await changeOnChain(contract, kind, documentId, addresses, until);
    const names = addresses.map(checksumAddress);
    if (json) {
      console.out.write(`${JSON.stringify({ ok: true, document: hex(documentId), [kind === 'grant' ? 'granted' : 'revoked']: names, chain: backend.chainId, transactions: change.transactions, effective: true, until: until ?? null })}\n`);
      return 0;
    }
    const verb = kind === 'grant' ? 'Granted' : 'Revoked';
    console.out.write(`${verb} ${names.join(', ')} on chain ${backend.chainId} (block ${change.blocks.at(-1)})${until === undefined ? '' : ` until ${new Date(until * 1000).toISOString()}`}; every key holder reads it from there.\n`);
    if (kind === 'revoke') console.out.write('They can no longer open it; copies they already opened are beyond reach.\n');
    return 0;
  } finally {
    close();
  }
}

async function change(kind: 'grant' | 'revoke', argv: readonly string[], console: Console): Promise<number> {
  const { values, positionals } = parse(argv, { ...NETWORK_OPTIONS, until: { type: 'string' } });
  const [target, ...addressTexts] = positionals;
  if (target === undefined || addressTexts.length === 0) throw new UsageError(`${kind} needs a document and at least one address`);
  const addresses = addressTexts.map(parseAddressArgument);
  const until = untilOption(values.until);
  if (until !== undefined && kind === 'revoke') throw new UsageError('--until belongs to grant');
  const { document, client, identity } = await clientFor(target, values, console);
  const acl = document.profile.acl;
  if (acl.type === 'contract') return changeContract(kind, acl, identity, document.documentId, addresses, until, values.json === true, console);
  if (until !== undefined) throw new UsageError('--until needs a network whose access list is a contract; owner-signed lists have no expiry');
  const result = kind === 'grant' ? await client.grant(document.documentId, addresses) : await client.revoke(document.documentId, addresses);
  const names = addresses.map(checksumAddress);
  if (values.json) {
    console.out.write(
      `${JSON.stringify({ ok: true, document: hex(document.documentId), [kind === 'grant' ? 'granted' : 'revoked']: names, version: result.record?.version ?? null, acknowledged: result.acknowledged, total: result.total, effective: result.effective, failures: result.failures })}\n`,
    );
    return result.effective ? 0 : 1;
  }
  const verb = kind === 'grant' ? 'Granted' : 'Revoked';
  console.out.write(`${verb} ${names.join(', ')} on ${result.acknowledged} of ${result.total} key holders${result.record === null ? '' : ` (access list v${result.record.version})`}.\n`);
  for (const failure of result.failures) console.err.write(`  ${failure.node}: ${failure.reason}\n`);
  if (!result.effective) {
    console.err.write(`Not effective yet: too few key holders acknowledged. Run the same command again when more are reachable.\n`);
    return 1;
  }
  if (kind === 'revoke') console.out.write('They can no longer open it; copies they already opened are beyond reach.\n');
  return 0;
}

/** `sealdrop grant`. */
export function runGrant(argv: readonly string[], console: Console): Promise<number> {
  return change('grant', argv, console);
}

/** `sealdrop revoke`. */
export function runRevoke(argv: readonly string[], console: Console): Promise<number> {
  return change('revoke', argv, console);
}

/** `sealdrop access`: the owner and the newest access list. */
export async function runAccess(argv: readonly string[], console: Console): Promise<number> {
  const { values, positionals } = parse(argv, { ...NETWORK_OPTIONS });
  if (positionals.length !== 1) throw new UsageError('access needs exactly one document');
  const { document, client } = await clientFor(positionals[0] as string, values, console);
  const acl = document.profile.acl;
  if (acl.type === 'contract') return showContractAccess(acl, document.documentId, values.json === true, console);
  const reading = await client.readAcl(document.documentId);
  const readers = (reading.record?.readers ?? []).map(checksumAddress);
  const owner = checksumAddress(reading.author);
  if (values.json) {
    console.out.write(`${JSON.stringify({ ok: true, document: hex(document.documentId), owner, version: reading.record?.version ?? null, readers })}\n`);
    return 0;
  }
  console.out.write(`Document ${hex(document.documentId)}\n  owner:   ${owner}\n`);
  if (readers.length === 0) console.out.write('  nobody else may open it\n');
  else console.out.write(`  may open (access list v${reading.record?.version}):\n${readers.map((r) => `    ${r}`).join('\n')}\n`);
  return 0;
}

/** A time as people read it in a log: local date and time to the second. */
function when(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** `sealdrop audit`: the merged retrieval log of a document, for its owner. */
export async function runAudit(argv: readonly string[], console: Console): Promise<number> {
  const { values, positionals } = parse(argv, { ...NETWORK_OPTIONS });
  if (positionals.length !== 1) throw new UsageError('audit needs exactly one document');
  const { document, client } = await clientFor(positionals[0] as string, values, console);
  const report = await client.audit(document.documentId);
  const events = report.events.map((event) => ({
    requester: checksumAddress(event.requester),
    time: event.time,
    allowed: event.allowed,
    reasons: event.reasons,
    nodes: event.nodes.length,
    agreement: event.agreement,
  }));
  if (values.json) {
    console.out.write(`${JSON.stringify({ ok: true, document: hex(document.documentId), events, answered: report.answered.length, failures: report.failures })}\n`);
    return 0;
  }
  console.out.write(`Document ${hex(document.documentId)}: ${events.length} attempt${events.length === 1 ? '' : 's'} to open it\n`);
  for (const event of events) {
    const what = event.allowed ? 'opened it' : `was refused (${event.reasons.join('; ')})`;
    console.out.write(`  ${event.requester} ${what} at ${when(event.time)} (${event.agreement})\n`);
  }
  for (const failure of report.failures) console.err.write(`  ${failure.node}: ${failure.reason}\n`);
  return 0;
}

/** `access` on a contract network: the owner and grants (with expiries) at the latest block. */
async function showContractAccess(backend: ContractBackend, documentId: Uint8Array, json: boolean, console: Console): Promise<number> {
  const { contract, close } = await chainPermissions(backend, null);
  try {
    const { owner, grants } = await readChainAccess(contract, documentId);
    if (json) {
      console.out.write(`${JSON.stringify({ ok: true, document: hex(documentId), chain: backend.chainId, owner, readers: grants.filter((g) => !g.expired).map((g) => g.user), grants })}\n`);
      return 0;
    }
    console.out.write(`Document ${hex(documentId)} (chain ${backend.chainId})\n  owner:   ${owner ?? 'not registered on chain'}\n`);
    if (grants.length === 0) console.out.write('  nobody else may open it\n');
    for (const grant of grants) {
      const until = grant.expiresAt === null ? '' : ` until ${new Date(grant.expiresAt * 1000).toISOString()}`;
      console.out.write(`    ${grant.user}${until}${grant.expired ? ' (expired)' : ''}\n`);
    }
    return 0;
  } finally {
    close();
  }
}
