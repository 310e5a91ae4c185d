// Numbers, times and thresholds in words, the same way on every screen (decimal units, as file
// managers and the CLI show them).

export { formatBytes } from '../../src-shared/format.ts';
import { formatBytes } from '../../src-shared/format.ts';

/** "340 MB/s". */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** A time left in words: "less than a second", "12 s", "2 min 5 s", "1 h 4 min". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 1) return 'less than a second';
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** "any 2 of 3 key holders" for threshold t on a network of n ("2 key holders" when n is not known). */
export function thresholdWords(threshold: number, nodes: number | null): string {
  if (nodes === null) return threshold === 0 ? '1 key holder' : `${threshold + 1} key holders`;
  if (nodes <= 1) return 'its one key holder';
  if (threshold + 1 >= nodes) return `all ${nodes} key holders`;
  return `any ${threshold + 1} of ${nodes} key holders`;
}

/** "3 files" / "1 file". */
export function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/** "0xB0b5…9f3C": enough to recognise an address at a glance; the full one is always one step away. */
export function shortAddress(address: string): string {
  return address.length <= 14 ? address : `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** "14:02" today, "3 Mar 14:02" this year, "3 Mar 2025 14:02" otherwise. */
export function formatTime(ms: number, now: number = Date.now()): string {
  const date = new Date(ms);
  const today = new Date(now);
  const clock = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  if (date.toDateString() === today.toDateString()) return clock;
  const sameYear = date.getFullYear() === today.getFullYear();
  const day = date.toLocaleDateString('en-GB', sameYear ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' });
  return `${day} ${clock}`;
}

/** An ISO date string as formatTime shows it; the text itself when it is not a date. */
export function formatIsoTime(iso: string, now: number = Date.now()): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : formatTime(ms, now);
}

/** Whole percent done, or null when the total is unknown. */
export function percentOf(done: number, total: number | null): number | null {
  if (total === null) return null;
  if (total === 0) return 100;
  return Math.min(100, Math.floor((done / total) * 100));
}
