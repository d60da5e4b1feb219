import { opError } from '../errors.js';
import * as raw from '../gen_ops.js';
import { graphOf } from '../graph.js';
import type { Node } from '../node.js';
import { reduceSum } from './reduce.js';
import { transpose } from './shape.js';

interface Term {
  node: Node;
  letters: string[];
}

function parse(equation: string, operands: readonly Node[]): { inputs: string[][]; output: string[] } {
  const eq = equation.replace(/\s+/g, '');
  const [lhs, out, extra] = eq.split('->');
  if (extra !== undefined || lhs === undefined) throw opError('einsum', `invalid equation "${equation}"`);
  if (eq.includes('.')) throw opError('einsum', `ellipsis ("...") is not supported yet: "${equation}"`);
  const inputs = lhs.split(',').map((t) => [...t]);
  if (inputs.length !== operands.length) {
    throw opError('einsum', `"${equation}" names ${inputs.length} operands, got ${operands.length}`);
  }
  for (const letter of [...lhs.replace(/,/g, ''), ...(out ?? '')]) {
    if (!/[a-zA-Z]/.test(letter))
      throw opError('einsum', `"${equation}": axis labels must be letters, got "${letter}"`);
  }
  inputs.forEach((letters, i) => {
    const x = operands[i]!;
    if (letters.length !== x.rank) {
      throw opError(
        'einsum',
        `"${equation}": operand ${i} ${x.shape} has rank ${x.rank} but "${letters.join('')}" labels ${letters.length} axes`,
      );
    }
    if (new Set(letters).size !== letters.length) {
      throw opError(
        'einsum',
        `"${equation}": repeated label in "${letters.join('')}" (diagonals are not supported)`,
      );
    }
  });
  let output: string[];
  if (out === undefined) {
    const counts = new Map<string, number>();
    for (const l of inputs.flat()) counts.set(l, (counts.get(l) ?? 0) + 1);
    output = [...counts]
      .filter(([, c]) => c === 1)
      .map(([l]) => l)
      .sort();
  } else {
    output = [...out];
    if (new Set(output).size !== output.length)
      throw opError('einsum', `"${equation}": repeated output label`);
    for (const l of output) {
      if (!inputs.some((t) => t.includes(l)))
        throw opError('einsum', `"${equation}": output label "${l}" is in no operand`);
    }
  }
  return { inputs, output };
}

/** Sums away the labels no other term and not the output use. */
function sumPrivate(term: Term, keep: ReadonlySet<string>): Term {
  const axes = term.letters.flatMap((l, i) => (keep.has(l) ? [] : [i]));
  if (axes.length === 0) return term;
  return { node: reduceSum(term.node, axes), letters: term.letters.filter((l) => keep.has(l)) };
}

function toOutput(term: Term, output: readonly string[]): Node {
  return transpose(
    term.node,
    output.map((l) => term.letters.indexOf(l)),
  );
}

/**
 * Einstein summation over one or two operands, e.g. `einsum('bij,bjk->bik', a, b)` (batched matMul),
 * `einsum('ij->ji', x)`, `einsum('ij->', x)`. Labels in both operands and the output are batch axes;
 * labels in both but not the output are contracted; labels of one operand missing from the output are
 * summed. Without an arrow, the output is the labels used once, in alphabetical order. Diagonals (a label
 * repeated in one operand) and ellipses are not supported.
 */
export function einsum(equation: string, ...operands: Node[]): Node {
  graphOf('einsum', operands);
  if (operands.length > 2)
    throw opError('einsum', `takes one or two operands, got ${operands.length}; chain calls for more`);
  const { inputs, output } = parse(equation, operands);
  const sizes = new Map<string, number>();
  inputs.forEach((letters, i) => {
    letters.forEach((l, axis) => {
      const d = operands[i]!.dims[axis]!;
      const seen = sizes.get(l);
      if (seen !== undefined && seen !== d) {
        throw opError(
          'einsum',
          `"${equation}": label "${l}" has sizes ${seen} and ${d} (${operands.map((o) => o.shape.toString()).join(', ')})`,
        );
      }
      sizes.set(l, d);
    });
  });
  const outSet = new Set(output);
  if (operands.length === 1)
    return toOutput(sumPrivate({ node: operands[0]!, letters: inputs[0]! }, outSet), output);
  const [l0, r0] = inputs as [string[], string[]];
  const lhs = sumPrivate({ node: operands[0]!, letters: l0 }, new Set([...output, ...r0]));
  const rhs = sumPrivate({ node: operands[1]!, letters: r0 }, new Set([...output, ...l0]));
  const shared = lhs.letters.filter((l) => rhs.letters.includes(l));
  const batch = shared.filter((l) => outSet.has(l));
  const contracting = shared.filter((l) => !outSet.has(l));
  const product = raw.dotGeneral(lhs.node, rhs.node, {
    lhsBatchAxes: batch.map((l) => lhs.letters.indexOf(l)),
    lhsContractingAxes: contracting.map((l) => lhs.letters.indexOf(l)),
    rhsBatchAxes: batch.map((l) => rhs.letters.indexOf(l)),
    rhsContractingAxes: contracting.map((l) => rhs.letters.indexOf(l)),
  });
  const letters = [
    ...batch,
    ...lhs.letters.filter((l) => !shared.includes(l)),
    ...rhs.letters.filter((l) => !shared.includes(l)),
  ];
  return toOutput({ node: product, letters }, output);
}
