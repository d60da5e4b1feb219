import { readFile, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { isFloat } from '@tsmlx/dtypes';
import type { Tensor } from '@tsmlx/graph';
import { type CheckpointVariable, decodeSafetensors } from '@tsmlx/train';
import { Checkpointer } from '@tsmlx/train/node';

/** Summary statistics of a variable's values. */
export interface ValueStats {
  /** Mean of the finite values. */
  mean: number;
  /** Population standard deviation of the finite values. */
  std: number;
  /** Smallest finite value. */
  min: number;
  /** Largest finite value. */
  max: number;
  /** Number of NaN or infinite values. */
  nonFinite: number;
}

/** One row of `tsmlx checkpoints`. */
export interface VariableSummary {
  /** Variable path. */
  name: string;
  /** Dtype. */
  dtype: string;
  /** Dims. */
  shape: number[];
  /** Elements. */
  size: number;
  /** Statistics (float64 accumulation); undefined for empty tensors. */
  stats: ValueStats | undefined;
}

/** What `tsmlx checkpoints` shows. */
export interface CheckpointSummary {
  /** The file read. */
  file: string;
  /** Global step, when it is a tsmlx checkpoint. */
  step?: number;
  /** Creation time, when known. */
  createdAt?: string;
  /** Hyperparameters saved with it. */
  params: { scope: string; key: string; value: unknown }[];
  /** The variables, sorted by name. */
  variables: VariableSummary[];
}

/** Statistics of a tensor's values, read as numbers (bool as 0/1, 64-bit integers converted). */
export function valueStats(t: Tensor): ValueStats | undefined {
  if (t.size === 0) return undefined;
  const values = (t.rank === 0 ? [t.toArray()] : (t.toArray() as unknown[]).flat(t.rank)) as unknown[];
  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let nonFinite = 0;
  const nums = values.map((v) => Number(v));
  for (const v of nums) {
    if (!Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    n++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = n > 0 ? sum / n : Number.NaN;
  let sq = 0;
  for (const v of nums) if (Number.isFinite(v)) sq += (v - mean) ** 2;
  return {
    mean,
    std: n > 0 ? Math.sqrt(sq / n) : Number.NaN,
    min: n > 0 ? min : Number.NaN,
    max: n > 0 ? max : Number.NaN,
    nonFinite,
  };
}

/**
 * Reads a checkpoint for inspection: `path` is a checkpoint directory (its latest checkpoint), a checkpoint's
 * `.json` manifest or `.safetensors` file, or any safetensors file.
 *
 * @throws Error naming the path when it holds no checkpoint or a file is invalid.
 */
export async function summarizeCheckpoint(path: string): Promise<CheckpointSummary> {
  let variables: CheckpointVariable[];
  let file: string;
  let meta: Pick<CheckpointSummary, 'step' | 'createdAt' | 'params'> = { params: [] };
  const isDir = (await stat(path)).isDirectory();
  const base = basename(path).replace(/\.(json|safetensors)$/, '');
  const ours = isDir || /^ckpt-n\d+-step-\d+$/.test(base);
  if (ours) {
    const ckpt = new Checkpointer({ dir: isDir ? path : dirname(path) });
    const loaded = await ckpt.load(isDir ? undefined : base);
    if (!loaded) throw new Error(`no checkpoint in ${path}`);
    variables = loaded.variables;
    file = loaded.entry.tensorsPath;
    meta = { step: loaded.step, createdAt: loaded.createdAt, params: loaded.params };
  } else {
    const decoded = decodeSafetensors(new Uint8Array(await readFile(path)), path);
    variables = [...decoded.tensors.entries()].map(([p, value]) => ({ path: p, value }));
    file = path;
  }
  const rows = variables
    .map((v) => ({
      name: v.path,
      dtype: v.value.dtype,
      shape: [...v.value.dims],
      size: v.value.size,
      stats: valueStats(v.value),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { file, ...meta, variables: rows };
}

function num(v: number, dtype: string): string {
  if (Number.isNaN(v)) return 'nan';
  if (!isFloat(dtype as never) && Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : v.toPrecision(4);
}

/** Formats a {@link CheckpointSummary} as text: a header and an aligned table (stats optional). */
export function formatCheckpointSummary(s: CheckpointSummary, withStats = true): string {
  const head = [`checkpoint ${s.file}`];
  if (s.step !== undefined) head.push(`step ${s.step}${s.createdAt ? `, saved ${s.createdAt}` : ''}`);
  if (s.params.length > 0) {
    head.push(
      `hyperparameters: ${s.params.map((p) => `${p.scope === '/' ? '' : `${p.scope}/`}${p.key}=${JSON.stringify(p.value)}`).join('; ')}`,
    );
  }
  const cols = withStats
    ? ['variable', 'dtype', 'shape', 'size', 'mean', 'std', 'min', 'max']
    : ['variable', 'dtype', 'shape', 'size'];
  const rows = s.variables.map((v) => {
    const r = [v.name, v.dtype, `[${v.shape.join(', ')}]`, String(v.size)];
    if (withStats) {
      const st = v.stats;
      r.push(
        ...(st
          ? [num(st.mean, 'float64'), num(st.std, 'float64'), num(st.min, v.dtype), num(st.max, v.dtype)]
          : ['-', '-', '-', '-']),
      );
      if (st && st.nonFinite > 0) r[0] += ` (${st.nonFinite} non-finite)`;
    }
    return r;
  });
  const all = [cols, ...rows];
  const widths = cols.map((_, c) => Math.max(...all.map((r) => r[c]!.length)));
  const lines = all.map((r) =>
    r
      .map((cell, c) => (c >= 3 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd(),
  );
  const total = s.variables.reduce((a, v) => a + v.size, 0);
  return `${head.join('\n')}\n${lines.join('\n')}\n${s.variables.length} variables, ${total} elements`;
}
