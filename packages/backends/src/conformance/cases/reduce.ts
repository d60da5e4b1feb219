import type { ConformanceCase } from '../types.js';

/** Conformance cases of the reduce ops. */
export const reduceCases: ConformanceCase[] = [];
