// Registers the reduce and window kernels of backend-simple.
import { registerKernel } from '../registry.js';
import { argMinMaxKernel } from './argMinMax.js';
import { AXES_REDUCTIONS, type AxesReductionOp, reduceAxesKernel } from './reduceAxes.js';
import { reduceWindowKernel } from './reduceWindow.js';
import { selectAndScatterKernel } from './selectAndScatter.js';

for (const op of Object.keys(AXES_REDUCTIONS) as AxesReductionOp[]) registerKernel(op, reduceAxesKernel);
registerKernel('argMinMax', argMinMaxKernel);
registerKernel('reduceWindow', reduceWindowKernel);
registerKernel('selectAndScatterMax', selectAndScatterKernel);
registerKernel('selectAndScatterMin', selectAndScatterKernel);
registerKernel('selectAndScatterSum', selectAndScatterKernel);
