/**
 * Error thrown while building a program when an op's operands or attributes are invalid. The message
 * names the op, the operand shapes and what would be valid.
 */
export class OpError extends Error {
  /** The op at fault. */
  readonly op: string;
  /**
   * @param op - the op's name.
   * @param message - what is wrong and what would be valid; the op's name is prefixed.
   */
  constructor(op: string, message: string) {
    super(`${op}: ${message}`);
    this.name = 'OpError';
    this.op = op;
  }
}

/**
 * Error thrown when a backend is asked to compile a program with an op or dtype it does not support.
 * Raised at compile time, before anything runs.
 */
export class UnsupportedError extends Error {
  /** The backend's name. */
  readonly backend: string;
  /** The unsupported op, when an op is at fault. */
  readonly op: string | undefined;
  /**
   * @param backend - the backend's name.
   * @param message - what is unsupported.
   * @param op - the op at fault, if any.
   */
  constructor(backend: string, message: string, op?: string) {
    super(`backend "${backend}": ${message}`);
    this.name = 'UnsupportedError';
    this.backend = backend;
    this.op = op;
  }
}

/** Error thrown by the backend registry: unknown names, failed initialization, bad configs. */
export class BackendError extends Error {
  /** @param message - the explanation. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BackendError';
  }
}
