// Registers the linalg kernels of backend-simple.
import { registerKernel } from '../registry.js';
import { convGeneralKernel } from './convGeneral.js';
import { dotGeneralKernel } from './dotGeneral.js';

registerKernel('dotGeneral', dotGeneralKernel);
registerKernel('convGeneral', convGeneralKernel);
