// Runs the MNIST example: node --conditions=@tsmlx/source --import tsx examples/mnist/src/main.ts --model cnn
import { parseArgs } from 'node:util';
import { trainMnist } from './train.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'mlp' },
    epochs: { type: 'string', default: '2' },
    'batch-size': { type: 'string', default: '128' },
    backend: { type: 'string' },
    set: { type: 'string' },
    out: { type: 'string', default: 'runs/mnist' },
  },
});
const result = await trainMnist({
  model: values.model,
  epochs: Number(values.epochs),
  batchSize: Number(values['batch-size']),
  ...(values.backend && { backend: values.backend }),
  ...(values.set && { params: values.set }),
  out: values.out,
});
console.log(
  `test accuracy ${(result.testAccuracy * 100).toFixed(2)}% after ${result.steps} steps in ${result.trainSeconds.toFixed(1)} s ` +
    `(${result.stepsPerSecond.toFixed(1)} steps/s)`,
);
