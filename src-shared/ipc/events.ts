// Events main sends to the windows (and `sealdrop ui` sends to the browser as Server-Sent Events):
// name → payload schema. Subscriptions in `window.api` return an unsubscribe function.
import { z } from 'zod';
import { nodeStatus } from './node-channels.ts';
import { operationDone, progress } from './operation-channels.ts';
import { count, networkSummary } from './primitives.ts';

/** Every event: name → payload schema. */
export const IPC_EVENTS = {
  /** Progress of a seal or open operation (throttled to about 10 per second). */
  progress,
  /** A seal or open operation ended: its result or its error. */
  'operation:done': operationDone,
  /** The key server run from this computer changed (started, stopped, exited, reported an error). */
  'node:status': nodeStatus,
  /** The local network started or stopped. */
  'network:local': z.strictObject({ running: z.boolean(), network: networkSummary.nullable(), nodes: count }),
} as const;

/** An event name. */
export type IpcEventName = keyof typeof IPC_EVENTS;

/** The payload of event `E`. */
export type EventPayloadOf<E extends IpcEventName> = z.infer<(typeof IPC_EVENTS)[E]>;

/** True when `name` is an event of the contract. */
export function isIpcEventName(name: string): name is IpcEventName {
  return Object.hasOwn(IPC_EVENTS, name);
}
