// Runs the linear-regression example: node --conditions=@tsmlx/source --import tsx examples/linear/src/main.ts
import { trainLinear } from './linear.js';

await trainLinear({ out: 'runs/linear' });
