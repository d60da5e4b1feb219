import { OpError } from '@tsmlx/backends';
import type { Context } from '@tsmlx/context';
import { trimStack } from '@tsmlx/graph';

const nnFrame = /[\\/](?:packages[\\/]nn[\\/](?:src|dist)[\\/]|@tsmlx[\\/]nn[\\/])/;
const testFile = /\.(?:test|spec|bench)\.[cm]?[jt]sx?\b/;

/**
 * The error a layer throws for invalid input or configuration: the message names the layer, the scope
 * path of its context (`/encoder/dense_0`), the shapes involved and what would be valid.
 */
export class LayerError extends OpError {
  /** The layer's name (e.g. `dense`). */
  readonly layer: string;
  /** The scope path of the context the layer was called with (e.g. `/encoder/dense_0`). */
  readonly scope: string;

  /**
   * @param layer - the layer's name.
   * @param scope - the scope path of the layer's context.
   * @param message - what is wrong and what would be valid.
   */
  constructor(layer: string, scope: string, message: string) {
    super(`${layer} at scope "${scope}"`, message);
    this.name = 'LayerError';
    this.layer = layer;
    this.scope = scope;
  }
}

/** Drops the leading stack frames inside tsmlx (graph and nn), so the stack starts at the user's call. */
function atUserCall<E extends Error>(error: E): E {
  if (typeof error.stack !== 'string') return error;
  const lines = trimStack(error.stack).split('\n');
  let i = lines.findIndex((line) => /^\s+at\s/.test(line));
  if (i < 0) return error;
  const first = i;
  while (i < lines.length && nnFrame.test(lines[i]!) && !testFile.test(lines[i]!)) i++;
  if (i < lines.length) {
    try {
      error.stack = [...lines.slice(0, first), ...lines.slice(i)].join('\n');
    } catch {
      // A frozen error keeps its stack.
    }
  }
  return error;
}

/** @internal Makes a {@link LayerError} naming the layer and the context's scope path. */
export function layerError(ctx: Context, layer: string, message: string): LayerError {
  return atUserCall(new LayerError(layer, ctx.scope, message));
}

/** @internal Makes an {@link OpError} for a function without a context (losses, activations, pooling). */
export function nnError(op: string, message: string): OpError {
  return atUserCall(new OpError(op, message));
}

/**
 * @internal Runs `fn`, rethrowing any error from the graph ops it calls as a {@link LayerError} that names
 * the layer and the scope path (the original message is kept).
 */
export function inLayer<T>(ctx: Context, layer: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof LayerError || !(error instanceof Error)) throw error;
    const wrapped = layerError(ctx, layer, error.message);
    (wrapped as { cause?: unknown }).cause = error;
    throw wrapped;
  }
}
