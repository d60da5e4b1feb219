import type { ConformanceCase } from '../types.js';

/** Conformance cases of the elementwise ops. */
export const elementwiseCases: ConformanceCase[] = [];
