// The Node-only namespaces of `tsmlx/node`.
import * as trainNodeModule from '@tsmlx/train/node';
import * as uiModule from '@tsmlx/ui';

/** `@tsmlx/train/node`: IDX/CSV file readers, the `Checkpointer`, `saveCheckpoint` / `loadCheckpoint`. */
export const trainNode: typeof trainNodeModule = trainNodeModule;
/** `@tsmlx/ui`: the terminal progress bar and HTML training plots. */
export const ui: typeof uiModule = uiModule;
