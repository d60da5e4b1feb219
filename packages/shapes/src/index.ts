/**
 * `@tsmlx/shapes`: the static shape of a tensor (dtype + dims), its sizes and strides, and the
 * broadcasting rule, with errors that name the shapes and the axis at fault.
 *
 * @packageDocumentation
 */

export { broadcastAllDims, broadcastDims } from './broadcast.js';
export { ShapeError } from './errors.js';
export { checkDims, makeShape, normalizeAxis, Shape, sameDims, sizeOf, stridesOf } from './shape.js';
