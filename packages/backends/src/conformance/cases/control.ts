import type { ConformanceCase } from '../types.js';

/** Conformance cases of the control ops. */
export const controlCases: ConformanceCase[] = [];
