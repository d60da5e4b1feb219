/**
 * Error thrown when shapes do not fit together (broadcasting, reshapes, op operands). Its message names
 * the operation, the shapes involved and what would be valid.
 */
export class ShapeError extends Error {
  /** @param message - the full explanation, starting with the operation's name. */
  constructor(message: string) {
    super(message);
    this.name = 'ShapeError';
  }
}
