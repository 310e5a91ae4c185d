// Ethereum JSON keystores (Web3 Secret Storage v3, ethers): the encrypted form of a key on disk, for
// the keychain-less fallback, for backups and for imports (DESIGN §5).
import { decryptKeystoreJson, encryptKeystoreJson, isKeystoreJson } from 'ethers';
import { SealdropError } from '../../../src-shared/errors.ts';
import { bytesFromHex, hexFromBytes } from '../secretstore/math/encoding.ts';
import { checksumAddress, identityKeyFromSecret } from './identity-key.ts';

/** scrypt cost for keystores we write; omit N for ethers' default (2^17, about half a second here). */
export type ScryptOptions = { readonly N?: number };

// What we accept when reading someone's keystore: geth's "standard" scrypt (N = 2^18, r = 8, p = 1,
// 256 MiB) is the heaviest in common use. Anything above is a denial-of-service risk, not a wallet.
const MAX_SCRYPT_MEMORY = 128 * 8 * 2 ** 18;
const MAX_SCRYPT_P = 16;
const MAX_PBKDF2_ROUNDS = 10_000_000;

/** Encrypts a 32-byte secret into keystore JSON under `passphrase`. */
export async function encryptKeystore(secret: Uint8Array, passphrase: string, scrypt: ScryptOptions = {}): Promise<string> {
  const address = identityKeyFromSecret('keystore', secret, 'keystore').address;
  const options = scrypt.N === undefined ? {} : { scrypt: { N: scrypt.N } };
  return encryptKeystoreJson({ address, privateKey: `0x${hexFromBytes(secret)}` }, passphrase, options);
}

/**
 * Decrypts keystore JSON to its 32-byte secret. 'wrong-passphrase' when the MAC fails,
 * 'key-invalid' when it is not a keystore, 'work-factor-too-high' when unlocking would cost too much.
 */
export async function decryptKeystore(json: string, passphrase: string): Promise<Uint8Array> {
  checkWorkFactor(json);
  let account;
  try {
    account = await decryptKeystoreJson(json, passphrase);
  } catch (cause) {
    // ethers reports a MAC mismatch as "incorrect password" (the password itself is redacted).
    if ((cause as { shortMessage?: string }).shortMessage === 'incorrect password') {
      throw new SealdropError('wrong-passphrase', 'The passphrase does not unlock this keystore.');
    }
    throw new SealdropError('key-invalid', 'The keystore cannot be decrypted: it is damaged or of an unsupported kind.', {}, { cause });
  }
  const secret = bytesFromHex(account.privateKey.slice(2), 32, 'A keystore private key');
  // ethers already checks the stored address against the key; a keystore without one is accepted.
  return secret;
}

/** The address a keystore says it holds (EIP-55), or null when it names none. No passphrase needed. */
export function keystoreAddress(json: string): string | null {
  const address = (parseKeystore(json) as { address?: unknown }).address;
  if (typeof address !== 'string' || !/^(0x)?[0-9a-fA-F]{40}$/.test(address)) return null;
  return checksumAddress(bytesFromHex(address.replace(/^0x/, ''), 20, 'An address'));
}

function parseKeystore(json: string): object {
  if (!isKeystoreJson(json)) throw new SealdropError('key-invalid', 'This is not an Ethereum JSON keystore (version 3).');
  return JSON.parse(json) as object;
}

/** Refuses keystores whose key derivation would take minutes or gigabytes before the MAC is even checked. */
function checkWorkFactor(json: string): void {
  const data = parseKeystore(json) as { crypto?: KdfHolder; Crypto?: KdfHolder };
  const crypto = data.crypto ?? data.Crypto;
  const kdf = String(crypto?.kdf ?? '').toLowerCase();
  const params = crypto?.kdfparams ?? {};
  if (kdf === 'scrypt') {
    const n = Number(params.n);
    const r = Number(params.r);
    const p = Number(params.p);
    if (!(128 * r * n <= MAX_SCRYPT_MEMORY) || !(p <= MAX_SCRYPT_P)) {
      throw new SealdropError('work-factor-too-high', 'This keystore asks for more scrypt work than Sealdrop accepts.', { n, r, p });
    }
  } else if (kdf === 'pbkdf2') {
    const c = Number(params.c);
    if (!(c <= MAX_PBKDF2_ROUNDS)) throw new SealdropError('work-factor-too-high', 'This keystore asks for more PBKDF2 rounds than Sealdrop accepts.', { c });
  }
  // Any other kdf is refused by ethers itself, as 'key-invalid' above.
}

type KdfHolder = { kdf?: unknown; kdfparams?: Record<string, unknown> };
