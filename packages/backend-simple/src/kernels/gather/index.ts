// Registers the gather/scatter kernels of backend-simple.
import { registerKernel } from '../registry.js';
import { gatherKernel } from './gather.js';
import { scatterKernel } from './scatter.js';

registerKernel('gather', ({ attrs, inputShapes, outputShapes }) =>
  gatherKernel(inputShapes[0]!, inputShapes[1]!, outputShapes[0]!, attrs),
);
registerKernel('scatterSum', ({ op, attrs, inputShapes }) =>
  scatterKernel(op, inputShapes[0]!, inputShapes[1]!, inputShapes[2]!, attrs, 'add'),
);
registerKernel('scatterMax', ({ op, attrs, inputShapes }) =>
  scatterKernel(op, inputShapes[0]!, inputShapes[1]!, inputShapes[2]!, attrs, 'max'),
);
registerKernel('scatterMin', ({ op, attrs, inputShapes }) =>
  scatterKernel(op, inputShapes[0]!, inputShapes[1]!, inputShapes[2]!, attrs, 'min'),
);
