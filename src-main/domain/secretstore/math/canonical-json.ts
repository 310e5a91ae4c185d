// Canonical JSON for signed node-to-node messages (docs/PROTOCOL.md §4): one byte string per value,
// so signer and verifier hash the same bytes however each built or parsed the object.
//
// The rules are the integer-only subset of RFC 8785 (JSON Canonicalization Scheme):
// - object members sorted by key, comparing UTF-16 code units (RFC 8785 §3.2.3), recursively;
// - no whitespace; strings escaped as ECMAScript JSON.stringify does (RFC 8785 §3.2.2.2);
// - numbers only as safe integers (|n| ≤ 2^53 − 1), printed in decimal. Floats are refused rather
//   than canonicalised: RFC 8785's float printing is easy to get subtly wrong, and no message needs them.
// Anything that is not plain JSON data (undefined, functions, symbols, bigints, NaN, Infinity, class
// instances such as Uint8Array or Date, sparse arrays, cycles) is refused with 'bad-argument'.
import { SealdropError } from '../../../../src-shared/errors.ts';

/** Deepest nesting accepted: far above any message shape, low enough that recursion cannot overflow. */
export const MAX_CANONICAL_DEPTH = 64;

function refuse(reason: string): SealdropError {
  return new SealdropError('bad-argument', `The message cannot be signed as canonical JSON: ${reason}.`, { reason });
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function encodeNumber(value: number): string {
  if (!Number.isSafeInteger(value)) throw refuse('only safe integers are allowed as numbers');
  // -0 is the integer 0 (RFC 8785 prints it as 0; String(-0) is "0").
  return String(value);
}

function encodeArray(value: readonly unknown[], ancestors: Set<object>, depth: number): string {
  const parts: string[] = [];
  for (let index = 0; index < value.length; index++) {
    // A hole would silently become null in JSON.stringify: refuse instead.
    if (!Object.prototype.hasOwnProperty.call(value, index)) throw refuse('arrays must not have holes');
    parts.push(encode(value[index], ancestors, depth + 1));
  }
  return `[${parts.join(',')}]`;
}

function encodeObject(value: object, ancestors: Set<object>, depth: number): string {
  if (!isPlainObject(value)) throw refuse('only plain objects are allowed');
  const keys = Reflect.ownKeys(value);
  if (keys.some((key) => typeof key === 'symbol')) throw refuse('symbol keys are not JSON');
  // Default sort compares UTF-16 code units, exactly RFC 8785's member order.
  const sorted = (keys as string[]).sort();
  const record = value as Record<string, unknown>;
  const members = sorted.map((key) => `${JSON.stringify(key)}:${encode(record[key], ancestors, depth + 1)}`);
  return `{${members.join(',')}}`;
}

function encode(value: unknown, ancestors: Set<object>, depth: number): string {
  if (depth > MAX_CANONICAL_DEPTH) throw refuse('it is nested too deeply');
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return encodeNumber(value);
    case 'object':
      break;
    default:
      throw refuse(`a ${typeof value} is not JSON data`);
  }
  if (ancestors.has(value)) throw refuse('it contains a cycle');
  ancestors.add(value);
  const text = Array.isArray(value) ? encodeArray(value, ancestors, depth) : encodeObject(value, ancestors, depth);
  ancestors.delete(value);
  return text;
}

/** The canonical JSON text of `value` (sorted keys, no whitespace, integers only); throws 'bad-argument' otherwise. */
export function canonicalJson(value: unknown): string {
  return encode(value, new Set(), 0);
}

/** The canonical JSON of `value` as UTF-8 bytes, ready to hash. */
export function canonicalJsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}
