/** Separator of scope paths: the root scope is `/`, a variable `w` under `dense_0` is `/dense_0/w`. */
export const SEPARATOR = '/';

/** The root scope path. */
export const ROOT = '/';

const VALID_NAME = /^[^/\s]+$/;

/**
 * Checks one path element (a scope or variable name): non-empty, no `/`, no whitespace.
 *
 * @throws Error naming what was being named and the offending value.
 */
export function checkName(what: string, name: string, scope: string): void {
  if (typeof name !== 'string' || !VALID_NAME.test(name)) {
    throw new Error(
      `${what} name must be a non-empty string without "/" or whitespace, got ${JSON.stringify(name)} (in scope ${scope})`,
    );
  }
}

/** Joins a scope path and a name: `join('/', 'a')` is `/a`, `join('/a', 'b')` is `/a/b`. */
export function joinPath(scope: string, name: string): string {
  return scope === ROOT ? `${ROOT}${name}` : `${scope}${SEPARATOR}${name}`;
}

/** The parent scope of a path (`/a/b` → `/a`, `/a` → `/`); undefined for the root. */
export function parentPath(path: string): string | undefined {
  if (path === ROOT) return undefined;
  const i = path.lastIndexOf(SEPARATOR);
  return i <= 0 ? ROOT : path.slice(0, i);
}

/** The last element of a path (`/a/b` → `b`). */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf(SEPARATOR) + 1);
}

/** Splits an absolute path into its elements (`/a/b` → `['a', 'b']`, `/` → `[]`). */
export function pathElements(path: string): string[] {
  return path.split(SEPARATOR).filter((s) => s.length > 0);
}

/**
 * Normalizes a scope path given by a user: must start with `/`; repeated and trailing separators are dropped.
 *
 * @throws Error when it does not start with `/` or an element is invalid.
 */
export function normalizePath(path: string): string {
  if (typeof path !== 'string' || !path.startsWith(SEPARATOR)) {
    throw new Error(`a scope path must start with "/", got ${JSON.stringify(path)}`);
  }
  const elements = pathElements(path);
  for (const e of elements) checkName('path element', e, path);
  return elements.length === 0 ? ROOT : SEPARATOR + elements.join(SEPARATOR);
}
