// Registers the control-flow kernels of backend-simple, and rngBitGenerator.
import { registerKernel } from '../registry.js';
import { callKernel, ifKernel, whileKernel } from './flow.js';
import { rngBitGeneratorKernel } from './rngBitGenerator.js';
import { sortKernel } from './sort.js';

registerKernel('while', whileKernel);
registerKernel('if', ifKernel);
registerKernel('call', callKernel);
registerKernel('sort', sortKernel);
registerKernel('rngBitGenerator', ({ outputShapes }) => rngBitGeneratorKernel(outputShapes[1]!));
