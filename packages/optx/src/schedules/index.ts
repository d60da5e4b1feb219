export { type LearningRate, learningRateAt, type Schedule } from './schedule.js';
export {
  type CosineDecayOptions,
  constantSchedule,
  cosineDecay,
  type ExponentialDecayOptions,
  exponentialDecay,
  type LinearWarmupOptions,
  linearWarmup,
  multiplySchedules,
  piecewiseConstant,
  stepDecay,
} from './schedules.js';
