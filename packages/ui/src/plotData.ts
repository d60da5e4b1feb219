/** One curve of a training plot. */
export interface PlotSeries {
  /** Series label, e.g. `train ~loss` or `test #loss`. */
  label: string;
  /** Metric kind (`loss`, `accuracy`, ...): series of one kind share a chart. */
  kind: string;
  /** Where the values come from: `train` (step metrics) or an eval dataset's name. */
  source: string;
  /** Metric short name. */
  metric: string;
  /** Global steps. */
  steps: number[];
  /** Values (same length as `steps`). */
  values: number[];
}

/** Everything a training plot file holds (embedded as JSON in the HTML). */
export interface PlotData {
  /** Page title. */
  title: string;
  /** When the file was written (ISO-8601). */
  updatedAt: string;
  /** Whether training was still running then. */
  running: boolean;
  /** The curves. */
  series: PlotSeries[];
}

/** Collects the points of training curves (see {@link PlotData}). */
export class PlotPoints {
  private readonly byKey = new Map<string, PlotSeries>();

  /** Adds a point to the series of `source` + `metric` (made on first use). */
  add(source: string, metric: string, kind: string, step: number, value: number): void {
    const key = `${source}\u0000${metric}`;
    let s = this.byKey.get(key);
    if (!s) {
      s = { label: `${source} ${metric}`, kind, source, metric, steps: [], values: [] };
      this.byKey.set(key, s);
    }
    const last = s.steps.length - 1;
    if (last >= 0 && s.steps[last] === step) s.values[last] = value;
    else {
      s.steps.push(step);
      s.values.push(value);
    }
  }

  /** The series, in the order they were made. */
  series(): PlotSeries[] {
    return [...this.byKey.values()];
  }

  /** The value of one series at its last point. */
  last(source: string, metric: string): number | undefined {
    return this.byKey.get(`${source}\u0000${metric}`)?.values.at(-1);
  }
}
