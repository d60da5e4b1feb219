import type { ConformanceCase } from '../types.js';
import { joinPadCases } from './shape/joinPadCases.js';
import { layoutCases } from './shape/layoutCases.js';
import { selectCases } from './shape/selectCases.js';
import { sliceCases } from './shape/sliceCases.js';

/**
 * Conformance cases of iota and the shape ops: expected values come from the multi-index reference in
 * `shape/reference.ts` or are written by hand.
 */
export const shapeCases: ConformanceCase[] = [...layoutCases, ...sliceCases, ...joinPadCases, ...selectCases];
