import type { ConformanceCase } from '../types.js';
import { convCases } from './linalg/convCases.js';
import { dotCases } from './linalg/dotCases.js';

/**
 * Conformance cases of the linalg ops (dotGeneral, convGeneral): expected values come from the direct
 * float64 / exact-bigint reference loops in `linalg/reference.ts` or are computed by hand.
 */
export const linalgCases: ConformanceCase[] = [...dotCases, ...convCases];
