import type { AnyStorageArray } from '@tsmlx/dtypes';
import type { KernelRun } from '../kernels/registry.js';

// Opt-in per-step profiler of plans: with the environment variable TSMLX_PROFILE=1, every plan step is timed
// and the totals per label (op name, or `fused(...)`) are printed to stderr when the process exits, sorted by
// total time. Off, it costs one boolean test per compiled step.

interface Tally {
  calls: number;
  ms: number;
}

const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;

/** Whether plan profiling is on (`TSMLX_PROFILE` set and not `0`). */
export const profiling = env?.TSMLX_PROFILE !== undefined && env.TSMLX_PROFILE !== '0';

const tallies = new Map<string, Tally>();
let registered = false;

function report(): void {
  const rows = [...tallies.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((s, [, t]) => s + t.ms, 0);
  const lines = rows.map(
    ([label, t]) =>
      `${t.ms.toFixed(1).padStart(10)} ms ${((100 * t.ms) / total).toFixed(1).padStart(5)}% ${String(t.calls).padStart(7)}x  ${label}`,
  );
  process.stderr.write(`TSMLX_PROFILE: ${total.toFixed(1)} ms in plan steps\n${lines.join('\n')}\n`);
}

/** Resets the tallies (for profiling only a steady-state window). */
export function resetProfile(): void {
  tallies.clear();
}

/** Wraps `run` to time it under `label` when profiling is on; returns `run` itself otherwise. */
export function profiled(label: string, run: KernelRun): KernelRun {
  if (!profiling) return run;
  if (!registered) {
    registered = true;
    process.on('exit', report);
  }
  const tally = tallies.get(label) ?? { calls: 0, ms: 0 };
  tallies.set(label, tally);
  return (inputs: readonly AnyStorageArray[]) => {
    const start = performance.now();
    const out = run(inputs);
    const t = tallies.get(label) ?? tally;
    if (!tallies.has(label)) tallies.set(label, t);
    t.calls++;
    t.ms += performance.now() - start;
    return out;
  };
}
