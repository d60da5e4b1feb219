// Child process of the full benchmark: sets up one peer configuration, measures every requested workload
// and prints one `RESULT <json>` line per workload on stdout (progress goes to stderr).
//
// Usage: node --conditions=@tsmlx/source --import tsx src/runPeer.ts <peer> [workload-id ...]
// Peers: tsmlx, tfjs-cpu, tfjs-wasm:1, tfjs-wasm:2, jax-js:1, jax-js:2w, ort:1, ort:2.
import { medianSeconds } from './common/measure.js';
import type { Peer } from './peers/types.js';
import { isUnsupported } from './peers/types.js';
import { reportedValue, WORKLOADS } from './workloads/spec.js';

/** One line of the child's answer. */
export interface PeerResult {
  /** Peer column name. */
  peer: string;
  /** Workload id, or `setup` for a failed setup. */
  workload: string;
  /** Reported number when measured. */
  value?: number;
  /** Table cell when not measured. */
  status?: 'n/a' | 'cannot' | 'error';
  /** Reason or error message. */
  note?: string;
  /** Peer description (on the `setup` line). */
  describe?: string;
}

async function makePeer(config: string): Promise<Peer> {
  const [name, option = '1'] = config.split(':');
  switch (name) {
    case 'tsmlx':
      return new (await import('./peers/tsmlx.js')).TsmlxPeer();
    case 'tfjs-wasm':
      return new (await import('./peers/tfjsWasm.js')).TfjsWasmPeer(Number.parseInt(option, 10));
    case 'tfjs-cpu':
      return new (await import('./peers/tfjsWasm.js')).TfjsWasmPeer(1, 'cpu');
    case 'jax-js':
      return new (await import('./peers/jaxjs.js')).JaxPeer(
        option.endsWith('w') ? Number.parseInt(option, 10) : 0,
      );
    case 'ort':
      return new (await import('./peers/onnxruntime.js')).OrtPeer(Number.parseInt(option, 10));
    default:
      throw new Error(`unknown peer ${JSON.stringify(config)}`);
  }
}

function emit(r: PeerResult): void {
  process.stdout.write(`RESULT ${JSON.stringify(r)}\n`);
}

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 200);
}

async function main(): Promise<void> {
  const [config, ...ids] = process.argv.slice(2).filter((a) => a !== '--');
  if (!config) throw new Error('usage: runPeer.ts <peer> [workload-id ...]');
  let peer: Peer;
  try {
    peer = await makePeer(config);
    await peer.setup();
  } catch (error) {
    emit({ peer: config, workload: 'setup', status: 'error', note: message(error) });
    return;
  }
  emit({ peer: peer.name, workload: 'setup', describe: peer.describe() });
  for (const spec of WORKLOADS.filter((w) => ids.length === 0 || ids.includes(w.id))) {
    try {
      const runner = await peer.prepare(spec.id);
      if (isUnsupported(runner)) {
        emit({ peer: peer.name, workload: spec.id, status: runner.status, note: runner.reason });
        continue;
      }
      const seconds = await medianSeconds(runner);
      emit({ peer: peer.name, workload: spec.id, value: reportedValue(spec, seconds) });
      process.stderr.write(`  ${peer.name}: ${spec.label} done\n`);
    } catch (error) {
      emit({ peer: peer.name, workload: spec.id, status: 'error', note: message(error) });
    }
  }
}

await main();
process.exit(0);
