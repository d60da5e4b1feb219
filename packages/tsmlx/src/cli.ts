/**
 * The `tsmlx` command-line program (see `buildProgram` in `cli/program.ts` for the commands). Registers the
 * default backends (simple; xla, loaded only when requested) first.
 *
 * @packageDocumentation
 */
import './node.js';
import { buildProgram } from './cli/program.js';

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  console.error(`tsmlx: ${(error as Error).message}`);
  process.exitCode = 1;
}
