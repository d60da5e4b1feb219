import type { ConformanceCase } from '../types.js';
import { flowCases } from './control/flowCases.js';
import { rngOpCases } from './control/rngCases.js';
import { sortOpCases } from './control/sortCases.js';

/**
 * Conformance cases of the control ops (while, if, sort, call) and rngBitGenerator: expected values come from
 * plain loops and the built-in stable sort, Random123's Philox known-answer vectors, and the bigint Philox
 * reference in `control/philoxReference.ts`.
 */
export const controlCases: ConformanceCase[] = [...flowCases, ...sortOpCases, ...rngOpCases];
