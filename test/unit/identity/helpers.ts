// Shared pieces of the identity tests: known keys, a vault over a fake keychain, and a look at
// every byte written to a data folder.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createKeyVault, type KeyVault, type PassphrasePurpose, type PassphraseRequest } from '../../../src-main/domain/identity/key-vault.ts';
import type { Keychain } from '../../../src-main/domain/identity/keychain.ts';

/** Parity's dev account (PARITY.md): secret and address. */
export const PARITY_DEV_SECRET = '4d5db4107d237df6a3d58ee5f70ae63d73d7658d4026f2eefd2f204c81682cb7';
export const PARITY_DEV_ADDRESS = '0x00a329c0648769A73afAc7F9381E08FB43dBEA72';
/** The Hardhat/Anvil test mnemonic and its first two accounts (m/44'/60'/0'/0/0 and …/1). */
export const TEST_MNEMONIC = 'test test test test test test test test test test test junk';
export const TEST_MNEMONIC_ADDRESS_0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
export const TEST_MNEMONIC_ADDRESS_1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

/** scrypt cost for keystores written in unit tests: fast, and exercises the option. */
export const TEST_SCRYPT = { N: 1024 } as const;
/** A fixed clock, so created times can be checked. */
export const TEST_TIME = new Date('2025-01-02T03:04:05.000Z');

/** A vault over `dataDir` whose passphrases come from `answers` (a missing purpose answers null). */
export function testVault(
  dataDir: string,
  keychain: Keychain | null,
  answers: Partial<Record<PassphrasePurpose, string>> = {},
): { vault: KeyVault; asked: PassphraseRequest[] } {
  const asked: PassphraseRequest[] = [];
  const vault = createKeyVault({
    dataDir,
    keychain,
    passphrase: async (request) => {
      asked.push(request);
      return answers[request.purpose] ?? null;
    },
    clock: () => TEST_TIME,
    scrypt: TEST_SCRYPT,
  });
  return { vault, asked };
}

/** Every file under `dir`, recursively, with its contents. */
export async function filesUnder(dir: string): Promise<{ path: string; bytes: Buffer }[]> {
  const found: { path: string; bytes: Buffer }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    found.push({ path, bytes: await readFile(path) });
  }
  return found;
}

/** The files under `dir` that contain the secret in any plain form: hex (either case) or raw bytes. */
export async function filesContainingSecret(dir: string, secretHex: string): Promise<string[]> {
  const raw = Buffer.from(secretHex, 'hex');
  const forms = [Buffer.from(secretHex.toLowerCase()), Buffer.from(secretHex.toUpperCase()), raw, Buffer.from(raw.toString('base64'))];
  return (await filesUnder(dir)).filter((file) => forms.some((form) => file.bytes.includes(form))).map((file) => file.path);
}
