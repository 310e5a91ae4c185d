// The OS keychain through @napi-rs/keyring: Secret Service on Linux, Keychain on macOS, Credential
// Manager on Windows (DESIGN §5).
import { AsyncEntry } from '@napi-rs/keyring';
import { SealdropError } from '../../../src-shared/errors.ts';
import type { Keychain } from './keychain.ts';

// keyring-rs prefixes its "cannot reach the store" errors (PlatformFailure, NoStorageAccess) with
// these words; anything else (bad encoding, ambiguous entry) is a real failure, not a missing keychain.
const UNAVAILABLE = /^(Platform failure|Couldn't access platform storage)/;

// Linux: pin the Secret Service. The library's default falls back to the kernel keyring, which
// forgets everything at reboot (and is denied in containers): a key kept there would be lost.
const ENTRY_OPTIONS = { linux: { store: 'secret-service' as const } };

/** The real OS keychain. Every call may throw 'keychain-unavailable'. */
export function osKeychain(): Keychain {
  return {
    get: (service, account) => call('reading from', () => new AsyncEntry(service, account, ENTRY_OPTIONS).getPassword()),
    async set(service, account, secret) {
      await call('writing to', () => new AsyncEntry(service, account, ENTRY_OPTIONS).setPassword(secret));
    },
    delete: (service, account) => call('deleting from', () => new AsyncEntry(service, account, ENTRY_OPTIONS).deletePassword()),
  };
}

/** Runs one keychain operation, turning the library's errors into SealdropErrors. */
async function call<T>(what: string, operation: () => Promise<T>): Promise<T> {
  try {
    // The constructor itself throws when there is no session bus, so it runs inside the try.
    return await operation();
  } catch (error) {
    throw keychainError(error, what);
  }
}

/**
 * Maps a keyring error to a SealdropError. The library's messages name the platform problem
 * ("DBus error: …", "AccessDenied") and never the secret, so they are kept for the person reading.
 */
export function keychainError(error: unknown, what: string): SealdropError {
  const message = error instanceof Error ? error.message : String(error);
  if (UNAVAILABLE.test(message)) {
    return new SealdropError('keychain-unavailable', `The OS keychain cannot be reached (${message}).`, {}, { cause: error });
  }
  // Not a missing keychain: do not pretend it is, so callers do not silently fall back to a file.
  return new SealdropError('internal', `The OS keychain failed while ${what} it.`, {}, { cause: error });
}
