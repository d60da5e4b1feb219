// Registers the elementwise kernels of backend-simple: unary, binary, comparison and convertDType from
// generated per-dtype loops, and bitcast.
import { registerKernel } from '../registry.js';
import { bitcastKernel } from './bitcast.js';
import { EXPRESSION_OPS } from './expressions.js';
import { elementwiseKernel } from './kernel.js';

for (const op of EXPRESSION_OPS) registerKernel(op, elementwiseKernel);
registerKernel('bitcast', bitcastKernel);
