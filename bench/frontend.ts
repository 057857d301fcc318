// The front-end part of `npm run bench`: each main page's first-load JavaScript (frontend-js.ts) and
// its Lighthouse performance and accessibility scores in the system Chromium (frontend-lighthouse.ts),
// against a server already running over one scale's database. The issue's targets: first-load JS
// ≤ 200 kB gzipped on every page but the dashboard (≤ 300 kB); Lighthouse performance ≥ 90 and
// accessibility 100 on sign-in, inbox, request detail and dashboard.
import os from 'node:os';
import { FRONTEND_ACCOUNTS, frontendPagesFor, type FrontendPageSpec, type FrontendWho } from './frontend-pages';
import { GZIP_LEVEL, KB, measureFirstLoadJs, type FirstLoadJs } from './frontend-js';
import { launchChromium, lighthouseVersion, PRESETS, runLighthouse, type LighthouseSummary, type Preset } from './frontend-lighthouse';
import { signIn } from './session';

export type { LighthouseSummary } from './frontend-lighthouse';

export interface FrontendPageResult extends FrontendPageSpec, FirstLoadJs {
  /** In the primary preset (desktop). */
  lighthouse?: LighthouseSummary;
  /** Lighthouse's default (mobile) preset, when measured. */
  lighthouseMobile?: LighthouseSummary;
}

export interface FrontendResult {
  pages: FrontendPageResult[];
  lighthouseVersion: string;
  chromium: string;
  /** The preset the `lighthouse` figures and the targets use. */
  preset: string;
  /** Set when the mobile default was measured too (`lighthouseMobile`). */
  mobilePreset?: string;
  lighthouseRuns: number;
  /** 1-minute load average before and after the Lighthouse runs: above the core count, something else was busy. */
  loadAverage1m: { before: number; after: number };
  gzipLevel: number;
  /** Bytes in the kB the figures are given in. */
  kilobyte: number;
  seconds: number;
}

export interface FrontendOptions {
  baseUrl: string;
  databaseFile: string;
  log: (line: string) => void;
  /** Only these pages (keys from frontend-pages.ts), for a quick look at one; default all ten. */
  only?: string[];
  /** Runs per page and preset; odd, for a median run. Default 3. */
  lighthouseRuns?: number;
  /** Which pages Lighthouse measures: the issue's four, or all ten. Default all. */
  lighthousePages?: 'targets' | 'all';
  /** Also run Lighthouse's mobile default on the issue's four pages. Default true. */
  mobile?: boolean;
  /**
   * Session cookies already held for this server (e.g. from timing the pages): reused, since each
   * new sign-in of the same account must wait for a fresh one-time code.
   */
  cookies?: Partial<Record<Exclude<FrontendWho, 'anonymous'>, string>>;
}

const loadAverage = () => Math.round(os.loadavg()[0]! * 100) / 100;

/** Signs each viewer in once (a one-time code works once per 30-second step) and keeps the cookie. */
async function sessionsFor(pages: FrontendPageSpec[], opts: FrontendOptions): Promise<Map<FrontendWho, string | undefined>> {
  const cookies = new Map<FrontendWho, string | undefined>([['anonymous', undefined], ...Object.entries(opts.cookies ?? {})] as Array<[FrontendWho, string]>);
  for (const { who } of pages) {
    if (cookies.has(who) || who === 'anonymous') continue;
    cookies.set(who, await signIn(opts.baseUrl, opts.databaseFile, FRONTEND_ACCOUNTS[who]));
  }
  return cookies;
}

export async function measureFrontend(opts: FrontendOptions): Promise<FrontendResult> {
  const { baseUrl, databaseFile, log } = opts;
  const runs = opts.lighthouseRuns ?? 3;
  const started = performance.now();
  const specs = frontendPagesFor(databaseFile).filter((p) => !opts.only || opts.only.includes(p.key));
  const cookies = await sessionsFor(specs, opts);

  const pages: FrontendPageResult[] = [];
  for (const spec of specs) {
    const js = await measureFirstLoadJs(baseUrl, spec.path, cookies.get(spec.who));
    log(`frontend: ${spec.name}: first-load JS ${js.firstLoadJsKb} kB gzipped in ${js.scripts} scripts`);
    pages.push({ ...spec, ...js });
  }

  const loadBefore = loadAverage();
  const browser = await launchChromium();
  try {
    const presets: Preset[] = opts.mobile === false ? ['desktop'] : ['desktop', 'mobile'];
    for (const page of pages) {
      for (const preset of presets) {
        // The mobile default is for information on the issue's four pages only: it costs a run each.
        if (!(page.lighthouseTarget || (preset === 'desktop' && opts.lighthousePages !== 'targets'))) continue;
        const summary = await runLighthouse(browser, baseUrl + page.path, cookies.get(page.who), preset, runs, log);
        if (preset === 'desktop') page.lighthouse = summary;
        else page.lighthouseMobile = summary;
        log(
          `frontend: ${page.name}: Lighthouse ${preset} performance ${summary.performance} (runs ${summary.performanceRuns.join(', ')}), ` +
            `accessibility ${summary.accessibility}${summary.failedAudits.length ? `; failed: ${summary.failedAudits.join('; ')}` : ''}`,
        );
      }
    }
    return {
      pages,
      lighthouseVersion: lighthouseVersion(),
      chromium: browser.version,
      preset: PRESETS.desktop.describe,
      ...(presets.includes('mobile') ? { mobilePreset: PRESETS.mobile.describe } : {}),
      lighthouseRuns: runs,
      loadAverage1m: { before: loadBefore, after: loadAverage() },
      gzipLevel: GZIP_LEVEL,
      kilobyte: KB,
      seconds: Math.round((performance.now() - started) / 1000),
    };
  } finally {
    browser.close();
  }
}

// ——— docs/benchmarks.md ———

const WHO_LABEL: Record<FrontendWho, string> = {
  anonymous: 'not signed in',
  auditor: 'auditor',
  supervisor: 'supervisor (HSI El Paso)',
  deaHq: 'DEA HQ coordinator',
  admin: 'administrator',
};

const PERFORMANCE_TARGET = 90;
const ACCESSIBILITY_TARGET = 100;

const withinBudget = (p: FrontendPageResult) => p.firstLoadJsKb <= p.budgetKb;
const meetsLighthouse = (s: LighthouseSummary | undefined) => s !== undefined && s.performance >= PERFORMANCE_TARGET && s.accessibility >= ACCESSIBILITY_TARGET;

/** Rows for the targets table (`| target | measured | verdict |`). */
export function frontendTargetLines(result: FrontendResult): string[] {
  const over = result.pages.filter((p) => !withinBudget(p));
  const dashboard = result.pages.find((p) => p.key === 'dashboard');
  const others = result.pages.filter((p) => p.key !== 'dashboard').sort((a, b) => b.firstLoadJsKb - a.firstLoadJsKb)[0];
  const targets = result.pages.filter((p) => p.lighthouseTarget);
  const missed = targets.filter((p) => !meetsLighthouse(p.lighthouse));
  return [
    `| First-load JS ≤ 200 kB (dashboard ≤ 300 kB) gzipped | dashboard ${dashboard?.firstLoadJsKb ?? '–'} kB; heaviest other page ${others ? `${others.name}, ${others.firstLoadJsKb} kB` : '–'} | ` +
      `${over.length === 0 ? 'met' : `missed: ${over.map((p) => `${p.name} ${p.firstLoadJsKb} kB against ${p.budgetKb}`).join('; ')}`} |`,
    `| Lighthouse performance ≥ 90, accessibility 100 (${result.preset.split(' ')[0]}) | ` +
      `${targets.map((p) => `${p.name}: ${p.lighthouse ? `${p.lighthouse.performance} / ${p.lighthouse.accessibility}` : 'not measured'}`).join('; ')} | ` +
      `${targets.some((p) => !p.lighthouse) ? 'not measured on every page' : missed.length === 0 ? 'met' : `missed on ${missed.map((p) => p.name).join(', ')}`} |`,
  ];
}

/**
 * Lighthouse simulates the network but takes CPU time as measured here (times 4 on mobile), so another
 * busy process lowers the scores, the mobile ones most: say how busy the machine was.
 */
function contentionLine(result: FrontendResult): string {
  const indexes = result.pages.flatMap((p) => [p.lighthouse, p.lighthouseMobile]).flatMap((s) => (s ? [s.benchmarkIndex] : []));
  const range = indexes.length ? `${Math.min(...indexes)}–${Math.max(...indexes)}` : '–';
  return (
    `- **Machine load**: 1-minute load average ${result.loadAverage1m.before} before the Lighthouse runs and ${result.loadAverage1m.after} after; ` +
    `Lighthouse's CPU benchmark index (higher is faster; it falls when something else is busy) ${range} across the reported runs. ` +
    'Lighthouse times the CPU work on this machine, so contention lowers the scores, the mobile ones (4× CPU slowdown) most.'
  );
}

/** What every page loads alike (React, the Next.js runtime, the layout) and what each page adds. */
function sharedAndOwn(pages: FrontendPageResult[]): string[] {
  // With one page measured, "shared" would mean everything it loads.
  if (pages.length < 2) return [];
  const shared = pages[0]!.files.filter((f) => pages.every((p) => p.files.some((g) => g.file === f.file)));
  const sharedKb = Math.round(shared.reduce((t, f) => t + f.gzipKb, 0) * 10) / 10;
  const lines = [
    `Every page loads the same ${shared.length} scripts, ${sharedKb} kB (React and React DOM, the Next.js runtime, the layout's client components); ` +
      `the largest: ${shared.slice(0, 3).map((f) => `${f.file} ${f.gzipKb} kB`).join(', ')}. What each page adds:`,
    '',
  ];
  for (const p of pages) {
    const own = p.files.filter((f) => !shared.some((g) => g.file === f.file));
    const ownKb = Math.round(own.reduce((t, f) => t + f.gzipKb, 0) * 10) / 10;
    lines.push(`- ${p.name}: ${own.length ? `${ownKb} kB (${own.map((f) => `${f.file} ${f.gzipKb} kB`).join(', ')})` : 'nothing'}`);
  }
  return lines;
}

export function frontendMarkdown(result: FrontendResult): string {
  const mobile = result.pages.some((p) => p.lighthouseMobile);
  const out: string[] = [];
  out.push('## First-load JavaScript and Lighthouse');
  out.push('');
  out.push(
    `- **First-load JS**: each page's HTML is fetched as the viewer named below (what is rendered decides which client chunks it references), ` +
      'and every script it loads is collected: `<script src>` tags and `<link rel="modulepreload">` / `<link rel="preload" as="script">` hints. ' +
      `Each distinct script is fetched once, gzipped with zlib at level ${result.gzipLevel} (as Next's build summary measured it), and the sizes summed; ` +
      `1 kB = ${result.kilobyte} bytes. Left out: \`<script nomodule>\` (Next's legacy polyfills, ${result.pages[0]?.noModuleKb ?? '–'} kB, which browsers with ` +
      'module support neither download nor run) and the inline scripts, which carry the page\'s data (the React Server Components payload, its own column), not code.',
  );
  out.push(
    `- **Lighthouse** ${result.lighthouseVersion}, performance and accessibility categories only, in the system Chromium (reports itself as ${result.chromium}; ` +
      '`/usr/bin/chromium --headless=new --no-sandbox --disable-background-networking --disable-gpu`, launched once by chrome-launcher), ' +
      `preset ${result.preset}. The viewer's session cookie is sent as an extra header. Each page runs ${result.lighthouseRuns} time${result.lighthouseRuns === 1 ? '' : 's'}; ` +
      'the run with the median performance score is reported whole (its FCP, LCP, TBT and CLS), and every run\'s score is in `bench/results.json`; accessibility is the lowest of the runs. ' +
      'Lighthouse clears the cache before each run, so every figure is a cold first load, with the server\'s real response time in it.' +
      (mobile ? ` The last column is Lighthouse's default preset, ${result.mobilePreset}, for information: the tracker's users work at desktops.` : ''),
  );
  out.push(contentionLine(result));
  out.push('');
  out.push(
    `| page | viewer | first-load JS kB (budget) | scripts | RSC payload kB | performance | accessibility | FCP ms | LCP ms | TBT ms | CLS |${mobile ? ' performance (mobile) |' : ''}`,
  );
  out.push(`|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|${mobile ? '---:|' : ''}`);
  for (const p of result.pages) {
    const l = p.lighthouse;
    const cells = [
      `${p.name}${p.lighthouseTarget ? ' *' : ''}`,
      WHO_LABEL[p.who],
      `${p.firstLoadJsKb} (${p.budgetKb})${withinBudget(p) ? '' : ' **over**'}`,
      String(p.scripts),
      String(p.inlineScriptKb),
      l ? `${l.performance}${l.performance < PERFORMANCE_TARGET ? ' **<90**' : ''}` : '–',
      l ? `${l.accessibility}${l.accessibility < ACCESSIBILITY_TARGET ? ' **<100**' : ''}` : '–',
      l ? String(l.fcpMs) : '–',
      l ? String(l.lcpMs) : '–',
      l ? String(l.tbtMs) : '–',
      l ? l.cls.toFixed(3) : '–',
      ...(mobile ? [p.lighthouseMobile ? String(p.lighthouseMobile.performance) : '–'] : []),
    ];
    out.push(`| ${cells.join(' | ')} |`);
  }
  out.push('');
  out.push('\\* the issue\'s Lighthouse targets: performance ≥ 90 and accessibility 100.');
  const notes: string[] = [];
  for (const p of result.pages) {
    for (const [label, s] of [['', p.lighthouse], [' (mobile)', p.lighthouseMobile]] as const) {
      if (!s) continue;
      if (s.failedAudits.length) notes.push(`- ${p.name}${label}: accessibility audits failed: ${s.failedAudits.join('; ')}.`);
      if (s.performance < PERFORMANCE_TARGET) notes.push(`- ${p.name}${label}: performance ${s.performance} (runs ${s.performanceRuns.join(', ')}); audits below 0.9: ${s.performanceIssues.join('; ') || 'none'}.`);
      if (s.warnings.length) notes.push(`- ${p.name}${label}: Lighthouse warned: ${s.warnings.join('; ')}.`);
    }
  }
  if (notes.length) out.push('', ...notes);
  out.push('', ...sharedAndOwn(result.pages));
  return `${out.join('\n')}\n`;
}
