// Child process of crash.test.ts: opens the store and changes it in an endless loop until the parent
// kills it with SIGKILL. Usage: crash-writer.ts <directory> <first index>. Prints "ready" once the
// store is open, then "done <index>" after every step of that index has been acknowledged.
// Per index i, in this order: putKey; setDocumentKey if i is even; putAcl if i % 3 == 0;
// appendAudit; deleteKey (share + ACL in one batch) if i % 5 == 4.
import { openNodeStore } from '../../../../src-main/domain/secretstore/node/store/node-store.ts';
import { aclOf, auditOf, documentIdOf, documentKeyOf, keyShareOf, storageKeyOf } from './fixtures.ts';

const [directory, firstArgument] = process.argv.slice(2);
if (directory === undefined || firstArgument === undefined) throw new Error('usage: crash-writer.ts <directory> <first index>');
const first = Number(firstArgument);

const store = await openNodeStore({ directory, storageKey: storageKeyOf('crash') });
process.stdout.write('ready\n');
for (let index = first; ; index++) {
  await store.putKey(keyShareOf(index));
  if (index % 2 === 0) await store.setDocumentKey(documentIdOf(index), documentKeyOf(index));
  if (index % 3 === 0) await store.putAcl(aclOf(index, 1));
  await store.appendAudit(auditOf(index, index));
  if (index % 5 === 4) await store.deleteKey(documentIdOf(index));
  process.stdout.write(`done ${index}\n`);
}
