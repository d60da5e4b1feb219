// Browser check of @tsmlx/backend-simple (issue 8): bundles page.ts and worker.ts with esbuild (workspace
// packages from source), serves them from a local HTTP server once without and once with cross-origin
// isolation headers (COOP same-origin + COEP require-corp), then twice under a strict Content-Security-Policy
// (no 'unsafe-eval'; with and without 'wasm-unsafe-eval'), opens each page in headless Chromium, and
// prints the checks and a matmul GFLOP/s table the pages POST back. Exits 1 on any failed check, 0 with
// a SKIP line when Chromium is missing (set TSMLX_BROWSER_REQUIRED=1 to fail instead).
//
//   pnpm --filter @tsmlx/bench browser        (CHROMIUM_PATH overrides /usr/bin/chromium)
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { PageReport } from './checks.js';

const here = dirname(fileURLToPath(import.meta.url));
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PAGE_TIMEOUT_MS = 240_000;

/**
 * The pages: no isolation; cross-origin isolated; a strict CSP without 'unsafe-eval' but with
 * 'wasm-unsafe-eval'; a strict CSP without either (no WebAssembly compilation at all).
 */
type Mode = 'plain' | 'isolated' | 'csp' | 'csp-nowasm';

/** The Content-Security-Policy header of the CSP pages. */
const CSP: Partial<Record<Mode, string>> = {
  csp: "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:",
  'csp-nowasm': "default-src 'self'; script-src 'self'",
};

const HTML = `<!doctype html><meta charset="utf-8"><title>tsmlx browser check</title>
<script type="module" src="/page.js"></script>`;

/** Bundles page.ts and worker.ts into browser ES modules (in memory). */
async function bundle(): Promise<Map<string, string>> {
  const result = await build({
    entryPoints: { page: join(here, 'page.ts'), worker: join(here, 'worker.ts') },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    conditions: ['@tsmlx/source'],
    outdir: '/out',
    write: false,
    logLevel: 'error',
  });
  return new Map(result.outputFiles.map((f) => [`/${f.path.split('/').pop()}`, f.text]));
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
    });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

/** Serves the page and collects its report, with the response headers of `mode`. */
function serve(files: Map<string, string>, mode: Mode, onLog: (line: string) => void) {
  let deliver: (report: PageReport) => void = () => {};
  const report = new Promise<PageReport>((resolve) => {
    deliver = resolve;
  });
  const server: Server = createServer((req, res) => {
    const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
    if (mode === 'isolated') {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
    }
    const csp = CSP[mode];
    if (csp !== undefined) headers['Content-Security-Policy'] = csp;
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'POST') {
      void body(req).then((text) => {
        res.writeHead(204, headers).end();
        if (path === '/log') onLog(text);
        else if (path === '/result') deliver(JSON.parse(text) as PageReport);
      });
      return;
    }
    if (path === '/') {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }).end(HTML);
      return;
    }
    const js = files.get(path);
    if (js === undefined) {
      res.writeHead(404, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' }).end(js);
  });
  return { server, report };
}

function launch(url: string, profile: string): ChildProcess {
  const args = [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-extensions',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-timer-throttling',
    '--disable-renderer-backgrounding',
    `--user-data-dir=${profile}`,
    url,
  ];
  // Own process group, so that stopping it also stops Chromium's helper processes.
  return spawn(chromium, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
}

function stop(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}

/** Opens one page in Chromium and waits for its report. */
async function runPage(files: Map<string, string>, mode: Mode): Promise<PageReport> {
  const { server, report } = serve(files, mode, (line) => console.log(`  [${mode}] ${line}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const profile = mkdtempSync(join(tmpdir(), 'tsmlx-chromium-'));
  const child = launch(`http://127.0.0.1:${port}/?mode=${mode}`, profile);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let timer: NodeJS.Timeout | undefined;
  const failed = (error: string): PageReport => ({ page: mode, info: {}, checks: [], rows: [], error });
  try {
    return await Promise.race([
      report,
      new Promise<PageReport>((resolve) => {
        timer = setTimeout(
          () => resolve(failed(`timed out after ${PAGE_TIMEOUT_MS} ms\n${stderr}`)),
          PAGE_TIMEOUT_MS,
        );
      }),
      new Promise<PageReport>((resolve) => {
        child.on('exit', (code) => resolve(failed(`Chromium exited early (code ${code})\n${stderr}`)));
      }),
    ]);
  } finally {
    clearTimeout(timer);
    stop(child);
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.closeAllConnections();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

function printTable(reports: PageReport[]): void {
  const rows = reports.flatMap((r) => r.rows);
  if (rows.length === 0) return;
  console.log('\nmatmul f32 512x512 (GFLOP/s)');
  console.log(
    `${'where'.padEnd(28)} ${'threads'.padStart(7)} ${'relaxed'.padStart(8)} ${'median'.padStart(8)} ${'best'.padStart(8)} ${'runs'.padStart(5)}`,
  );
  for (const r of rows) {
    console.log(
      `${r.where.padEnd(28)} ${String(r.threads).padStart(7)} ${r.relaxed.padStart(8)} ${r.median.toFixed(1).padStart(8)} ${r.best.toFixed(1).padStart(8)} ${String(r.runs).padStart(5)}`,
    );
  }
}

async function main(): Promise<number> {
  if (!existsSync(chromium)) {
    const message = `browser check: ${chromium} not found (set CHROMIUM_PATH)`;
    if (process.env.TSMLX_BROWSER_REQUIRED === '1') {
      console.error(`FAIL ${message}`);
      return 1;
    }
    console.log(`SKIP ${message}`);
    return 0;
  }
  const files = await bundle();
  const reports: PageReport[] = [];
  for (const mode of ['plain', 'isolated', 'csp', 'csp-nowasm'] as const) {
    console.log(`${mode} page:`);
    reports.push(await runPage(files, mode));
  }
  let failures = 0;
  for (const r of reports) {
    console.log(`\n== ${r.page} page ==`);
    console.log(
      `  ${Object.entries(r.info)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n  ')}`,
    );
    for (const c of r.checks) {
      if (!c.ok && !c.warnOnly) failures++;
      console.log(`${c.ok ? 'PASS' : c.warnOnly ? 'WARN' : 'FAIL'} ${c.name}: ${c.detail}`);
    }
    if (r.error !== undefined) {
      failures++;
      console.log(`FAIL ${r.page} page error: ${r.error}`);
    }
  }
  printTable(reports);
  const checks = reports.flatMap((r) => r.checks);
  const required = checks.filter((c) => !c.warnOnly);
  const warned = checks.filter((c) => c.warnOnly && !c.ok).length;
  const errors = reports.filter((r) => r.error !== undefined).length;
  console.log(
    `\n${required.filter((c) => c.ok).length}/${required.length} checks passed, ${errors} page error(s), ${warned} warning(s)`,
  );
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
