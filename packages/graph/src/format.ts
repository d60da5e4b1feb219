import { isProgram } from '@tsmlx/backends';
import { bfloat16ToNumber, float16ToNumber } from '@tsmlx/dtypes';
import { Shape } from '@tsmlx/shapes';
import type { Graph } from './graph.js';
import type { Node } from './node.js';

// Printing of graphs for people: one line per op application.

const maxShownElements = 8;

/** Formats one attribute value compactly. */
export function formatAttr(value: unknown): string {
  if (value instanceof Shape) return value.toString();
  if (isProgram(value)) return `<program ${value.name}: ${value.instructions.length} instructions>`;
  if (ArrayBuffer.isView(value)) {
    const items = Array.from(value as unknown as ArrayLike<number | bigint>).slice(0, maxShownElements);
    const more = (value as unknown as ArrayLike<unknown>).length > maxShownElements ? ', ...' : '';
    return `[${items.map(String).join(', ')}${more}]`;
  }
  if (Array.isArray(value)) return `[${value.map(formatAttr).join(', ')}]`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => `${k}: ${formatAttr(v)}`);
    return `{${entries.join(', ')}}`;
  }
  return String(value);
}

function formatConstant(node: Node): string {
  const attrs = node.attrs as { value: ArrayLike<number | bigint>; shape: Shape };
  const decode =
    attrs.shape.dtype === 'float16'
      ? (v: number | bigint) => float16ToNumber(Number(v))
      : attrs.shape.dtype === 'bfloat16'
        ? (v: number | bigint) => bfloat16ToNumber(Number(v))
        : attrs.shape.dtype === 'bool'
          ? (v: number | bigint) => Boolean(v)
          : (v: number | bigint) => v;
  const shown = Array.from(attrs.value)
    .slice(0, maxShownElements)
    .map((v) => String(decode(v)));
  if (attrs.shape.rank === 0) return shown[0] ?? '';
  return `[${shown.join(', ')}${attrs.value.length > maxShownElements ? ', ...' : ''}]`;
}

function formatNode(node: Node): string {
  const outputs = node.siblings.map((s) => `%${s.id}`).join(', ');
  let body: string;
  if (node.op === 'parameter') {
    body = `parameter ${(node.attrs as { name: string }).name}`;
  } else if (node.op === 'constant') {
    body = `constant ${formatConstant(node)}`;
  } else {
    const operands = node.inputs.map((n) => `%${n.id}`).join(', ');
    const attrs = Object.keys(node.attrs).length > 0 ? ` ${formatAttr(node.attrs)}` : '';
    body = `${node.op}(${operands})${attrs}`;
  }
  const shapes = node.siblings.map((s) => s.shape.toString()).join(', ');
  return `${outputs} = ${body} : ${shapes}`;
}

/** The listing of a graph; with `sites`, each line ends with the user's source location. */
export function formatGraph(graph: Graph, sites: boolean): string {
  const params = graph.parameters.length;
  const nodes = graph.nodes.length;
  const lines = [
    `Graph "${graph.name}": ${params} parameter${params === 1 ? '' : 's'}, ${nodes} node${nodes === 1 ? '' : 's'}`,
  ];
  for (const node of graph.nodes) {
    if (node.outputIndex > 0) continue;
    let line = `  ${formatNode(node)}`;
    if (sites) {
      const at = node.createdAt;
      if (at) line += `    // ${at}`;
    }
    lines.push(line);
  }
  return lines.join('\n');
}
