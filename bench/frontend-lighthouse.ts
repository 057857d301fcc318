// Lighthouse (performance and accessibility only) in the system Chromium, driven programmatically.
// One headless Chromium serves every run: Lighthouse clears the cache and storage before each
// navigation, so runs do not warm each other, and a browser per run would add its start-up to every
// run on a two-core machine. The session travels as an extra Cookie header on every request the page makes
// (Lighthouse's reset clears the browser's own cookies, never the extra headers).
// Lighthouse itself runs in a child Node process (frontend-lighthouse-child.mjs says why), one per run.
// Lighthouse scores are noisy: each page runs an odd number of times and the run with the median
// performance score is reported whole (its metrics, not medians of each metric taken from different
// runs), with every run's score kept beside it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import type { Result } from 'lighthouse';

export const CHROMIUM_PATH = '/usr/bin/chromium';
// Headless without a sandbox (root in a container), and nothing that talks to the internet.
const CHROMIUM_FLAGS = ['--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-gpu'];

export type Preset = 'desktop' | 'mobile';
export const PRESETS: Record<Preset, { describe: string }> = {
  // The tracker's users work at office desktops: Lighthouse's desktop configuration (1350×940 screen,
  // simulated 40 ms RTT and 10 Mbit/s, no CPU slowdown).
  desktop: { describe: 'desktop (lighthouse/core/config/desktop-config.js: 1350×940, simulated 40 ms RTT, 10 Mbit/s, no CPU slowdown)' },
  // Lighthouse's default: a mid-range phone on slow 4G (simulated 150 ms RTT, 1.6 Mbit/s, 4× CPU slowdown).
  mobile: { describe: 'mobile (the Lighthouse default: 412×823, simulated slow 4G, 150 ms RTT, 1.6 Mbit/s, 4× CPU slowdown)' },
};

export interface LighthouseSummary {
  /** 0–100, the median run's. */
  performance: number;
  /** 0–100, the lowest of the runs (it should not vary). */
  accessibility: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  speedIndexMs: number;
  /** Every run's performance score, in run order. */
  performanceRuns: number[];
  /** Accessibility audits failed in any run: "id: title (n elements)". */
  failedAudits: string[];
  /** In the median run, performance audits scoring below 0.9 (metrics and diagnostics) with their values. */
  performanceIssues: string[];
  /**
   * Lighthouse's measure of the machine's CPU speed in the median run (higher is faster). The scores
   * rest on CPU time measured on this machine, so a low index (another process busy) lowers them.
   */
  benchmarkIndex: number;
  /** Lighthouse's own warnings (for instance a redirect, or a page that would not settle). */
  warnings: string[];
}

export interface Browser {
  port: number;
  /** The browser's own name for itself (Chromium reports "Chrome/156.0.8078.79"). */
  version: string;
  close(): void;
}

export async function launchChromium(): Promise<Browser> {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROMIUM_FLAGS, logLevel: 'silent' });
  try {
    const info = (await (await fetch(`http://127.0.0.1:${chrome.port}/json/version`)).json()) as { Browser: string };
    return { port: chrome.port, version: info.Browser, close: () => chrome.kill() };
  } catch (error) {
    chrome.kill();
    throw error;
  }
}

/** The installed Lighthouse (run from the repository root, as every bench module is). */
export function lighthouseVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(process.cwd(), 'node_modules', 'lighthouse', 'package.json'), 'utf8')) as { version: string }).version;
}

const score = (value: number | null | undefined) => Math.round((value ?? 0) * 100);

const CHILD = path.join(process.cwd(), 'bench', 'frontend-lighthouse-child.mjs');
const RUN_TIMEOUT_MS = 300_000;

/** One run in a child Node process; the job goes on stdin so the session cookie never shows in `ps` or an error message. */
function runChild(job: { port: number; url: string; cookie: string | undefined; preset: Preset }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD], { stdio: ['pipe', 'pipe', 'pipe'], timeout: RUN_TIMEOUT_MS });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(Buffer.concat(stdout).toString('utf8'));
      else reject(new Error(`Lighthouse on ${job.url} exited with ${signal ?? code}: ${stderr.trim().split('\n').slice(-3).join(' ')}`));
    });
    child.stdin.end(JSON.stringify(job));
  });
}

async function runOnce(browser: Browser, url: string, cookie: string | undefined, preset: Preset): Promise<Result> {
  const lhr = JSON.parse(await runChild({ port: browser.port, url, cookie, preset })) as Result | null;
  if (!lhr) throw new Error(`Lighthouse returned nothing for ${url}.`);
  if (lhr.runtimeError) throw new Error(`Lighthouse could not load ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  // A lost session shows as a redirect to the sign-in page, which would score the wrong page.
  if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(url).pathname) throw new Error(`Lighthouse was sent from ${url} to ${lhr.finalDisplayedUrl}; is the session valid?`);
  return lhr;
}

function failedAccessibilityAudits(lhr: Result): string[] {
  return (lhr.categories.accessibility?.auditRefs ?? [])
    .map((ref) => lhr.audits[ref.id]!)
    .filter((audit) => audit.score !== null && audit.score < 1)
    .map((audit) => {
      const items = audit.details && 'items' in audit.details ? audit.details.items.length : 0;
      return `${audit.id}: ${audit.title}${items ? ` (${items} element${items === 1 ? '' : 's'})` : ''}`;
    });
}

// For the audits that say which scripts weigh, the three heaviest, so a low score names its cause.
const SCRIPT_DETAIL: Record<string, { field: string; unit: 'ms' | 'KiB' }> = {
  'bootup-time': { field: 'total', unit: 'ms' },
  'unused-javascript': { field: 'wastedBytes', unit: 'KiB' },
};

function heaviestScripts(audit: Result['audits'][string]): string {
  const detail = SCRIPT_DETAIL[audit.id];
  if (!detail || !audit.details || !('items' in audit.details)) return '';
  const rows = (audit.details.items as Array<Record<string, unknown>>)
    .filter((item) => typeof item.url === 'string' && typeof item[detail.field] === 'number')
    .sort((a, b) => (b[detail.field] as number) - (a[detail.field] as number))
    .slice(0, 3)
    .map((item) => {
      const value = item[detail.field] as number;
      const shown = detail.unit === 'ms' ? `${Math.round(value)} ms` : `${Math.round(value / 1024)} KiB`;
      return `${(item.url as string).split('/').pop() || (item.url as string)} ${shown}`;
    });
  return rows.length ? ` [${rows.join(', ')}]` : '';
}

function performanceIssues(lhr: Result): string[] {
  return (lhr.categories.performance?.auditRefs ?? [])
    .map((ref) => lhr.audits[ref.id]!)
    .filter((audit) => audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative' && audit.scoreDisplayMode !== 'notApplicable')
    .map((audit) => `${audit.id}${audit.displayValue ? `: ${audit.displayValue}` : ''} (score ${audit.score!.toFixed(2)})${heaviestScripts(audit)}`);
}

// Lighthouse sometimes fails to record a trace on a busy machine (NO_NAVSTART, PROTOCOL_TIMEOUT): such a
// run says nothing about the page, so it is run again, a few times at most; a redirect is never retried.
const TRANSIENT = /NO_NAVSTART|NO_TRACING_STARTED|PROTOCOL_TIMEOUT|NO_FCP|NO_LCP|Something went wrong with recording the trace/;
const ATTEMPTS = 4;

async function withRetries(run: () => Promise<Result>, log: (line: string) => void): Promise<Result> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (attempt >= ATTEMPTS || !TRANSIENT.test(message)) throw error;
      log(`Lighthouse run failed (${message.slice(0, 160)}); running it again.`);
    }
  }
}

export async function runLighthouse(
  browser: Browser,
  url: string,
  cookie: string | undefined,
  preset: Preset,
  runs: number,
  log: (line: string) => void,
): Promise<LighthouseSummary> {
  if (runs < 1 || runs % 2 === 0) throw new Error(`Lighthouse runs must be odd so there is a median run (got ${runs}).`);
  const results: Result[] = [];
  for (let i = 0; i < runs; i += 1) results.push(await withRetries(() => runOnce(browser, url, cookie, preset), log));
  const performanceRuns = results.map((lhr) => score(lhr.categories.performance?.score));
  const median = [...results].sort((a, b) => score(a.categories.performance?.score) - score(b.categories.performance?.score))[(runs - 1) / 2]!;
  const metric = (id: string) => Math.round((median.audits[id]?.numericValue ?? NaN) * 1000) / 1000;
  return {
    performance: score(median.categories.performance?.score),
    accessibility: Math.min(...results.map((lhr) => score(lhr.categories.accessibility?.score))),
    fcpMs: Math.round(metric('first-contentful-paint')),
    lcpMs: Math.round(metric('largest-contentful-paint')),
    tbtMs: Math.round(metric('total-blocking-time')),
    cls: metric('cumulative-layout-shift'),
    speedIndexMs: Math.round(metric('speed-index')),
    performanceRuns,
    benchmarkIndex: Math.round(median.environment.benchmarkIndex),
    failedAudits: [...new Set(results.flatMap(failedAccessibilityAudits))],
    performanceIssues: performanceIssues(median),
    warnings: [...new Set(results.flatMap((lhr) => lhr.runWarnings.map(String)))],
  };
}
