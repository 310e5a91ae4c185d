// A fake KeyServerService for the HTTP layer tests: it records every call with the exact bytes it
// received, answers fixed well-formed results, and can be told to throw. A fake is right here: these
// tests are about parsing, validation and encoding, not about sessions or storage.
import { randomBytes } from 'node:crypto';
import { Point, publicFromPoint } from '../../../../src-main/domain/secretstore/math/encoding.ts';
import type {
  AclRecord,
  AuditEntry,
  KeyInfo,
  KeyServerService,
  NodeStatus,
  ShadowAnswer,
} from '../../../../src-main/domain/secretstore/node/http/key-server-service.ts';

/** One recorded call: the method name and its arguments as received. */
export type RecordedCall = { method: keyof KeyServerService; args: unknown[] };

/** A public key X‖Y of k·G. */
export function pointOf(k: bigint): Uint8Array {
  return publicFromPoint(Point.BASE.multiply(k));
}

/** Fixed, well-formed results; tests may replace any of them. */
export function defaultResults(): {
  serverKey: Uint8Array;
  shadow: ShadowAnswer;
  partial: { node: Uint8Array; identifier: string; envelope: Uint8Array };
  keyInfo: KeyInfo;
  acl: AclRecord | null;
  putAcl: { version: number };
  audit: AuditEntry[];
  status: NodeStatus;
} {
  const documentId = new Uint8Array(32).fill(0x11);
  const author = Uint8Array.from(Buffer.from('00a329c0648769a73afac7f9381e08fb43dbea72', 'hex'));
  return {
    serverKey: pointOf(7n),
    shadow: { decryptedSecret: pointOf(11n), commonPoint: pointOf(13n), decryptShadows: [randomBytes(145), randomBytes(145)] },
    partial: { node: pointOf(17n), identifier: 'ab'.repeat(32), envelope: randomBytes(113 + 128) },
    keyInfo: {
      documentId,
      threshold: 1,
      serverKey: pointOf(7n),
      author,
      holders: [
        { node: pointOf(17n), identifier: '01'.repeat(32), publicShare: pointOf(19n) },
        { node: pointOf(23n), identifier: '02'.repeat(32), publicShare: pointOf(29n) },
      ],
      documentKey: { commonPoint: pointOf(31n), encryptedPoint: pointOf(37n) },
    },
    acl: { documentId, version: 3, readers: [author], signature: new Uint8Array(65).fill(0x22) },
    putAcl: { version: 4 },
    audit: [{ documentId, requester: author, time: 1_700_000_000_000, allowed: false, reason: 'not in the owner ACL', route: 'shadow' }],
    status: {
      node: pointOf(17n),
      address: author,
      network: new Uint8Array(32).fill(0x33),
      peers: { connected: 2, total: 3 },
      keysHeld: 5,
      startedAt: 1_700_000_000_000,
      version: '0.1.0',
    },
  };
}

/** Records calls and answers `results`, or throws `failure` when one is set. */
export class FakeKeyServerService implements KeyServerService {
  readonly calls: RecordedCall[] = [];
  results = defaultResults();
  /** Thrown by every call while set (any value: a SealdropError, a TypeError, a string...). */
  failure: unknown = undefined;

  private async answer<T>(method: keyof KeyServerService, args: unknown[], result: T): Promise<T> {
    this.calls.push({ method, args });
    if (this.failure !== undefined) throw this.failure;
    return result;
  }

  /** The last recorded call, for assertions. */
  lastCall(): RecordedCall | undefined {
    return this.calls.at(-1);
  }

  generateServerKey(documentId: Uint8Array, signature: Uint8Array, threshold: number): Promise<Uint8Array> {
    return this.answer('generateServerKey', [documentId, signature, threshold], this.results.serverKey);
  }

  storeDocumentKey(documentId: Uint8Array, signature: Uint8Array, commonPoint: Uint8Array, encryptedPoint: Uint8Array): Promise<void> {
    return this.answer('storeDocumentKey', [documentId, signature, commonPoint, encryptedPoint], undefined);
  }

  shadowRetrieve(documentId: Uint8Array, signature: Uint8Array): Promise<ShadowAnswer> {
    return this.answer('shadowRetrieve', [documentId, signature], this.results.shadow);
  }

  serverKeyForAuthor(documentId: Uint8Array, signature: Uint8Array): Promise<Uint8Array> {
    return this.answer('serverKeyForAuthor', [documentId, signature], this.results.serverKey);
  }

  partial(documentId: Uint8Array, signature: Uint8Array): Promise<{ node: Uint8Array; identifier: string; envelope: Uint8Array }> {
    return this.answer('partial', [documentId, signature], this.results.partial);
  }

  keyInfo(documentId: Uint8Array): Promise<KeyInfo> {
    return this.answer('keyInfo', [documentId], this.results.keyInfo);
  }

  getAcl(documentId: Uint8Array): Promise<AclRecord | null> {
    return this.answer('getAcl', [documentId], this.results.acl);
  }

  putAcl(record: AclRecord): Promise<{ version: number }> {
    return this.answer('putAcl', [record], this.results.putAcl);
  }

  audit(documentId: Uint8Array, signature: Uint8Array, time: number): Promise<AuditEntry[]> {
    return this.answer('audit', [documentId, signature, time], this.results.audit);
  }

  status(): Promise<NodeStatus> {
    return this.answer('status', [], this.results.status);
  }
}
