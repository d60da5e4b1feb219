import type { ConformanceCase } from '../types.js';

/** Conformance cases of the linalg ops. */
export const linalgCases: ConformanceCase[] = [];
