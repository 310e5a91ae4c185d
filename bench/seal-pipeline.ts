// The seal and open pipelines without the CLI around them (no command modules to load), so the bench
// can tell start-up cost from pipeline speed. Usage (from bench/run.ts):
//   node bench/seal-pipeline.ts seal <input> <age1… recipient> <output>
//   node bench/seal-pipeline.ts open <sealed file> <identity file> <output folder>
import { identitiesFromFiles, recipientsFromArguments } from '../src-main/domain/seal/keys.ts';
import { openDocument } from '../src-main/domain/seal/open-document.ts';
import { sealDocument } from '../src-main/domain/seal/seal-document.ts';

const [command, input, key, output] = process.argv.slice(2);
if (input === undefined || key === undefined || output === undefined) throw new Error('usage: seal-pipeline.ts seal|open <input> <key> <output>');
if (command === 'seal') await sealDocument({ paths: [input], recipients: await recipientsFromArguments([key]), output, ifExists: 'replace' });
else if (command === 'open') await openDocument({ file: input, identities: await identitiesFromFiles([key]), output, ifExists: 'stop' });
else throw new Error(`unknown command ${command}`);
