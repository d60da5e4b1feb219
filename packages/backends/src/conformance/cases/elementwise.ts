import type { ConformanceCase } from '../types.js';
import { binaryCases } from './elementwise/binary.js';
import { bitcastCases } from './elementwise/bitcast.js';
import { compareCases } from './elementwise/compare.js';
import { convertCases } from './elementwise/convert.js';
import { shapeEdgeCases } from './elementwise/shapes.js';
import { unaryFloatCases } from './elementwise/unaryFloat.js';
import { unaryIntCases } from './elementwise/unaryInt.js';

/**
 * Conformance cases of the elementwise ops: unary, binary, comparisons, convertDType (every pair of the
 * 13 real dtypes) and bitcast, over every dtype family each op accepts, with independent references.
 */
export const elementwiseCases: ConformanceCase[] = [
  ...unaryFloatCases(),
  ...unaryIntCases(),
  ...binaryCases(),
  ...compareCases(),
  ...convertCases(),
  ...bitcastCases(),
  ...shapeEdgeCases(),
];
