/**
 * `tsmlx/node`: everything of `tsmlx` plus the Node-only parts: the XLA backend (registered as `xla`; nothing
 * native is loaded until it is requested, e.g. with `TSMLX_BACKEND=xla:cuda`), file datasets and checkpoints
 * (`trainNode`: `@tsmlx/train/node`), and the terminal progress bar and HTML training plots (`ui`).
 *
 * @packageDocumentation
 */
import '@tsmlx/backend-xla';

export * from '@tsmlx/dtypes';
export * from '@tsmlx/graph';
export * from '@tsmlx/shapes';
export * from './core.js';
export { trainNode, ui } from './nodeNamespaces.js';
