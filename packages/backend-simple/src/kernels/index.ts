// Importing this module registers every kernel of backend-simple.
import './elementwise/index.js';
import './shape/index.js';
import './reduce/index.js';
import './linalg/index.js';
import './gather/index.js';
import './control/index.js';

export { kernelFor, kernelOps, registerKernel } from './registry.js';
