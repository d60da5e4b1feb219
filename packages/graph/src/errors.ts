import { OpError } from '@tsmlx/backends';

// Build errors should point at the user's line: the leading stack frames that belong to tsmlx's own
// packages (or to the engine, such as `Array.map`) are dropped from the error's stack.

const internalFile =
  /[\\/](?:packages[\\/](?:graph|backends|shapes|dtypes|context|nn|optx|train|ui|tsmlx)[\\/](?:src|dist)[\\/]|@tsmlx[\\/](?:graph|backends|shapes|dtypes|context|nn|optx|train|ui)[\\/]|node_modules[\\/]tsmlx[\\/])/;
const testFile = /\.(?:test|spec|bench)\.[cm]?[jt]sx?\b/;
const frameLine = /^\s+at\s/;

function isInternalFrame(line: string): boolean {
  if (line.includes('(<anonymous>)') || line.includes('node:internal') || !/[\\/]/.test(line)) return true;
  return internalFile.test(line) && !testFile.test(line);
}

/**
 * Removes the leading stack frames inside tsmlx itself, so the first frame shown is the user's call.
 * Returns the trimmed stack text (unchanged when no user frame is found).
 */
export function trimStack(stack: string): string {
  const lines = stack.split('\n');
  const first = lines.findIndex((line) => frameLine.test(line));
  if (first < 0) return stack;
  let user = first;
  while (user < lines.length && frameLine.test(lines[user]!) && isInternalFrame(lines[user]!)) user++;
  if (user >= lines.length || !frameLine.test(lines[user]!)) return stack;
  return [...lines.slice(0, first), ...lines.slice(user)].join('\n');
}

/** Rewrites an error's stack so that it starts at the user's frame; returns the same error. */
export function atUserFrame<E>(error: E): E {
  if (error instanceof Error && typeof error.stack === 'string') {
    try {
      error.stack = trimStack(error.stack);
    } catch {
      // A frozen or exotic error keeps its stack.
    }
  }
  return error;
}

/**
 * Makes the {@link OpError} a graph-level op throws for invalid operands: the message names the op, the
 * operands and what would be valid; the stack starts at the user's call.
 */
export function opError(op: string, message: string): OpError {
  return atUserFrame(new OpError(op, message));
}

/** The first user frame of a stack (`file:line:column`), or undefined when there is none. */
export function userFrame(stack: string | undefined): string | undefined {
  if (!stack) return undefined;
  for (const line of trimStack(stack).split('\n')) {
    if (!frameLine.test(line)) continue;
    if (isInternalFrame(line)) return undefined;
    const inParens = /\((.*)\)\s*$/.exec(line);
    return (inParens ? inParens[1]! : line.replace(frameLine, '')).trim();
  }
  return undefined;
}
