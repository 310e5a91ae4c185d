// Every channel of the contract refuses malformed input before any handler runs: cases generated
// from the contract itself (wrong types, missing required fields, oversized strings and lists,
// unknown fields), each answered with 'request-invalid' and a message naming the field.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { IPC_CHANNELS, IPC_CHANNEL_NAMES, parseRequest, type IpcChannel } from '../../../src-shared/ipc/contract.ts';
import { testTable, type TestTable } from '../../support/handlers.ts';
import { CHANNEL_EXAMPLES } from './channel-examples.ts';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  maxLength?: number;
  maxItems?: number;
  pattern?: string;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  const?: unknown;
};

/** A malformed request and the field its error must name. */
type Case = { what: string; request: unknown; field: string };

const WRONG_FOR_OBJECT = 42;
// Nothing but an object accepts an object; no request field is a free-form object.
const WRONG_FOR_OTHERS = { wrong: [] };

function fieldName(path: readonly (string | number)[]): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${part}`)).join('');
}

function setAt(root: unknown, path: readonly (string | number)[], value: unknown, remove = false): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const part of path.slice(0, -1)) node = node[part] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (remove) delete node[last];
  else node[last] = value;
  return copy;
}

/** The branch of a union schema the example takes (objects by their `kind`, else the first that fits a type). */
function branchFor(schema: JsonSchema, example: unknown): JsonSchema {
  const options = schema.oneOf ?? schema.anyOf;
  if (options === undefined) return schema;
  if (typeof example === 'object' && example !== null && 'kind' in example) {
    return options.find((option) => option.properties?.kind?.const === (example as { kind: unknown }).kind) ?? schema;
  }
  return options.find((option) => option.type !== 'null') ?? schema;
}

function isObject(schema: JsonSchema): boolean {
  return schema.type === 'object';
}

/** Cases for the value at `path` (described by `schema`), recursing into objects and lists. */
function casesAt(request: unknown, schema: JsonSchema, example: unknown, path: (string | number)[], required: boolean): Case[] {
  const branch = branchFor(schema, example);
  const field = fieldName(path);
  const cases: Case[] = [];
  if (path.length > 0) {
    cases.push({ what: `${field} of the wrong type`, request: setAt(request, path, isObject(branch) ? WRONG_FOR_OBJECT : WRONG_FOR_OTHERS), field });
    if (required) cases.push({ what: `${field} missing`, request: setAt(request, path, undefined, true), field });
  }
  if (branch.type === 'string' && example !== undefined) {
    const length = branch.maxLength === undefined ? 100_000 : branch.maxLength + 1;
    cases.push({ what: `${field} of ${length} characters`, request: setAt(request, path, 'a'.repeat(length)), field });
  }
  if (branch.type === 'array' && Array.isArray(example) && example.length > 0) {
    if (branch.maxItems !== undefined) {
      cases.push({ what: `${field} with ${branch.maxItems + 1} items`, request: setAt(request, path, Array.from({ length: branch.maxItems + 1 }, () => example[0])), field });
    }
    if (branch.items !== undefined) cases.push(...casesAt(request, branch.items, example[0], [...path, 0], true));
  }
  if (isObject(branch) && typeof example === 'object' && example !== null) {
    cases.push({ what: `${field || 'the request'} with an unknown field`, request: setAt(request, [...path, 'unexpectedField'], 1), field: field || 'the request' });
    for (const [name, property] of Object.entries(branch.properties ?? {})) {
      const value = (example as Record<string, unknown>)[name];
      if (value === undefined) continue;
      cases.push(...casesAt(request, property, value, [...path, name], branch.required?.includes(name) ?? false));
    }
  }
  return cases;
}

/** Every generated case of a channel, plus requests that are not objects at all. */
function casesFor(channel: IpcChannel): Case[] {
  const example = CHANNEL_EXAMPLES[channel];
  const schema = z.toJSONSchema(IPC_CHANNELS[channel].request) as JsonSchema;
  return [
    { what: 'null', request: null, field: 'the request' },
    { what: 'a string', request: 'hello', field: 'the request' },
    { what: 'a list', request: [example], field: 'the request' },
    ...casesAt(example, schema, example, [], true),
  ];
}

describe('the IPC contract refuses malformed requests', () => {
  let t: TestTable;
  before(async () => {
    t = await testTable();
  });
  after(async () => {
    await t.close();
  });

  test('the example request of every channel is valid', () => {
    for (const channel of IPC_CHANNEL_NAMES) {
      const parsed = parseRequest(channel, CHANNEL_EXAMPLES[channel]);
      assert.equal(parsed.ok, true, `${channel}: ${parsed.ok ? '' : parsed.error.message}`);
    }
  });

  test('channel names are domain:verb', () => {
    for (const channel of IPC_CHANNEL_NAMES) assert.match(channel, /^[a-z]+:[a-z]+(-[a-z]+)*$/);
  });

  let total = 0;
  for (const channel of IPC_CHANNEL_NAMES) {
    test(`${channel}: every generated malformed request is refused, naming the field`, async () => {
      const cases = casesFor(channel);
      assert.ok(cases.length >= 3);
      for (const { what, request, field } of cases) {
        const result = await t.table.invoke(channel, request, t.context);
        assert.equal(result.ok, false, `${channel} accepted ${what}`);
        if (result.ok) continue;
        assert.equal(result.error.code, 'request-invalid', `${channel} ${what}: ${result.error.message}`);
        assert.ok(result.error.message.startsWith(`${channel}: `), result.error.message);
        assert.ok(result.error.message.includes(field), `${channel} ${what}: "${result.error.message}" does not name ${field}`);
        assert.ok(result.error.message.length < 500, 'the message stays short even for huge input');
        total++;
      }
    });
  }

  test('unknown channels, including prototype names, are refused', async () => {
    for (const channel of ['nope', 'seal:start ', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'x'.repeat(10_000)]) {
      const result = await t.table.invoke(channel, {}, t.context);
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.equal(result.error.code, 'request-invalid');
        assert.ok(result.error.message.length < 200);
      }
    }
  });

  test('many cases were generated', () => {
    assert.ok(total > 150, `only ${total} cases`);
  });
});
