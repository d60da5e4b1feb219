import type { Shape } from '@tsmlx/shapes';

/** Which axes of a kernel hold the input and output features; every other axis is receptive field. */
export interface FanAxes {
  /** Axis of input features (channels). */
  input: number;
  /** Axis of output features (channels). */
  output: number;
}

/** Fan-in and fan-out of a kernel shape. */
export interface Fans {
  /** Number of inputs feeding each output unit. */
  fanIn: number;
  /** Number of outputs each input unit feeds. */
  fanOut: number;
}

/**
 * Fan-in and fan-out of a weight shape, for the variance-scaling initializers (Glorot/Xavier, He/Kaiming,
 * LeCun):
 * - rank 0: fanIn = fanOut = 1;
 * - rank 1 `[n]`: fanIn = fanOut = n;
 * - rank 2, a dense kernel `[in, out]`: fanIn = in, fanOut = out;
 * - rank ≥ 3, a convolution kernel in the channels-last layout `[...spatial, in, out]` (the layout of
 *   `conv`): with receptive = product of the spatial dims, fanIn = in × receptive, fanOut = out × receptive.
 *
 * With `axes`, the input and output feature axes are given explicitly (e.g. `{ input: 1, output: 0 }` for a
 * channels-first kernel `[out, in, ...spatial]`) and every other axis counts as receptive field.
 *
 * @throws Error when an axis is out of range or both axes are the same.
 */
export function computeFans(shape: Shape, axes?: FanAxes): Fans {
  const dims = shape.dims;
  const rank = dims.length;
  if (axes === undefined) {
    if (rank === 0) return { fanIn: 1, fanOut: 1 };
    if (rank === 1) return { fanIn: dims[0]!, fanOut: dims[0]! };
    return computeFans(shape, { input: rank - 2, output: rank - 1 });
  }
  const norm = (a: number) => (a < 0 ? a + rank : a);
  const input = norm(axes.input);
  const output = norm(axes.output);
  if (input < 0 || input >= rank || output < 0 || output >= rank || input === output) {
    throw new Error(
      `computeFans: invalid axes {input: ${axes.input}, output: ${axes.output}} for shape ${shape}`,
    );
  }
  let receptive = 1;
  dims.forEach((d, i) => {
    if (i !== input && i !== output) receptive *= d;
  });
  return { fanIn: dims[input]! * receptive, fanOut: dims[output]! * receptive };
}
