// The results: a table on the terminal, bench/results.json (everything, for machines) and
// docs/benchmarks.md (figures, machine, method, targets met or missed, and what is not measured yet).
// The document is generated in full from the results, so it never shows figures from another run.
import fs from 'node:fs';
import path from 'node:path';
import type { Dataset } from './dataset';
import type { ScaleSpec } from './scales';
import type { FloorResult } from './floor';
import type { Machine } from './machine';
import { AGING_LIMIT } from '@/lib/timeliness/dashboard';
import type { BulkResult } from './commands';
import { frontendMarkdown, frontendTargetLines, type FrontendResult } from './frontend';
import { loadMarkdown, LOAD_TARGETS, type LoadResult } from './load';
import type { PageResult } from './pages';

export interface ScaleResult extends Omit<Dataset, 'spec' | 'file'>, ScaleSpec {
  /** The database file, relative to the project. */
  database: string;
  pages: PageResult[];
  floors: FloorResult[];
  /** Dashboard page median ÷ floor median, per floor view. */
  ratios: Record<string, number>;
}

export interface Results {
  machine: Machine;
  settings: { scales: string[]; runs: number; warmups: number; port: number };
  buildSeconds: number | null;
  scales: ScaleResult[];
  /** The mixed load, at one scale (--load-scale). */
  load?: LoadResult;
  /** First-load JavaScript and Lighthouse, served from the same scale as the load. */
  frontend?: FrontendResult;
  /** The import of 100,000 requests and seed-demo. */
  bulk?: BulkResult;
}

export function scaleResult(dataset: Dataset, pages: PageResult[], floors: FloorResult[]): ScaleResult {
  const ratios: Record<string, number> = {};
  for (const f of floors) {
    const page = pages.find((p) => p.key === f.view);
    if (page) ratios[f.view] = Math.round((page.medianMs / f.floor.medianMs) * 10) / 10;
  }
  return {
    label: dataset.spec.label,
    target: dataset.spec.target,
    years: dataset.spec.years,
    perYear: dataset.spec.perYear,
    database: path.relative(process.cwd(), dataset.file),
    reused: dataset.reused,
    generationSeconds: dataset.generationSeconds,
    generatedAt: dataset.generatedAt,
    requests: dataset.requests,
    events: dataset.events,
    decided: dataset.decided,
    open: dataset.open,
    fileMegabytes: dataset.fileMegabytes,
    pages,
    floors,
    ratios,
  };
}

const ms = (v: number | undefined) => (v === undefined ? '–' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
const int = (v: number) => v.toLocaleString('en-US');

export function printTable(results: Results): void {
  for (const s of results.scales) {
    console.log(`\n${s.label}: ${int(s.requests)} requests, ${int(s.events)} events (generated in ${s.generationSeconds} s${s.reused ? ', reused' : ''})`);
    console.log(`  ${'page'.padEnd(44)} ${'median ms'.padStart(10)} ${'p95 ms'.padStart(10)}`);
    for (const p of s.pages) console.log(`  ${p.name.padEnd(44)} ${ms(p.medianMs).padStart(10)} ${ms(p.p95Ms).padStart(10)}`);
    for (const f of s.floors) {
      console.log(
        `  floor ${f.view}: SQL ${ms(f.floor.medianMs)} ms, dashboardData() ${ms(f.dashboardData.medianMs)} ms, page ÷ floor ${s.ratios[f.view] ?? '–'}` +
          (f.agrees ? '' : `  (DISAGREES with the page: ${f.differences.length} figures)`),
      );
    }
  }
  const l = results.load;
  if (l) {
    console.log(`\nmixed load (${l.dataset}, ${l.users} users, ${l.durationSeconds} s): ${l.requestsPerSecond} requests/s, p50 ${ms(l.latency.p50Ms)} / p95 ${ms(l.latency.p95Ms)} / p99 ${ms(l.latency.p99Ms)} ms, ${l.errors.total} errors, server peak ${l.serverPeakRssMb} MB`);
  }
  const b = results.bulk;
  if (b) console.log(`\nimport of ${int(b.import.requestsCreated)} requests: ${b.import.seconds} s; seed-demo: ${b.seedDemo.seconds} s`);
  const f = results.frontend;
  if (f) {
    console.log(`\n  ${'page'.padEnd(28)} ${'JS kB gz'.padStart(9)} ${'perf'.padStart(5)} ${'a11y'.padStart(5)}`);
    for (const p of f.pages) console.log(`  ${p.name.padEnd(28)} ${String(p.firstLoadJsKb).padStart(9)} ${String(p.lighthouse?.performance ?? '–').padStart(5)} ${String(p.lighthouse?.accessibility ?? '–').padStart(5)}`);
  }
}

export function writeResults(results: Results, file: string): void {
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}

// ——— docs/benchmarks.md ———

function pageOf(s: ScaleResult | undefined, key: string): PageResult | undefined {
  return s?.pages.find((p) => p.key === key);
}

function targetLines(results: Results): string[] {
  const byTarget = (n: number) => results.scales.find((s) => s.target === n);
  const lines: string[] = [];
  const at100k = byTarget(100_000);
  const dashboard = pageOf(at100k, 'dashboard_default');
  if (at100k && dashboard) {
    const d = dashboard.medianMs;
    lines.push(`| Dashboard at 100k: median ≤ 200 ms | ${ms(d)} ms | ${d <= 200 ? 'met' : `missed by ${ms(d - 200)} ms (${(d / 200).toFixed(1)}×)`} |`);
    const r = at100k.ratios.dashboard_default;
    lines.push(`| Dashboard at 100k: ≤ 2× its SQL floor | ${r}× | ${r !== undefined && r <= 2 ? 'met' : `missed: ${r}× against 2×`} |`);
  } else {
    const largest = results.scales.at(-1);
    const d = pageOf(largest, 'dashboard_default');
    const note = largest && d ? ` At the largest scale run, ${largest.label}: ${ms(d.medianMs)} ms, ${largest.ratios.dashboard_default}× its floor.` : '';
    lines.push(`| Dashboard at 100k: median ≤ 200 ms | not measured | run with \`--scales 10k,50k,100k,200k\`.${note} |`);
    lines.push(`| Dashboard at 100k: ≤ 2× its SQL floor | not measured | as above |`);
  }
  const first = results.scales[0];
  const last = results.scales.at(-1);
  if (first && last && first !== last) {
    const span = first.target === 10_000 && last.target === 200_000 ? '' : ` (measured ${first.label} → ${last.label} only; the target spans 10k → 200k)`;
    const data = last.requests / first.requests;
    for (const view of ['dashboard_default', 'dashboard_past_fy']) {
      const a = pageOf(first, view);
      const b = pageOf(last, view);
      const fa = first.floors.find((f) => f.view === view);
      const fb = last.floors.find((f) => f.view === view);
      if (!a || !b || !fa || !fb) continue;
      const grow = b.medianMs / a.medianMs;
      lines.push(
        `| Dashboard grows no faster than the data, 10k → 200k: ${b.name} | time ×${grow.toFixed(2)} for requests ×${data.toFixed(2)} ` +
          `(decided in the period ×${(fb.decided / Math.max(1, fa.decided)).toFixed(2)}, open ×${(fb.open / Math.max(1, fa.open)).toFixed(2)})${span} | ` +
          `${grow <= data ? 'met' : `missed: time grew ${(grow / data).toFixed(2)}× faster than the data`} |`,
      );
    }
  }
  const load = results.load;
  if (load) {
    const t = load.targetsMet;
    const misses = [
      t.p95 ? null : `p95 ${ms(load.latency.p95Ms)} ms against ${LOAD_TARGETS.p95Ms}`,
      t.errors ? null : `${int(load.errors.total)} errors`,
      t.throughput ? null : `${load.requestsPerSecond} requests/s against ${LOAD_TARGETS.requestsPerSecond}`,
      t.memory ? null : `${load.serverPeakRssMb} MB against ${LOAD_TARGETS.serverMb}`,
    ].filter(Boolean);
    lines.push(
      `| Mixed load (${load.dataset}, ${load.users} users, ${load.durationSeconds} s): p95 ≤ 300 ms, zero errors, ≥ 200 requests/s, server ≤ 500 MB | ` +
        `p95 ${ms(load.latency.p95Ms)} ms, ${int(load.errors.total)} errors, ${load.requestsPerSecond} requests/s, server peak ${load.serverPeakRssMb} MB | ` +
        `${misses.length === 0 ? 'met' : `missed: ${misses.join('; ')}`} |`,
    );
  } else {
    lines.push('| Mixed load: p95 ≤ 300 ms, zero errors, ≥ 200 requests/s, server ≤ 500 MB | not measured in this run | run without `--parts`, or with `--parts load` |');
  }
  const bulk = results.bulk;
  if (bulk) {
    const i = bulk.import;
    lines.push(`| Import of 100k requests ≤ 60 s | ${int(i.requestsCreated)} requests, ${int(i.eventsAdded)} events in ${i.seconds} s | ${i.seconds <= 60 ? 'met' : `missed by ${(i.seconds - 60).toFixed(1)} s (${(i.seconds / 60).toFixed(2)}×)`} |`);
    const d = bulk.seedDemo;
    lines.push(`| \`seed-demo\` ≤ 60 s | ${int(d.requests)} requests, ${int(d.events)} events in ${d.seconds} s | ${d.seconds <= 60 ? 'met' : `missed by ${(d.seconds - 60).toFixed(1)} s`} |`);
  } else {
    lines.push('| Import of 100k requests ≤ 60 s | not measured in this run | run without `--parts`, or with `--parts bulk` |');
    lines.push('| `seed-demo` ≤ 60 s | not measured in this run | as above |');
  }
  if (results.frontend) lines.push(...frontendTargetLines(results.frontend));
  else lines.push('| First-load JS and Lighthouse | not measured in this run | run without `--parts`, or with `--parts frontend` |');
  return lines;
}

function readingLines(results: Results): string[] {
  const lines: string[] = [];
  for (const s of results.scales) {
    for (const f of s.floors) {
      const page = pageOf(s, f.view);
      if (!page) continue;
      const lib = f.dashboardData.medianMs;
      const training = f.trainingPanel.medianMs;
      lines.push(
        `- ${s.label}, ${page.name} (${int(f.decided)} decided in ${f.period.from} … ${f.period.to}, ${int(f.open)} open requests with ${int(f.openEventsRead)} events): ` +
          `page ${ms(page.medianMs)} ms = dashboardData() ${ms(lib)} ms in-process (${Math.round((lib / page.medianMs) * 100)}%) + trainingPanel() ${ms(training)} ms ` +
          `+ the rest (session check, office lists, React rendering of the tables and chart, HTTP) ${ms(Math.max(0, page.medianMs - lib - training))} ms; ` +
          `the SQL floor is ${ms(f.floor.medianMs)} ms, so dashboardData() is ${(lib / f.floor.medianMs).toFixed(1)}× the floor.` +
          (f.agrees ? '' : ` **The floor disagreed with the page on ${f.differences.length} figures** (first: ${f.differences[0]}); its ratio is not trustworthy.`),
      );
    }
  }
  return lines;
}

function bulkLines(bulk: BulkResult): string[] {
  const i = bulk.import;
  const d = bulk.seedDemo;
  const memory = (mb: number | null) => (mb === null ? '' : `, peak memory ${mb} MB`);
  return [
    '## Import and seed-demo',
    '',
    `- **Import**: the oldest ${int(i.history.requests)} requests of a generated scale, exported as a history CSV in the import's own format ` +
      `(${int(i.history.rows)} rows, ${i.history.megabytes} MB; \`bench/history-export.ts\`), imported into a new database with \`${i.command}\`: ` +
      `${i.seconds} s wall time from process start, migrations included${memory(i.peakMemoryMb)}; ${int(i.requestsCreated)} requests and ` +
      `${int(i.eventsAdded)} events written, every event through the one writer in one transaction (${Math.round(i.eventsAdded / i.seconds).toLocaleString('en-US')} events/s).`,
    `- **seed-demo**: \`${d.command}\` into a new database at its default size: ${int(d.requests)} requests and ${int(d.events)} events in ${d.seconds} s${memory(d.peakMemoryMb)}.`,
  ];
}

export function writeMarkdown(results: Results, file: string): void {
  const m = results.machine;
  const scales = results.scales;
  const pageKeys = scales[0]?.pages.map((p) => p.key) ?? [];
  const out: string[] = [];
  out.push('# Benchmarks');
  out.push('');
  out.push('Generated by `npm run bench` (bench/run.ts); every figure below comes from `bench/results.json` of the same run.');
  out.push('The machines are shared and noisy: trust the ratios (page ÷ floor, growth against data) more than the milliseconds.');
  out.push('');
  out.push(`Measured ${m.date} at commit \`${m.commit.slice(0, 12)}\`${m.dirty ? ' (with uncommitted changes)' : ''} on ${m.cpus} × ${m.cpuModel}, ${m.totalMemoryGb} GB RAM, ${m.os}, Node ${m.node}; 1-minute load average ${m.loadAverage1m} when the run started.`);
  out.push('');
  out.push('## How to reproduce');
  out.push('');
  out.push('```sh');
  out.push('npm run bench                                   # everything: 10k, 50k, 100k and 200k, load, import, front end');
  out.push('npm run bench -- --scales 10k,50k --parts pages   # a quicker look: two scales, the page timings only');
  out.push('npm run bench -- --load-scale 200k --runs 40      # the load on another scale; more timed requests per page');
  out.push('npx tsx bench/generate.ts 200k                    # generate a scale ahead of time (200k takes ~10 minutes)');
  out.push('npm run bench -- --report-only                    # rewrite this page from bench/results.json');
  out.push('```');
  out.push('');
  out.push(
    'Each scale\'s database is generated once into `bench/data/<scale>.db` (gitignored) through the real code path of `npm start` ' +
      '(`prepareDatabase` → `seedDemoHistory`, which drives the one writer for every event) and reused while its fingerprint ' +
      '(size, seed, demo generator source) matches, after applying any newer migrations to it as an upgrade would; delete `bench/data/` to regenerate. The production build is made ' +
      'with `npx next build` when `.next/BUILD_ID` is older than the source, then `next start` serves each database on 127.0.0.1.',
  );
  out.push('');
  out.push('## Method');
  out.push('');
  out.push(
    `- **Pages**: the auditor, the El Paso supervisor and the DEA HQ coordinator each sign in once over HTTP (CSRF token, then the ` +
      `credentials with the notice, password and a one-time code) and reuse the session cookie. Each page is requested ` +
      `${results.settings.warmups} times untimed, then ${results.settings.runs} times, one request at a time from one client: the figure is ` +
      'the time from sending the request to receiving the last byte of the HTML. Median and p95 by nearest rank (the tracker\'s own method).',
  );
  out.push(
    '- **Floor**: the dashboard\'s figures computed by hand-written SQL (`bench/floor-sql.ts`) over the same stored tables ' +
      '(`request_timings`, `requests`, `timeliness_goals`, `designations`, `request_events`, `agents`, `offices`), prepared once and run in-process ' +
      'with better-sqlite3, timed the same way. Before timing, each figure is compared with what `dashboardData()` returns on the same ' +
      'database. It includes the stage table (n, p50, p90, max, share within each request\'s own goal version, goal in force), the headline ' +
      '(decided, granted, denied, end-to-end p50/p90 and share within goal, open, active designations), the monthly trends, the by-office and ' +
      `by-division tables (except their overdue column), training waits and approvals waiting, the first ${AGING_LIMIT} rows of the aging list, and ` +
      'reading every open request\'s events. It leaves out turning those events into business days (weekends, federal holidays, the time ' +
      'zone) for the open clocks: "overdue now", the overdue columns and each aging row\'s due date and standing. No SQL over the stored ' +
      'tables computes those (there is no holiday calendar in the database), so the floor is slightly generous to the page. ' +
      'The page\'s training panel is not in the floor either; `trainingPanel()` (memoised until the data changes) is timed on its own.',
  );
  out.push(
    '- **dashboardData()** and **trainingPanel()**: the page\'s own computations, in-process, without rendering or HTTP, timed the ' +
      'same way: they split the page time into computing the figures and everything else.',
  );
  out.push(
    `- The default dashboard shows the current fiscal year so far, which on ${m.date.slice(0, 10)} is ` +
      `${scales[0]?.floors[0] ? `${scales[0].floors[0].period.from} to today` : 'short'}; the past full fiscal year is timed too, with and without an office filter.`,
  );
  out.push('');
  out.push('## Data');
  out.push('');
  out.push('| scale | generator | requests | events | decided | open | database | generation |');
  out.push('|---|---|---:|---:|---:|---:|---:|---|');
  for (const s of scales) {
    out.push(
      `| ${s.label} | ${s.years} FY + current × ${int(s.perYear)} proposals/yr | ${int(s.requests)} | ${int(s.events)} | ${int(s.decided)} | ${int(s.open)} | ${s.fileMegabytes} MB | ` +
        `${s.generationSeconds} s (${Math.round(s.requests / s.generationSeconds)} requests/s)${s.reused ? `, generated ${s.generatedAt.slice(0, 10)} and reused` : ''} |`,
    );
  }
  if (results.buildSeconds !== null) out.push(`\nThe production build took ${results.buildSeconds} s.`);
  out.push('');
  out.push('## Pages: server response time, ms (median / p95)');
  out.push('');
  out.push(`| page | ${scales.map((s) => s.label).join(' | ')} |`);
  out.push(`|---|${scales.map(() => '---:').join('|')}|`);
  for (const key of pageKeys) {
    const name = scales[0]!.pages.find((p) => p.key === key)!.name;
    out.push(`| ${name} | ${scales.map((s) => { const p = pageOf(s, key); return p ? `${ms(p.medianMs)} / ${ms(p.p95Ms)}` : '–'; }).join(' | ')} |`);
  }
  out.push('');
  out.push('## Dashboard against its floor, ms (median)');
  out.push('');
  out.push('| scale | view | decided in period | SQL floor | dashboardData() | trainingPanel() | page | page ÷ floor | floor agrees |');
  out.push('|---|---|---:|---:|---:|---:|---:|---:|---|');
  for (const s of scales) {
    for (const f of s.floors) {
      out.push(
        `| ${s.label} | ${pageOf(s, f.view)?.name ?? f.view} | ${int(f.decided)} | ${ms(f.floor.medianMs)} | ${ms(f.dashboardData.medianMs)} | ${ms(f.trainingPanel.medianMs)} | ` +
          `${ms(pageOf(s, f.view)?.medianMs)} | ${s.ratios[f.view] ?? '–'}× | ${f.agrees ? 'yes' : `no (${f.differences.length})`} |`,
      );
    }
  }
  out.push('');
  out.push('Where the time goes:');
  out.push('');
  out.push(...readingLines(results));
  out.push('');
  out.push('## Targets (issue 7, 2-core machine)');
  out.push('');
  out.push('| target | measured | status |');
  out.push('|---|---|---|');
  out.push(...targetLines(results));
  out.push('');
  if (results.load) {
    out.push(loadMarkdown(results.load));
    out.push('');
  }
  if (results.bulk) {
    out.push(...bulkLines(results.bulk));
    out.push('');
  }
  if (results.frontend) {
    out.push(frontendMarkdown(results.frontend));
    out.push('');
  }
  // What the figures mean and why a target is missed: written by people after reading a full run, kept
  // in bench/analysis.md so a new run replaces the figures and leaves the reasoning to be re-read.
  const analysis = path.join(process.cwd(), 'bench', 'analysis.md');
  if (fs.existsSync(analysis)) {
    out.push(fs.readFileSync(analysis, 'utf8').trim());
    out.push('');
  }
  fs.writeFileSync(file, out.join('\n'));
}
