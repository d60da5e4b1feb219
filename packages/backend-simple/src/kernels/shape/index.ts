// Registers the shape (layout) kernels of backend-simple, and iota.
import { registerKernel } from '../registry.js';
import { clampKernel } from './clamp.js';
import { concatenateKernel } from './concatenate.js';
import { dynamicSliceKernel, dynamicUpdateSliceKernel } from './dynamicSlice.js';
import { iotaKernel } from './iota.js';
import {
  broadcastInDimKernel,
  reshapeKernel,
  reverseKernel,
  sliceKernel,
  transposeKernel,
} from './layout.js';
import { padKernel } from './pad.js';
import { whereKernel } from './where.js';

registerKernel('iota', ({ attrs }) => iotaKernel(attrs.shape, attrs.axis));
registerKernel('broadcastInDim', ({ attrs, inputShapes, outputShapes }) =>
  broadcastInDimKernel(inputShapes[0]!, outputShapes[0]!, attrs.axesMapping),
);
registerKernel('reshape', () => reshapeKernel());
registerKernel('transpose', ({ attrs, inputShapes, outputShapes }) =>
  transposeKernel(inputShapes[0]!, outputShapes[0]!, attrs.permutation),
);
registerKernel('reverse', ({ attrs, inputShapes }) => reverseKernel(inputShapes[0]!, attrs.axes));
registerKernel('concatenate', ({ attrs, inputShapes, outputShapes }) =>
  concatenateKernel(inputShapes, outputShapes[0]!, attrs.axis),
);
registerKernel('slice', ({ attrs, inputShapes, outputShapes }) =>
  sliceKernel(inputShapes[0]!, outputShapes[0]!, attrs.start, attrs.strides),
);
registerKernel('dynamicSlice', ({ inputShapes, outputShapes }) =>
  dynamicSliceKernel(inputShapes[0]!, outputShapes[0]!),
);
registerKernel('dynamicUpdateSlice', ({ inputShapes }) =>
  dynamicUpdateSliceKernel(inputShapes[0]!, inputShapes[1]!),
);
registerKernel('pad', ({ attrs, inputShapes, outputShapes }) =>
  padKernel(inputShapes[0]!, outputShapes[0]!, attrs),
);
registerKernel('where', ({ inputShapes, outputShapes }) => whereKernel(inputShapes[0]!, outputShapes[0]!));
registerKernel('clamp', ({ inputShapes }) => clampKernel(inputShapes[0]!, inputShapes[1]!, inputShapes[2]!));

export { clampedWindowOffset } from './dynamicSlice.js';
export { stridedReadKernel } from './gatherCopy.js';
export { halfDecodeTable } from './halfTables.js';
export { fillWith } from './pad.js';
export {
  planStridedCopy,
  runStridedCopy,
  type StridedCopyMode,
  type StridedCopyPlan,
} from './stridedCopy.js';
export { type WordArray, wordsPerElement, wordView } from './words.js';
