import type { Metric, StepMetrics } from '@tsmlx/train';

/** Formats seconds as `m:ss` or `h:mm:ss` (`--:--` when unknown). */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Formats a rate in steps per second with 3 significant digits. */
export function formatRate(stepsPerSecond: number): string {
  if (!Number.isFinite(stepsPerSecond) || stepsPerSecond <= 0) return '-';
  return stepsPerSecond >= 100 ? stepsPerSecond.toFixed(0) : stepsPerSecond.toPrecision(3);
}

/**
 * Formats metric values as `name=value` pairs, using each metric's own formatting when it is in `metrics`
 * (values of unknown names get 4 significant digits). Keys listed in `only` are shown, in that order.
 */
export function formatMetrics(
  values: StepMetrics,
  metrics: readonly Metric[] = [],
  only?: readonly string[],
): string {
  const byName = new Map(metrics.map((m) => [m.shortName, m]));
  const keys = only ?? Object.keys(values);
  return keys
    .filter((k) => values[k] !== undefined)
    .map((k) => {
      const v = values[k]!;
      const m = byName.get(k);
      return `${k}=${m ? m.format(v) : Number.isFinite(v) ? v.toPrecision(4) : String(v)}`;
    })
    .join(' ');
}
