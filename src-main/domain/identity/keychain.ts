// Where secret strings live when the OS offers a keychain. An interface, so unit tests use an
// in-memory fake and only the integration tests touch a real Secret Service.

/** The keychain service every Sealdrop secret is filed under. */
export const KEYCHAIN_SERVICE = 'sealdrop';

/**
 * A store of secret strings by service and account (the OS keychain, or a fake in tests).
 * Implementations throw SealdropError 'keychain-unavailable' when the store cannot be reached
 * (no Secret Service, no session bus, access denied, locked), and never put a secret in a message.
 */
export interface Keychain {
  /** The secret stored under service+account, or null when there is none. */
  get(service: string, account: string): Promise<string | null>;
  /** Stores (or replaces) the secret under service+account. */
  set(service: string, account: string, secret: string): Promise<void>;
  /** Removes the secret; true when one was there. */
  delete(service: string, account: string): Promise<boolean>;
}
