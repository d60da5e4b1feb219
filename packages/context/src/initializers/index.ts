export { constant, ones, zeros } from './constant.js';
export { defaultInitializer } from './default.js';
export { computeFans, type FanAxes, type Fans } from './fans.js';
export {
  ERF_SQRT2,
  randomNormal,
  randomUniform,
  TRUNCATED_NORMAL_STD,
  truncatedNormal,
} from './random.js';
export type { Initializer, RandomSource } from './types.js';
export {
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  kaimingNormal,
  kaimingUniform,
  lecunNormal,
  lecunUniform,
  type VarianceScalingOptions,
  varianceScaling,
  xavierNormal,
  xavierUniform,
} from './variance.js';
