import type { ConformanceCase } from '../types.js';
import { gatherOpCases } from './gather/gatherCases.js';
import { scatterOpCases } from './gather/scatterCases.js';

/**
 * Conformance cases of gather and scatterSum/Max/Min: expected values are written by hand or come from the
 * element-by-element XLA-semantics reference in `gather/reference.ts`.
 */
export const gatherCases: ConformanceCase[] = [...gatherOpCases, ...scatterOpCases];
