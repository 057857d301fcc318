// `npm run bench`: how fast the tracker is at 10k, 50k, 100k and 200k requests,
// against the floor of what the same machine can do. Not part of `npm test`: timings on shared
// machines are noisy, and generating the data takes minutes.
//
//   1. data: one database per scale, generated through the real writer (dataset.ts), reused when unchanged;
//   2. floor: the dashboard's figures in hand-written SQL, checked against the page's own and timed (floor.ts);
//   3. pages: the production build served by `next start`, each page timed over HTTP (server.ts, pages.ts);
//   4. load: 50 signed-in users for 30 s from autocannon, on a copy of one scale (load.ts);
//   5. front end: first-load JavaScript and Lighthouse in the system Chromium (frontend.ts);
//   6. bulk: the import of 100,000 requests and seed-demo, as commands (commands.ts);
//   7. results: a table, bench/results.json and docs/benchmarks.md (report.ts).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildIfNeeded } from './build';
import { measureBulkCommands, type BulkResult } from './commands';
import { measureFrontend, type FrontendResult } from './frontend';
import { measureMixedLoad, type LoadResult } from './load';
import { ensureDataset, DATA_DIR, type Dataset } from './dataset';
import { measureFloor } from './floor';
import { describeMachine } from './machine';
import { ACCOUNTS, pagesFor, pastFiscalYear, timePage, type PageResult, type Who } from './pages';
import { printTable, scaleResult, writeMarkdown, writeResults, type Results, type ScaleResult } from './report';
import { DEFAULT_SCALES, scaleSpec } from './scales';
import { startServer } from './server';
import { signIn } from './session';

const WARMUPS = 3;
const PARTS = ['pages', 'load', 'frontend', 'bulk'] as const;
type Part = (typeof PARTS)[number];
// The yardstick for the import.
const IMPORT_REQUESTS = 100_000;

function log(line: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
}

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      scales: { type: 'string', default: DEFAULT_SCALES.join(',') },
      runs: { type: 'string', default: '20' },
      port: { type: 'string', default: '3300' },
      parts: { type: 'string', default: PARTS.join(',') },
      'load-scale': { type: 'string', default: '100k' },
    },
  });
  const parts = values.parts.split(',').map((p) => p.trim()).filter(Boolean);
  for (const part of parts) if (!(PARTS as readonly string[]).includes(part)) throw new Error(`--parts takes ${PARTS.join(', ')} (got "${part}").`);
  const runs = Number(values.runs);
  const port = Number(values.port);
  if (!Number.isInteger(runs) || runs < 20) throw new Error(`--runs must be a whole number of at least 20 (got "${values.runs}").`);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) throw new Error(`--port must be between 1024 and 65535 (got "${values.port}").`);
  const scales = values.scales.split(',').map((s) => s.trim()).filter(Boolean);
  const specs = scales.map((label) => scaleSpec(label));
  const loadScale = scaleSpec(values['load-scale']).label;
  if (!specs.some((s) => s.label === loadScale)) specs.push(scaleSpec(loadScale));
  return { scales: specs, runs, port, parts: new Set(parts as Part[]), loadScale };
}

async function timePages(dataset: Dataset, port: number, runs: number): Promise<PageResult[]> {
  const server = await startServer(dataset.file, port, path.join(DATA_DIR, `${dataset.spec.label}.server.log`));
  try {
    log(`${dataset.spec.label}: serving on ${server.baseUrl}; signing in.`);
    const cookies = new Map<Who, string>();
    for (const who of Object.keys(ACCOUNTS) as Who[]) cookies.set(who, await signIn(server.baseUrl, dataset.file, ACCOUNTS[who]));
    const results: PageResult[] = [];
    for (const page of pagesFor(dataset.file)) {
      const result = await timePage(server.baseUrl, page, cookies.get(page.who)!, runs, WARMUPS);
      log(`${dataset.spec.label}: ${page.name}: median ${result.medianMs} ms, p95 ${result.p95Ms} ms`);
      results.push(result);
    }
    return results;
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  // Re-reading bench/results.json writes docs/benchmarks.md again without measuring (after editing
  // bench/analysis.md, say).
  if (process.argv.includes('--report-only')) {
    const results = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'bench', 'results.json'), 'utf8')) as Results;
    writeMarkdown(results, path.join(process.cwd(), 'docs', 'benchmarks.md'));
    log('Wrote docs/benchmarks.md from bench/results.json.');
    return;
  }
  const { scales, runs, port, parts, loadScale } = options();
  const machine = describeMachine();
  log(`${machine.cpus} × ${machine.cpuModel}, ${machine.totalMemoryGb} GB, Node ${machine.node}; scales ${scales.map((s) => s.label).join(', ')}; ${[...parts].join(', ')}.`);

  // Data first: a failure there should not wait behind a build.
  const datasets = scales.map((spec) => ensureDataset(spec, log));
  const buildSeconds = buildIfNeeded(log);

  const done: ScaleResult[] = [];
  if (parts.has('pages')) {
    for (const dataset of datasets) {
      // The floor runs with no server competing for the CPU.
      log(`${dataset.spec.label}: timing the SQL floor and dashboardData() in-process…`);
      const floors = measureFloor(
        dataset.file,
        [
          { view: 'dashboard_default', filters: {} },
          { view: 'dashboard_past_fy', filters: { fy: pastFiscalYear() } },
        ],
        runs,
        WARMUPS,
      );
      for (const f of floors) if (!f.agrees) log(`${dataset.spec.label}: WARNING the floor disagrees with the page (${f.view}): ${f.differences.join('; ')}`);
      const pages = await timePages(dataset, port, runs);
      done.push(scaleResult(dataset, pages, floors));
    }
  }

  const loadDataset = datasets.find((d) => d.spec.label === loadScale)!;
  let load: LoadResult | undefined;
  if (parts.has('load')) {
    log(`load: 50 users for 30 s on a copy of ${loadDataset.spec.label}…`);
    load = await measureMixedLoad({ datasetFile: loadDataset.file, port, log });
  }

  let frontend: FrontendResult | undefined;
  if (parts.has('frontend')) {
    const server = await startServer(loadDataset.file, port, path.join(DATA_DIR, `${loadDataset.spec.label}.frontend.server.log`));
    try {
      log(`front end: first-load JavaScript and Lighthouse on ${loadDataset.spec.label}…`);
      // Desktop only: the tracker's users work at office desktops, and the mobile runs double the time.
      frontend = await measureFrontend({ baseUrl: server.baseUrl, databaseFile: loadDataset.file, log, mobile: false, lighthousePages: 'all' });
    } finally {
      await server.stop();
    }
  }

  let bulk: BulkResult | undefined;
  if (parts.has('bulk')) {
    // The oldest 100,000 requests of the smallest scale that has them (generating one only if none does).
    const source = datasets.find((d) => d.requests >= IMPORT_REQUESTS) ?? ensureDataset(scaleSpec('200k'), log);
    bulk = measureBulkCommands(source.file, IMPORT_REQUESTS, path.join(DATA_DIR, 'bulk'), log);
  }

  const results: Results = {
    machine,
    settings: { scales: scales.map((s) => s.label), runs, warmups: WARMUPS, port },
    buildSeconds,
    scales: done,
    load,
    frontend,
    bulk,
  };
  printTable(results);
  writeResults(results, path.join(process.cwd(), 'bench', 'results.json'));
  writeMarkdown(results, path.join(process.cwd(), 'docs', 'benchmarks.md'));
  log('Wrote bench/results.json and docs/benchmarks.md.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
