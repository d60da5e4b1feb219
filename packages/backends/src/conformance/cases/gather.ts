import type { ConformanceCase } from '../types.js';

/** Conformance cases of the gather ops. */
export const gatherCases: ConformanceCase[] = [];
