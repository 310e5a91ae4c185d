// Turning what a user imports (a hex private key, a BIP-39 mnemonic) into a 32-byte secret. Messages
// never echo the input: it is the secret.
import { HDNodeWallet, Mnemonic } from 'ethers';
import { SealdropError } from '../../../src-shared/errors.ts';
import { SECRET_LENGTH, bytesFromHex, scalarFromSecret } from '../secretstore/math/encoding.ts';

/** The derivation path of the first Ethereum account (BIP-44, as MetaMask and ethers use). */
export const DEFAULT_MNEMONIC_PATH = "m/44'/60'/0'/0/0";

/** Parses a private key: 64 hex characters, optional `0x`, surrounding whitespace ignored. */
export function secretFromPrivateKeyHex(text: string): Uint8Array {
  const trimmed = text.trim();
  const hex = trimmed.startsWith('0x') || trimmed.startsWith('0X') ? trimmed.slice(2) : trimmed;
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new SealdropError('key-invalid', `A private key must be ${SECRET_LENGTH * 2} hex characters (optionally with 0x).`);
  }
  const secret = bytesFromHex(hex, SECRET_LENGTH, 'A private key');
  scalarFromSecret(secret);
  return secret;
}

/** Derives the secret at `path` from a BIP-39 English mnemonic (words separated by any whitespace). */
export function secretFromMnemonic(phrase: string, path: string = DEFAULT_MNEMONIC_PATH): Uint8Array {
  const words = phrase.trim().split(/\s+/).join(' ');
  let mnemonic;
  try {
    mnemonic = Mnemonic.fromPhrase(words);
  } catch {
    // Why no cause: the library's error carries the phrase's words in some versions; keep it out.
    throw new SealdropError('key-invalid', 'This is not a valid BIP-39 mnemonic (wrong word, word count or checksum).');
  }
  let wallet;
  try {
    wallet = HDNodeWallet.fromMnemonic(mnemonic, path);
  } catch (cause) {
    throw new SealdropError('bad-argument', `"${path}" is not a valid derivation path.`, {}, { cause });
  }
  return bytesFromHex(wallet.privateKey.slice(2), SECRET_LENGTH, 'A derived key');
}
