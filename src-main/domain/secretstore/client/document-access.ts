// Who may open a document, and changing it, whichever way the network keeps access (DESIGN §4): the
// owner-signed list every key holder keeps, or the permissioning contract on chain. One place for
// the choice, used by the app's handlers and the CLI's re-seal.
import type { IdentityKey } from '../../identity/identity-key.ts';
import { chainPermissions, changeOnChain, readChainAccess } from './chain-access.ts';
import type { ClientContext, NodeFailure } from './context.ts';
import { createSecretStoreClient } from './secret-store-client.ts';

/** One address allowed to open the document; chains may give an end (unix seconds). */
export type AccessReader = { readonly address: Uint8Array; readonly expiresAt: number | null; readonly expired: boolean };

/** Who may open a document now. */
export type DocumentAccess = {
  /** The owner (the key's author on an owner-signed list; the contract's owner on chain), if known. */
  readonly owner: Uint8Array | null;
  readonly readers: AccessReader[];
  /** Owner-signed lists: the newest version; chains: null. */
  readonly version: number | null;
  /** Chains: their id; owner-signed lists: null. */
  readonly chainId: number | null;
};

/** How a grant or revoke went. */
export type AccessChangeOutcome = {
  /** In force now (a chain change once mined; a list once enough key holders keep it). */
  readonly effective: boolean;
  /** Owner-signed lists: key holders that keep the change, out of all; chains: null. */
  readonly acknowledged: number | null;
  readonly total: number | null;
  readonly version: number | null;
  /** Who may open it after the change (owner-signed lists: the newest record's readers); chains: null. */
  readonly readers: Uint8Array[] | null;
  readonly transactions: string[];
  readonly failures: NodeFailure[];
};

const bytesOfAddress = (address: string): Uint8Array => Uint8Array.from(Buffer.from(address.slice(2), 'hex'));

/** Reads who may open `documentId` on `context.profile`'s network. */
export async function readDocumentAccess(context: ClientContext, documentId: Uint8Array): Promise<DocumentAccess> {
  const acl = context.profile.acl;
  if (acl.type === 'contract') {
    const { contract, close } = await chainPermissions(acl, null);
    try {
      const { owner, grants } = await readChainAccess(contract, documentId);
      return {
        owner: owner === null ? null : bytesOfAddress(owner),
        readers: grants.map((grant) => ({ address: bytesOfAddress(grant.user), expiresAt: grant.expiresAt, expired: grant.expired })),
        version: null,
        chainId: acl.chainId,
      };
    } finally {
      close();
    }
  }
  const reading = await createSecretStoreClient(context).readAcl(documentId);
  return {
    owner: reading.author,
    readers: (reading.record?.readers ?? []).map((address) => ({ address, expiresAt: null, expired: false })),
    version: reading.record?.version ?? null,
    chainId: null,
  };
}

/**
 * Grants or revokes `addresses` on `documentId`, signed by `identity` (the owner): a transaction on
 * chain (with an optional end for grants, unix seconds), or a new version of the owner-signed list.
 */
export async function changeDocumentAccess(
  context: ClientContext,
  identity: IdentityKey,
  kind: 'grant' | 'revoke',
  documentId: Uint8Array,
  addresses: readonly Uint8Array[],
  untilSeconds?: number,
): Promise<AccessChangeOutcome> {
  const acl = context.profile.acl;
  if (acl.type === 'contract') {
    const { contract, close } = await chainPermissions(acl, identity.exportSecret());
    try {
      const done = await changeOnChain(contract, kind, documentId, addresses, untilSeconds);
      return { effective: true, acknowledged: null, total: null, version: null, readers: null, transactions: done.transactions, failures: [] };
    } finally {
      close();
    }
  }
  const client = createSecretStoreClient(context);
  const done = kind === 'grant' ? await client.grant(documentId, addresses) : await client.revoke(documentId, addresses);
  return {
    effective: done.effective,
    acknowledged: done.acknowledged,
    total: done.total,
    version: done.record?.version ?? null,
    readers: done.record?.readers ?? null,
    transactions: [],
    failures: done.failures,
  };
}
