import { ERROR_CODE_NAMES } from './slots.js';

/**
 * An error reported by a PJRT plugin: its status code and message, verbatim, and the PJRT function that
 * returned it. The native `PJRT_Error` is already destroyed when this is thrown.
 */
export class PjrtError extends Error {
  /** The absl status code (3 = INVALID_ARGUMENT, ...). */
  readonly code: number;
  /** The code's name (`'INVALID_ARGUMENT'`). */
  readonly codeName: string;
  /** The plugin's message, verbatim. */
  readonly pluginMessage: string;
  /** The PJRT function that failed (`'PJRT_Client_Compile'`). */
  readonly function: string;

  /**
   * @param fn - PJRT function name.
   * @param code - status code.
   * @param message - the plugin's message.
   */
  constructor(fn: string, code: number, message: string) {
    const codeName = ERROR_CODE_NAMES[code] ?? `code ${code}`;
    super(`${fn} failed (${codeName}): ${message}`);
    this.name = 'PjrtError';
    this.code = code;
    this.codeName = codeName;
    this.pluginMessage = message;
    this.function = fn;
  }
}
