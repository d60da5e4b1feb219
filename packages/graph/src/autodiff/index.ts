// Reverse-mode automatic differentiation.
import './rules/index.js';

export { type CustomGradient, identityWithCustomGradient, stopGradient } from './custom.js';
export { gradient } from './gradient.js';
export { differentiableOps, registerVJP, type VJPRule, vjpRule } from './registry.js';
