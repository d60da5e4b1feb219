// Encodes small ONNX models (ModelProto) with the protobuf writer: float32 tensors, nodes with int, ints,
// float and string attributes, fixed-shape graph inputs and outputs.
import { ProtoWriter } from './proto.js';

/** An attribute value of an ONNX node. */
export type OnnxAttr =
  | { kind: 'int'; value: number }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string };

/** One node of an ONNX graph. */
export interface OnnxNode {
  /** Operator type, e.g. `MatMul`. */
  op: string;
  /** Names of the input values. */
  inputs: readonly string[];
  /** Names of the output values. */
  outputs: readonly string[];
  /** Attributes by name. */
  attrs?: Record<string, OnnxAttr>;
}

/** A named float32 value with a fixed shape (graph input, output, or initializer when `data` is set). */
export interface OnnxValue {
  /** Value name. */
  name: string;
  /** Dimensions. */
  dims: readonly number[];
  /** Constant contents (initializers only). */
  data?: Float32Array;
}

/** An ONNX graph: float32 inputs, outputs and initializers, and the nodes between them. */
export interface OnnxGraph {
  /** Graph name. */
  name: string;
  /** Graph inputs (fed at run time). */
  inputs: readonly OnnxValue[];
  /** Graph outputs. */
  outputs: readonly OnnxValue[];
  /** Constant tensors (weights). */
  initializers?: readonly OnnxValue[];
  /** Nodes in topological order. */
  nodes: readonly OnnxNode[];
}

const FLOAT = 1; // TensorProto.DataType.FLOAT
const ATTR_TYPE = { float: 1, int: 2, string: 3, ints: 7 } as const; // AttributeProto.AttributeType

function valueInfo(v: OnnxValue): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.dims) shape.message(1, new ProtoWriter().int(1, d)); // Dimension.dim_value
  const tensorType = new ProtoWriter().int(1, FLOAT).message(2, shape); // elem_type, shape
  const type = new ProtoWriter().message(1, tensorType); // TypeProto.tensor_type
  return new ProtoWriter().string(1, v.name).message(2, type);
}

function tensor(v: OnnxValue): ProtoWriter {
  const t = new ProtoWriter();
  for (const d of v.dims) t.int(1, d); // dims
  t.int(2, FLOAT).string(8, v.name); // data_type, name
  const data = v.data ?? new Float32Array(v.dims.reduce((a, b) => a * b, 1));
  return t.bytes(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)); // raw_data (little-endian)
}

function attribute(name: string, a: OnnxAttr): ProtoWriter {
  const w = new ProtoWriter().string(1, name);
  if (a.kind === 'float') w.float(2, a.value);
  else if (a.kind === 'int') w.int(3, a.value);
  else if (a.kind === 'string') w.string(4, a.value);
  else for (const v of a.value) w.int(8, v);
  return w.int(20, ATTR_TYPE[a.kind]);
}

function node(n: OnnxNode, index: number): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, `${n.op.toLowerCase()}_${index}`).string(4, n.op);
  for (const [name, a] of Object.entries(n.attrs ?? {})) w.message(5, attribute(name, a));
  return w;
}

/** Encodes `graph` as an ONNX model (IR version 8, default opset `opset`). */
export function encodeModel(graph: OnnxGraph, opset = 17): Uint8Array {
  const g = new ProtoWriter();
  graph.nodes.forEach((n, i) => {
    g.message(1, node(n, i));
  });
  g.string(2, graph.name);
  for (const init of graph.initializers ?? []) g.message(5, tensor(init));
  for (const i of graph.inputs) g.message(11, valueInfo(i));
  for (const o of graph.outputs) g.message(12, valueInfo(o));
  const opsetId = new ProtoWriter().string(1, '').int(2, opset);
  return new ProtoWriter()
    .int(1, 8) // ir_version
    .string(2, 'tsmlx-bench') // producer_name
    .message(7, g)
    .message(8, opsetId)
    .finish();
}

/** Shorthand for an `ints` attribute. */
export const ints = (value: readonly number[]): OnnxAttr => ({ kind: 'ints', value });
/** Shorthand for an `int` attribute. */
export const int = (value: number): OnnxAttr => ({ kind: 'int', value });
