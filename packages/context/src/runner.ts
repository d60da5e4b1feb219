import type { Backend, Executable } from '@tsmlx/backends';
import { type Graph, type Node, Tensor } from '@tsmlx/graph';
import { graphState } from './graphState.js';
import type { Variable } from './variable.js';

/** A graph compiled with its variable bookkeeping. @internal */
export interface CompiledContextGraph {
  /** The graph. */
  graph: Graph;
  /** The compiled program. */
  executable: Executable;
  /** Number of user inputs (the first parameters). */
  inputCount: number;
  /** Variables fed as the parameters after the user inputs, in parameter order. */
  variableInputs: Variable[];
  /** Variables written back, from the outputs after the user outputs. */
  updated: Variable[];
  /** Number of user outputs (the first outputs). */
  outputCount: number;
}

/**
 * Compiles `g` (whose first `inputCount` parameters are user inputs and the rest variables it reads) with the
 * user `outputs` followed by the new values of the variables it updates. @internal
 */
export function compileContextGraph(
  backend: Backend,
  g: Graph,
  inputCount: number,
  outputs: readonly Node[],
): CompiledContextGraph {
  const state = graphState(g);
  const variableInputs = [...state.inputs.keys()];
  const expected = [...g.parameters.slice(0, inputCount), ...state.inputs.values()];
  if (g.parameters.length !== expected.length || g.parameters.some((p, i) => p !== expected[i])) {
    throw new Error(
      `graph "${g.name}": its parameters must be the ${inputCount} inputs followed by the variables it reads; ` +
        'do not add parameters with graph.parameter() inside a context graph function (use variables)',
    );
  }
  const updated = [...state.updates.keys()];
  const all = [...outputs, ...updated.map((v) => state.updates.get(v)!)];
  const executable = g.compile(backend, all);
  return { graph: g, executable, inputCount, variableInputs, updated, outputCount: outputs.length };
}

/**
 * Runs a compiled context graph: feeds `inputs` then the variables' values, writes the updated variables back
 * (their old buffers are donated to the backend) and returns the user outputs. Variables must be initialized.
 * @internal
 */
export function runContextGraph(
  backend: Backend,
  compiled: CompiledContextGraph,
  inputs: readonly Tensor[],
): Tensor[] {
  const missing = compiled.variableInputs.filter((v) => !v.initialized);
  if (missing.length > 0) {
    throw new Error(
      `graph "${compiled.graph.name}" reads uninitialized variables: ${missing.map((v) => v.path).join(', ')}`,
    );
  }
  const valueTensors = compiled.variableInputs.map((v) => v.value!);
  const buffers = [
    ...inputs.map((t) => t.bufferFor(backend)),
    ...valueTensors.map((t) => t.bufferFor(backend)),
  ];
  const updatedSet = new Set(compiled.updated);
  const donate = [
    ...inputs.map(() => false),
    ...compiled.variableInputs.map((v, i) => updatedSet.has(v) && !inputs.includes(valueTensors[i]!)),
  ];
  const results = compiled.executable
    .execute(buffers, donate)
    .map((buffer) => Tensor.fromBuffer(buffer, backend));
  compiled.updated.forEach((v, i) => {
    v.replaceValue(results[compiled.outputCount + i]);
  });
  return results.slice(0, compiled.outputCount);
}
