// The IPC contract (DESIGN §6, STYLE "The IPC contract"): one table of every channel the UI may
// call, `domain:verb` → request and response schemas, shared by the Electron main process, the
// preload (which builds `window.api` from it), the browser-mode host and the renderer. Main
// validates every request against it; every answer is an IpcResult. Pure TypeScript (and zod).
import type { z } from 'zod';
import type { ErrorCode } from '../errors.ts';
import { APP_CHANNELS } from './app-channels.ts';
import { DOCUMENT_CHANNELS } from './document-channels.ts';
import { IDENTITY_CHANNELS } from './identity-channels.ts';
import { NETWORK_CHANNELS } from './network-channels.ts';
import { NODE_CHANNELS } from './node-channels.ts';
import { OPERATION_CHANNELS } from './operation-channels.ts';

export { IPC_EVENTS, isIpcEventName, type EventPayloadOf, type IpcEventName } from './events.ts';

/** Every channel: name → { request, response } schemas. */
export const IPC_CHANNELS = {
  ...APP_CHANNELS,
  ...IDENTITY_CHANNELS,
  ...NETWORK_CHANNELS,
  ...OPERATION_CHANNELS,
  ...DOCUMENT_CHANNELS,
  ...NODE_CHANNELS,
} as const;

/** A channel name (`domain:verb`). */
export type IpcChannel = keyof typeof IPC_CHANNELS;

/** What the caller sends on channel `C`. */
export type RequestOf<C extends IpcChannel> = z.infer<(typeof IPC_CHANNELS)[C]['request']>;

/** What channel `C` answers with when it succeeds. */
export type ResponseOf<C extends IpcChannel> = z.infer<(typeof IPC_CHANNELS)[C]['response']>;

/** A failure: a stable code the UI branches on, a sentence for people, optional non-secret facts. */
export type IpcError = { code: ErrorCode; message: string; details?: Record<string, string | number | boolean> };

/** Every answer: the value, or an error with a stable code. Never a stack, never a secret. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** Every channel name, in table order. */
export const IPC_CHANNEL_NAMES = Object.keys(IPC_CHANNELS) as IpcChannel[];

/** True when `name` is a channel of the contract (own keys only: no prototype names). */
export function isIpcChannel(name: string): name is IpcChannel {
  return Object.hasOwn(IPC_CHANNELS, name);
}

/** Validates `request` for `channel`: the parsed request, or a 'request-invalid' error naming the field. */
export function parseRequest<C extends IpcChannel>(channel: C, request: unknown): IpcResult<RequestOf<C>> {
  const parsed = IPC_CHANNELS[channel].request.safeParse(request);
  if (parsed.success) return { ok: true, value: parsed.data as RequestOf<C> };
  return { ok: false, error: { code: 'request-invalid', message: `${channel}: ${describeIssue(parsed.error.issues[0])}` } };
}

/** One zod issue in words, naming the field: "recipients[2]: must be an address…", "the request: unknown field "x"". */
export function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (issue === undefined) return 'the request is malformed';
  const field = fieldName(issue.path) || 'the request';
  if (issue.code === 'unrecognized_keys') return `${field}: unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  return `${field}: ${issue.message}`;
}

/** ["recipients", 2, "x"] → "recipients[2].x". */
function fieldName(path: readonly PropertyKey[]): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`)).join('');
}
