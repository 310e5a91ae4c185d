// Compiles contracts/SealdropPermissions.sol with the solc npm package (soljson, no download, no
// Hardhat) and writes the checked-in artifact assets/SealdropPermissions.json (DESIGN §4). Run it
// after changing the contract, and commit both files:
//   node scripts/compile-contract.ts            (inside npm scripts; by hand: node_modules/.bin/node)
// test/unit/contract/artifact.test.ts compiles the source afresh and requires the artifact to equal
// it byte for byte, so the bytecode nodes and clients deploy is the bytecode of the reviewed source.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import solc from 'solc';

/** The contract source, compiled under the fixed unit name below (never an absolute path, which would leak into the metadata hash). */
export const CONTRACT_SOURCE_PATH = fileURLToPath(new URL('../contracts/SealdropPermissions.sol', import.meta.url));
/** Where the artifact is checked in. */
export const ARTIFACT_PATH = fileURLToPath(new URL('../assets/SealdropPermissions.json', import.meta.url));

const CONTRACT_NAME = 'SealdropPermissions';
const SOURCE_UNIT = 'contracts/SealdropPermissions.sol';

/**
 * Compiler settings, pinned so the bytecode is reproducible. evmVersion "paris" (no PUSH0, no MCOPY)
 * so the contract also deploys on proof-of-authority and older chains that stop before Shanghai;
 * Hardhat 2.29's default hardfork (Osaka) runs it too.
 */
export const COMPILER_SETTINGS = {
  evmVersion: 'paris',
  optimizer: { enabled: true, runs: 200 },
  outputSelection: { [SOURCE_UNIT]: { [CONTRACT_NAME]: ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
} as const;

/** One ABI entry as solc writes it (function, event, error, constructor). */
export type AbiEntry = Record<string, unknown>;

/** The checked-in artifact: what nodes and clients need to call and deploy the contract. */
export type ContractArtifact = {
  contractName: string;
  compiler: { version: string; settings: typeof COMPILER_SETTINGS };
  /** SHA-256 of the exact source bytes compiled (hex). */
  sourceSha256: string;
  abi: AbiEntry[];
  /** Creation code, 0x-hex. */
  bytecode: string;
  /** Runtime code as deployed, 0x-hex. */
  deployedBytecode: string;
};

type SolcMessage = { severity: 'error' | 'warning' | 'info'; formattedMessage: string };
type SolcOutput = {
  errors?: SolcMessage[];
  contracts?: Record<string, Record<string, { abi: AbiEntry[]; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>>;
};

/** Compiles `source` (the contract's text); throws with solc's messages on any error or warning. */
export function compilePermissions(source: string): ContractArtifact {
  const input = { language: 'Solidity', sources: { [SOURCE_UNIT]: { content: source } }, settings: COMPILER_SETTINGS };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput;
  // Warnings fail the build too: a contract that guards keys should compile cleanly.
  const problems = (output.errors ?? []).filter((message) => message.severity !== 'info');
  if (problems.length > 0) throw new Error(`solc ${solc.version()}:\n${problems.map((m) => m.formattedMessage).join('\n')}`);
  const compiled = output.contracts?.[SOURCE_UNIT]?.[CONTRACT_NAME];
  if (compiled === undefined) throw new Error(`solc produced no ${CONTRACT_NAME} contract`);
  return {
    contractName: CONTRACT_NAME,
    compiler: { version: solc.version() as string, settings: COMPILER_SETTINGS },
    sourceSha256: createHash('sha256').update(source, 'utf8').digest('hex'),
    abi: compiled.abi,
    bytecode: `0x${compiled.evm.bytecode.object}`,
    deployedBytecode: `0x${compiled.evm.deployedBytecode.object}`,
  };
}

/** Object keys sorted at every depth (array order kept), so the file never changes by accident. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, inner]) => [key, sortKeys(inner)]));
}

/** The artifact's exact file text: sorted keys, two-space indent, final newline. */
export function artifactText(artifact: ContractArtifact): string {
  return `${JSON.stringify(sortKeys(artifact), null, 2)}\n`;
}

/** Compiles the contract source on disk and returns the artifact file text it yields. */
export async function compileArtifactText(): Promise<string> {
  return artifactText(compilePermissions(await readFile(CONTRACT_SOURCE_PATH, 'utf8')));
}

if (import.meta.main) {
  const started = performance.now();
  await writeFile(ARTIFACT_PATH, await compileArtifactText());
  console.log(`wrote ${ARTIFACT_PATH} (solc ${solc.version()}, ${Math.round(performance.now() - started)} ms)`);
}
