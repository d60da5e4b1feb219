// What every peer implements: a setup, then one runner per workload (or the reason it has none).
import type { WorkloadId } from '../workloads/spec.js';

/** One run of a workload; may be async (peers whose work finishes on other threads). */
export type Runner = () => void | Promise<void>;

/** Why a peer has no number for a workload: `n/a` (not applicable) or `cannot` (the peer fails at it). */
export interface Unsupported {
  /** Table cell. */
  status: 'n/a' | 'cannot';
  /** One-line reason, printed under the table. */
  reason: string;
}

/** A framework configuration measured in one child process. */
export interface Peer {
  /** Column name, e.g. `tfjs-wasm 2t`. */
  readonly name: string;
  /** Version and settings actually in effect (after setup), printed above the table. */
  describe(): string;
  /** Starts the framework (load wasm, start threads). */
  setup(): Promise<void>;
  /** Builds the runner of a workload (compile, allocate inputs) or says why there is none. */
  prepare(id: WorkloadId): Promise<Runner | Unsupported>;
}

/** True for the {@link Unsupported} answer of {@link Peer.prepare}. */
export function isUnsupported(x: Runner | Unsupported): x is Unsupported {
  return typeof x !== 'function';
}
