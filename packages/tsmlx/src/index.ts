/**
 * `tsmlx`: the umbrella package. Importing it registers the default backend (`simple`, the portable
 * TypeScript backend) and gives the whole framework from one import:
 *
 * - flat: the dtypes, shapes and graph APIs (`Graph`, `Tensor`, `Exec`, every op), backend selection
 *   (`getBackend`, `registerBackend`, ...), and the most used classes of the other packages (`Context`,
 *   `Trainer`, `Loop`, `inMemoryDataset`);
 * - namespaced, where names would clash (e.g. the `zeros` initializer and the `zeros` op, the `relu` activation
 *   and the op): `backends`, `context`, `nn`, `optx`, `train`.
 *
 * The Node-only parts (the XLA backend, file-based datasets and checkpoints, the progress bar and plots) are in
 * `tsmlx/node`.
 *
 * @packageDocumentation
 */
// The star re-exports stay in each entry file (bundlers keep `export *` of external packages only there).
export * from '@tsmlx/dtypes';
export * from '@tsmlx/graph';
export * from '@tsmlx/shapes';
export * from './core.js';
