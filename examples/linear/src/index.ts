/**
 * tsmlx example: linear regression on synthetic data — the smallest complete program with a `Trainer`, a `Loop`,
 * a progress bar and a training plot.
 *
 * @packageDocumentation
 */

export { type LinearOptions, type LinearResult, trainLinear } from './linear.js';
