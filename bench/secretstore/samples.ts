// Timing samples for the key server bench: wall-clock milliseconds of one operation, percentiles,
// and the CPU time the node processes (children of this process) and this process spend.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Runs `operation` and returns its result and its wall time in milliseconds. */
export async function timed<T>(operation: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = process.hrtime.bigint();
  const value = await operation();
  return { value, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

/**
 * The p-th percentile by nearest rank (the smallest sample with at least p % of samples at or below
 * it), so with 10 samples p95 is the slowest one: no interpolation between samples.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** Milliseconds as the table prints them: whole above 10 ms, one decimal below. */
export function formatMs(ms: number): string {
  if (Number.isNaN(ms)) return '—';
  return ms >= 10 ? ms.toFixed(0) : ms.toFixed(1);
}

// Linux reports process CPU time in clock ticks (USER_HZ, 100 almost everywhere).
const TICKS_PER_SECOND = ((): number => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    // Why: getconf missing; 100 is the kernel's USER_HZ on every mainstream Linux.
    return 100;
  }
})();

/** CPU milliseconds (user + system) used so far by each live child process of this one, by pid. */
function childCpuMs(): Map<number, number> {
  const cpu = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    // Why: no /proc (not Linux): the CPU breakdown is simply not available.
    return cpu;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      // Why: the process exited between listing and reading; it is not one of our nodes.
      continue;
    }
    // Fields after the command name (which may hold spaces and parentheses): state is field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[1]) !== process.pid) continue;
    cpu.set(Number(entry), ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND);
  }
  return cpu;
}

/** CPU milliseconds the whole machine has been busy (all CPUs, everything but idle and iowait), from /proc/stat. */
function machineBusyMs(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    const total = fields.reduce((sum, ticks) => sum + ticks, 0);
    return ((total - (fields[3] ?? 0) - (fields[4] ?? 0)) * 1000) / TICKS_PER_SECOND;
  } catch {
    // Why: no /proc (not Linux): other load cannot be told apart, reported as NaN.
    return NaN;
  }
}

/**
 * CPU time spent between start and stop: by the node processes together, by this process (the
 * client), and by everything else on the machine (other load, which slows every figure down).
 */
export type CpuSpent = { nodesMs: number; clientMs: number; othersMs: number };

/** Starts counting CPU time; the returned function stops and reports it. */
export function cpuMeter(): () => CpuSpent {
  const machineBefore = machineBusyMs();
  const nodesBefore = childCpuMs();
  const clientBefore = process.cpuUsage();
  return () => {
    const client = process.cpuUsage(clientBefore);
    let nodesMs = 0;
    for (const [pid, ms] of childCpuMs()) nodesMs += ms - (nodesBefore.get(pid) ?? 0);
    const clientMs = (client.user + client.system) / 1000;
    // Tick-granular counters: a quiet machine can come out a few ms below zero.
    const othersMs = Math.max(0, machineBusyMs() - machineBefore - nodesMs - clientMs);
    return { nodesMs, clientMs, othersMs };
  };
}
