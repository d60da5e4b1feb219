import type { ConformanceCase } from '../types.js';

/** Conformance cases of the shape ops. */
export const shapeCases: ConformanceCase[] = [];
