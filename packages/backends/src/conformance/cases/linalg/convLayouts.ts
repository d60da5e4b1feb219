// Axis layouts (dimension numbers) of the convGeneral conformance cases.
import type { OpAttrs } from '../../../optable/opAttrs.js';

type ConvAttrs = OpAttrs['convGeneral'];

/** Options over a layout: everything but the axes. */
export interface Window {
  /** Strides (default 1). */
  strides?: number[];
  /** `[low, high]` padding per axis (default 0). */
  padding?: Array<[number, number]>;
  /** Input dilations (default 1). */
  inputDilations?: number[];
  /** Kernel dilations (default 1). */
  kernelDilations?: number[];
  /** Feature groups (default 1). */
  featureGroupCount?: number;
  /** Batch groups (default 1). */
  batchGroupCount?: number;
}

/** Window attributes with defaults (stride 1, no padding or dilation, no groups). */
export function windowAttrs(n: number, w: Window) {
  return {
    strides: w.strides ?? new Array<number>(n).fill(1),
    padding: w.padding ?? Array.from({ length: n }, (): [number, number] => [0, 0]),
    inputDilations: w.inputDilations ?? new Array<number>(n).fill(1),
    kernelDilations: w.kernelDilations ?? new Array<number>(n).fill(1),
    featureGroupCount: w.featureGroupCount ?? 1,
    batchGroupCount: w.batchGroupCount ?? 1,
  };
}

/** Channels-last: input N, spatial..., C; kernel spatial..., I, O; output N, spatial..., C. */
export function channelsLast(n: number, w: Window = {}): ConvAttrs {
  const spatial = Array.from({ length: n }, (_, i) => i + 1);
  return {
    inputBatchAxis: 0,
    inputChannelsAxis: n + 1,
    inputSpatialAxes: spatial,
    kernelSpatialAxes: spatial.map((a) => a - 1),
    kernelInputChannelsAxis: n,
    kernelOutputChannelsAxis: n + 1,
    outputBatchAxis: 0,
    outputChannelsAxis: n + 1,
    outputSpatialAxes: spatial,
    ...windowAttrs(n, w),
  };
}

/** Channels-first: input N, C, spatial...; kernel O, I, spatial...; output N, C, spatial.... */
export function channelsFirst(n: number, w: Window = {}): ConvAttrs {
  const spatial = Array.from({ length: n }, (_, i) => i + 2);
  return {
    inputBatchAxis: 0,
    inputChannelsAxis: 1,
    inputSpatialAxes: spatial,
    kernelOutputChannelsAxis: 0,
    kernelInputChannelsAxis: 1,
    kernelSpatialAxes: spatial,
    outputBatchAxis: 0,
    outputChannelsAxis: 1,
    outputSpatialAxes: spatial,
    ...windowAttrs(n, w),
  };
}

/** Unusual layout: input [C, W, N, H] with spatial order (H, W); kernel [W, O, H, I]; output [H, C, N, W]. */
export const scrambled: ConvAttrs = {
  inputBatchAxis: 2,
  inputChannelsAxis: 0,
  inputSpatialAxes: [3, 1],
  kernelSpatialAxes: [2, 0],
  kernelOutputChannelsAxis: 1,
  kernelInputChannelsAxis: 3,
  outputBatchAxis: 2,
  outputChannelsAxis: 1,
  outputSpatialAxes: [0, 3],
  ...windowAttrs(2, {
    strides: [2, 1],
    padding: [
      [1, 0],
      [0, 2],
    ],
  }),
};
