import type { ConformanceCase } from '../types.js';
import { argCases } from './reduce/argCases.js';
import { bitsCases } from './reduce/bitsCases.js';
import { maxCases, minCases } from './reduce/orderCases.js';
import { scatterCases } from './reduce/scatterCases.js';
import { productCases, sumCases } from './reduce/sumCases.js';
import { windowCases } from './reduce/windowCases.js';

/** Conformance cases of the reduce ops (axis reductions and argMinMax) and the window ops. */
export const reduceCases: ConformanceCase[] = [
  ...sumCases,
  ...productCases,
  ...maxCases,
  ...minCases,
  ...bitsCases,
  ...argCases,
  ...windowCases,
  ...scatterCases,
];
