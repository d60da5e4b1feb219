// Times the tsmlx training steps of the full benchmark outside the harness (for profiling):
//   node --conditions=@tsmlx/source --import tsx src/profileTrain.ts [mlpTrain|cnnTrain] [steps]
// With TSMLX_PROFILE=1 the backend prints the time per plan step label at exit (steady state only).
import { TsmlxPeer } from './peers/tsmlx.js';
import type { WorkloadId } from './workloads/spec.js';

const id = (process.argv[2] ?? 'mlpTrain') as WorkloadId;
const steps = Number(process.argv[3] ?? 50);
const peer = new TsmlxPeer();
await peer.setup();
const run = await peer.prepare(id);
if (typeof run !== 'function') throw new Error(`${id}: unsupported`);
for (let i = 0; i < 3; i++) await run();
const { resetProfile } = await import('../../packages/backend-simple/src/plan/profile.js');
resetProfile();
const start = performance.now();
for (let i = 0; i < steps; i++) await run();
const ms = performance.now() - start;
console.log(
  `${peer.describe()} ${id}: ${(ms / steps).toFixed(2)} ms/step, ${((1000 * steps) / ms).toFixed(1)} steps/s`,
);
