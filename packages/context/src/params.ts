import { joinPath, normalizePath, parentPath, ROOT } from './paths.js';

/** A hyperparameter value: a number, a string, a boolean or a list of numbers. */
export type ParamValue = number | string | boolean | readonly number[];

/** One assignment parsed from a parameter string: the scope it applies to, the key and the value. */
export interface ParamAssignment {
  /** Scope path the value is set at (`/` unless the key had a scope prefix). */
  scope: string;
  /** The key, without scope prefix. */
  key: string;
  /** The parsed value. */
  value: ParamValue;
}

/** Describes the kind of a parameter value for error messages (`number`, `boolean`, `list`, `string`). */
export function paramKind(value: ParamValue): string {
  return Array.isArray(value) ? 'list' : typeof value;
}

/** Checks a value is a {@link ParamValue}. @throws TypeError naming the key otherwise. */
export function checkParamValue(key: string, value: unknown): ParamValue {
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return Object.freeze([...value]);
  throw new TypeError(
    `hyperparameter "${key}": value must be a number, string, boolean or list of numbers, got ${String(value)}`,
  );
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?Infinity$|^NaN$/;

/**
 * Parses one value of a parameter string: numbers (`0.01`, `1e-3`, `-2`, `Infinity`), booleans (`true`,
 * `false`), lists of numbers (`[64, 32]`), and strings (anything else; surrounding quotes are removed).
 *
 * @throws Error for a list holding something other than numbers.
 */
export function parseParamValue(text: string, key = 'value'): ParamValue {
  const t = text.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (NUMBER.test(t)) return Number(t);
  if (t.startsWith('[') && t.endsWith(']')) {
    const inner = t.slice(1, -1).trim();
    if (inner === '') return Object.freeze([]) as readonly number[];
    const items = inner.split(',').map((s) => s.trim());
    const bad = items.find((s) => !NUMBER.test(s));
    if (bad !== undefined) {
      throw new Error(`hyperparameter "${key}": lists hold numbers only, got ${JSON.stringify(bad)} in ${t}`);
    }
    return Object.freeze(items.map(Number));
  }
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) return t.slice(1, -1);
  return t;
}

/**
 * Parses a parameter string such as `"learning_rate=0.01;batch_size=64;layers=[64,32];/encoder/dropout=0.1"`:
 * assignments separated by `;` or newlines (outside quotes), each `key=value`. A key with a scope prefix (`/encoder/dropout`)
 * sets the value at that scope; a plain key sets it at `defaultScope`.
 *
 * @throws Error naming the assignment when it has no `=` or an empty key.
 */
export function parseParams(text: string, defaultScope: string = ROOT): ParamAssignment[] {
  const out: ParamAssignment[] = [];
  for (const part of splitAssignments(text)) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq <= 0) {
      throw new Error(
        `hyperparameters: expected "key=value" in ${JSON.stringify(item)} (assignments are separated by ";")`,
      );
    }
    const rawKey = item.slice(0, eq).trim();
    let scope = defaultScope;
    let key = rawKey;
    const slash = rawKey.lastIndexOf('/');
    if (slash >= 0) {
      scope = normalizePath(
        rawKey.startsWith('/')
          ? rawKey.slice(0, slash) || ROOT
          : joinScope(defaultScope, rawKey.slice(0, slash)),
      );
      key = rawKey.slice(slash + 1);
    }
    if (key === '') throw new Error(`hyperparameters: empty key in ${JSON.stringify(item)}`);
    out.push({ scope, key, value: parseParamValue(item.slice(eq + 1), key) });
  }
  return out;
}

/** Splits on `;` and newlines outside quotes and brackets. */
function splitAssignments(text: string): string[] {
  const parts: string[] = [];
  let quote = '';
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if ((c === ';' || c === '\n') && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function joinScope(scope: string, relative: string): string {
  return relative.split('/').filter(Boolean).reduce(joinPath, scope);
}

/** Hyperparameters per scope; lookups walk from a scope up to the root. */
export class ParamStore {
  private readonly byScope = new Map<string, Map<string, ParamValue>>();

  /** Sets `key` at `scope`. */
  set(scope: string, key: string, value: ParamValue): void {
    let map = this.byScope.get(scope);
    if (!map) {
      map = new Map();
      this.byScope.set(scope, map);
    }
    map.set(key, checkParamValue(key, value));
  }

  /** The value of `key` seen from `scope` (its own, else the nearest ancestor's) and where it was found. */
  lookup(scope: string, key: string): { value: ParamValue; scope: string } | undefined {
    for (let s: string | undefined = scope; s !== undefined; s = parentPath(s)) {
      const map = this.byScope.get(s);
      if (map?.has(key)) return { value: map.get(key)!, scope: s };
    }
    return undefined;
  }

  /** Every (scope, key, value), sorted by scope then key (e.g. to save with a checkpoint). */
  entries(): ParamAssignment[] {
    const out: ParamAssignment[] = [];
    for (const [scope, map] of this.byScope) for (const [key, value] of map) out.push({ scope, key, value });
    return out.sort((a, b) => (a.scope === b.scope ? cmp(a.key, b.key) : cmp(a.scope, b.scope)));
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
