/** The age v1 container: the public surface used by the seal/open pipelines. */
export { decodeArmor, encodeArmor } from './armor.ts';
export { ByteReader } from './byte-reader.ts';
export { ChunkPool } from './chunk-pool.ts';
export type { ChunkPoolOptions } from './chunk-pool.ts';
export { openAge } from './decrypt.ts';
export type { OpenAgeOptions, OpenedAge } from './decrypt.ts';
export { encryptAge } from './encrypt.ts';
export type { EncryptAgeOptions } from './encrypt.ts';
export { encodeHeader, readHeader, verifyHeaderMac } from './header.ts';
export type { AgeHeader } from './header.ts';
export { inspectAge } from './inspect.ts';
export type { AgeInspection } from './inspect.ts';
export type { Identity, Recipient } from './recipient.ts';
export { DEFAULT_SCRYPT_LOG_N, MAX_SCRYPT_LOG_N, ScryptIdentity, ScryptRecipient } from './scrypt.ts';
export type { Stanza } from './stanza.ts';
export { X25519Identity, X25519Recipient, parseIdentityFile, parseRecipientsFile } from './x25519.ts';
