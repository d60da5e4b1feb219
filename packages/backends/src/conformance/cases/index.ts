import type { ConformanceCase } from '../types.js';
import { controlCases } from './control.js';
import { elementwiseCases } from './elementwise.js';
import { gatherCases } from './gather.js';
import { leafCases } from './leaf.js';
import { linalgCases } from './linalg.js';
import { reduceCases } from './reduce.js';
import { shapeCases } from './shape.js';

/** Every conformance case of the kit. */
export const ALL_CASES: readonly ConformanceCase[] = [
  ...leafCases,
  ...elementwiseCases,
  ...shapeCases,
  ...reduceCases,
  ...linalgCases,
  ...gatherCases,
  ...controlCases,
];
