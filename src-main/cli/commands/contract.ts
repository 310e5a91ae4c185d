import { checksumAddress } from '../../domain/identity/identity-key.ts';
import { chainPermissions, deployForProfile } from '../../domain/secretstore/client/chain-access.ts';
import { parse, UsageError } from '../args.ts';
import { NETWORK_OPTIONS, dataDirOf, documentTarget, loadUserIdentity, parseAddressArgument } from '../network-options.ts';
import type { Console } from '../terminal.ts';

export const CONTRACT_HELP = `Usage: sealdrop contract deploy --rpc <url> [--json]
       sealdrop contract transfer <file.sealdrop | document id> <0xNEW_OWNER> [--network <profile>] [--json]

deploy     deploys Sealdrop's permissioning contract (assets/SealdropPermissions.json, compiled
           from contracts/SealdropPermissions.sol) to the chain at --rpc, paid by your identity,
           and prints the "acl" entry to put into a network profile. Parity-compatible:
           checkPermissions(address,bytes32).
transfer   hands a document you own on chain to another address; from then on only they can grant
           and revoke.`;

/** `sealdrop contract deploy|transfer`. */
export async function runContract(argv: readonly string[], console: Console): Promise<number> {
  const [action, ...rest] = argv;
  const { values, positionals } = parse(rest, { ...NETWORK_OPTIONS, rpc: { type: 'string' } });
  const identity = await loadUserIdentity(values['data-dir'], console);
  if (action === 'deploy') {
    if (values.rpc === undefined || positionals.length > 0) throw new UsageError('contract deploy needs --rpc <url> and nothing else');
    const acl = await deployForProfile(values.rpc, identity.exportSecret());
    const entry = { type: 'contract', rpcUrl: acl.rpcUrl, address: checksumAddress(acl.address), chainId: acl.chainId };
    if (values.json) console.out.write(`${JSON.stringify({ ok: true, acl: entry })}\n`);
    else console.out.write(`Deployed the permissions contract at ${entry.address} on chain ${entry.chainId}.\nPut this into the network profile:\n  "acl": ${JSON.stringify(entry)}\n`);
    return 0;
  }
  if (action === 'transfer') {
    const [target, newOwnerText] = positionals;
    if (target === undefined || newOwnerText === undefined || positionals.length !== 2) throw new UsageError('contract transfer needs a document and the new owner\'s address');
    const newOwner = parseAddressArgument(newOwnerText);
    const document = await documentTarget(target, values.network, dataDirOf(values['data-dir'], console));
    const acl = document.profile.acl;
    if (acl.type !== 'contract') throw new UsageError('this document\'s network keeps an owner-signed access list, not a contract: there is no on-chain owner to transfer');
    const { contract, close } = await chainPermissions(acl, identity.exportSecret());
    try {
      const receipt = await contract.transferOwnership(document.documentId, newOwner);
      if (values.json) console.out.write(`${JSON.stringify({ ok: true, newOwner: checksumAddress(newOwner), transaction: receipt.hash })}\n`);
      else console.out.write(`${checksumAddress(newOwner)} now owns the document on chain ${acl.chainId}; only they can grant and revoke.\n`);
      return 0;
    } finally {
      close();
    }
  }
  throw new UsageError(action === undefined ? 'contract needs an action: deploy or transfer' : `unknown contract action "${action}"`);
}
