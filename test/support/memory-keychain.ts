// An in-memory stand-in for the OS keychain, for unit tests: same interface, and switches to act like
// a keychain that cannot be reached or that fails.
import { SealdropError } from '../../src-shared/errors.ts';
import type { Keychain } from '../../src-main/domain/identity/keychain.ts';

/** A Keychain over a Map, keyed "service\0account". `failure` makes every call throw it. */
export class MemoryKeychain implements Keychain {
  readonly entries = new Map<string, string>();
  failure: SealdropError | null = null;

  /** A keychain that behaves like one with no Secret Service behind it. */
  static unreachable(): MemoryKeychain {
    const keychain = new MemoryKeychain();
    keychain.failure = new SealdropError('keychain-unavailable', 'The OS keychain cannot be reached (test).');
    return keychain;
  }

  async get(service: string, account: string): Promise<string | null> {
    this.check();
    return this.entries.get(`${service}\0${account}`) ?? null;
  }

  async set(service: string, account: string, secret: string): Promise<void> {
    this.check();
    this.entries.set(`${service}\0${account}`, secret);
  }

  async delete(service: string, account: string): Promise<boolean> {
    this.check();
    return this.entries.delete(`${service}\0${account}`);
  }

  /** Accounts stored under a service. */
  accounts(service: string): string[] {
    return [...this.entries.keys()].filter((key) => key.startsWith(`${service}\0`)).map((key) => key.slice(service.length + 1));
  }

  private check(): void {
    if (this.failure !== null) throw this.failure;
  }
}
