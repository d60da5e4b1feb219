// The full benchmark: tsmlx side by side with every peer on this machine, each peer configuration in its own
// child process (src/runPeer.ts), then one table of numbers and one of ratios tsmlx/peer.
//
// Run: pnpm --filter @tsmlx/bench bench:full [-- --threads 1|2] [-- --peers tsmlx,ort:1] [-- matmul fma]
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { fmt3, markdownTable } from './common/table.js';
import type { PeerResult } from './runPeer.js';
import { higherIsBetter, WORKLOADS, type WorkloadSpec } from './workloads/spec.js';

/** Peer configurations, in column order (`name:option`, see runPeer.ts). */
const ALL_PEERS = [
  'tsmlx',
  'tfjs-cpu',
  'tfjs-wasm:1',
  'tfjs-wasm:2',
  'jax-js:1',
  'jax-js:2w',
  'ort:1',
  'ort:2',
];

interface Options {
  threads: number;
  peers: string[];
  workloads: string[];
}

function parseArgs(argv: string[]): Options {
  const options: Options = { threads: 1, peers: ALL_PEERS, workloads: [] };
  const args = argv.filter((a) => a !== '--');
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--threads') options.threads = Number.parseInt(args[++i] ?? '', 10);
    else if (a === '--peers') options.peers = (args[++i] ?? '').split(',').filter(Boolean);
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}; options: --threads N, --peers a,b`);
    else options.workloads.push(a);
  }
  if (!Number.isInteger(options.threads) || options.threads < 1) throw new Error('--threads must be ≥ 1');
  const ids = WORKLOADS.map((w) => w.id as string);
  for (const w of options.workloads)
    if (!ids.includes(w)) throw new Error(`unknown workload ${w}; ${ids.join(', ')}`);
  return options;
}

/** Runs one peer configuration in a child process and collects its RESULT lines. */
function runChild(peer: string, options: Options): Promise<PeerResult[]> {
  const script = fileURLToPath(new URL('./runPeer.ts', import.meta.url));
  const env = { ...process.env };
  if (peer === 'tsmlx' && env.TSMLX_BACKEND === undefined)
    env.TSMLX_BACKEND = `simple:threads=${options.threads}`;
  const child = spawn(process.execPath, [...process.execArgv, script, peer, ...options.workloads], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const results: PeerResult[] = [];
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('RESULT ')) results.push(JSON.parse(line.slice(7)) as PeerResult);
      else if (line.trim()) process.stderr.write(`  [${peer}] ${line}\n`);
    }
  });
  return new Promise((resolve) => {
    child.on('close', (code) => {
      if (code !== 0)
        results.push({ peer, workload: 'setup', status: 'error', note: `child exited with ${code}` });
      resolve(results);
    });
  });
}

function cell(r: PeerResult | undefined): string {
  if (!r) return '-';
  if (r.value !== undefined) return fmt3(r.value);
  return r.status ?? '-';
}

/** tsmlx speed / peer speed: >1 means tsmlx is faster (for latency: peer ms / tsmlx ms). */
function ratio(spec: WorkloadSpec, ours: PeerResult | undefined, theirs: PeerResult | undefined): string {
  if (ours?.value === undefined || theirs?.value === undefined) return theirs?.status ?? '-';
  const r = higherIsBetter(spec) ? ours.value / theirs.value : theirs.value / ours.value;
  return `${fmt3(r)}×`;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const specs = WORKLOADS.filter((w) => options.workloads.length === 0 || options.workloads.includes(w.id));
  const started = performance.now();
  const load0 = loadavg()[0]!;
  console.log(`node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} CPUs`);
  const all: PeerResult[] = [];
  for (const peer of options.peers) {
    process.stderr.write(`running ${peer} ...\n`);
    all.push(...(await runChild(peer, options)));
  }
  const columns: string[] = [];
  const describe: string[] = [];
  const notes = new Map<string, string>();
  for (const r of all) {
    if (!columns.includes(r.peer)) columns.push(r.peer);
    if (r.workload === 'setup' && r.describe) describe.push(`  ${r.peer}: ${r.describe}`);
    if (r.note) notes.set(`${r.peer} ${r.workload}`, r.note);
  }
  const find = (peer: string, id: string) => all.find((r) => r.peer === peer && r.workload === id);
  const setupFailed = columns.filter((p) => find(p, 'setup')?.status === 'error');
  console.log(`\nconfigurations:\n${describe.join('\n')}`);
  const values: string[][] = [['workload', 'unit', ...columns]];
  for (const spec of specs) {
    values.push([
      spec.label,
      spec.unit,
      ...columns.map((p) => (setupFailed.includes(p) ? 'error' : cell(find(p, spec.id)))),
    ]);
  }
  console.log(`\nmedian of timed runs (after warm-up); ms: lower is better, others higher\n`);
  console.log(markdownTable(values));
  const peers = columns.filter((p) => p !== 'tsmlx');
  if (columns.includes('tsmlx') && peers.length > 0) {
    const ratios: string[][] = [['workload', ...peers.map((p) => `tsmlx/${p}`)]];
    for (const spec of specs) {
      ratios.push([spec.label, ...peers.map((p) => ratio(spec, find('tsmlx', spec.id), find(p, spec.id)))]);
    }
    console.log(`\nspeed ratio tsmlx/peer (>1: tsmlx faster; latency: peer ms / tsmlx ms)\n`);
    console.log(markdownTable(ratios));
  }
  if (notes.size > 0) {
    console.log('\nnotes:');
    for (const [key, note] of notes) console.log(`  ${key}: ${note}`);
  }
  const load1 = loadavg()[0]!;
  console.log(
    `\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s; 1-min load average ${load0.toFixed(1)} before, ${load1.toFixed(1)} after (${cpus().length} CPUs: numbers are noisy when it exceeds that)`,
  );
}

await main();
