import type { Capabilities } from './backend.js';
import { UnsupportedError } from './errors.js';
import { type Program, subPrograms } from './program.js';

/**
 * Checks that a backend supports every op and dtype of a program (sub-programs included).
 *
 * @param backendName - named in the error.
 * @throws UnsupportedError naming the first unsupported op or dtype, and what the backend offers.
 */
export function checkProgramSupported(
  backendName: string,
  capabilities: Capabilities,
  program: Program,
): void {
  for (const instruction of program.instructions) {
    if (!capabilities.ops.has(instruction.op)) {
      throw new UnsupportedError(
        backendName,
        `op "${instruction.op}" (in program "${program.name}") is not supported by this backend`,
        instruction.op,
      );
    }
    for (const shape of instruction.shapes) {
      if (!capabilities.dtypes.has(shape.dtype)) {
        throw new UnsupportedError(
          backendName,
          `dtype ${shape.dtype} (result of "${instruction.op}" in program "${program.name}") is not supported; ` +
            `supported dtypes: ${[...capabilities.dtypes].join(', ')}`,
          instruction.op,
        );
      }
    }
    for (const sub of subPrograms(instruction)) checkProgramSupported(backendName, capabilities, sub);
  }
}
