/**
 * `@tsmlx/backend-simple`: the portable tsmlx backend — TypeScript kernels over host memory, no native
 * code, for Node, browsers, Deno and Bun. Importing it registers the backend as `simple`, the default.
 *
 * @packageDocumentation
 */
import { registerBackend } from '@tsmlx/backends';
import './kernels/index.js';
import { parseSimpleOptions, SimpleBackend } from './backend.js';

registerBackend('simple', (options) => new SimpleBackend(parseSimpleOptions(options)), {
  priority: 10,
  aliases: ['go', 'cpu-ts'],
});

export { parseSimpleOptions, SIMPLE_DTYPES, SimpleBackend, type SimpleBackendOptions } from './backend.js';
export { SimpleBuffer } from './buffer.js';
export { SimpleExecutable } from './executable.js';
