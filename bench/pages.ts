// The pages timed at each scale, and how: one client, one request at a time, so each figure is the
// server's response time (first byte sent to last byte of the body received) without queueing. The
// targets are chosen from the database so that every scale times the same kind of page.
import Database from 'better-sqlite3';
import { calendarDate, fiscalYear } from '@/lib/calendar/dates';
import { settings } from '@/lib/config';
import { summarise, type Timing } from './stats';

export const ACCOUNTS = {
  auditor: 'auditor@demo.example',
  supervisor: 'supervisor.elpaso@demo.example',
  deaHq: 'dea.hq@demo.example',
} as const;
export type Who = keyof typeof ACCOUNTS;

export interface PageSpec {
  key: string;
  name: string;
  who: Who;
  path: string;
}

export interface PageResult extends PageSpec, Timing {
  bytes: number;
}

export function pastFiscalYear(now = Date.now()): number {
  return fiscalYear(calendarDate(now, settings().T21_TIME_ZONE)) - 1;
}

export function pagesFor(databaseFile: string, now = Date.now()): PageSpec[] {
  const sqlite = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const office = sqlite.prepare("SELECT id FROM offices WHERE code = 'hsi-el-paso'").get() as { id: number };
    // The request with the longest history: the detail page's worst ordinary case.
    const detail = sqlite
      .prepare('SELECT request_id AS id, count(*) AS n FROM request_events GROUP BY request_id ORDER BY n DESC, request_id LIMIT 1')
      .get() as { id: number; n: number };
    const fy = pastFiscalYear(now);
    return [
      { key: 'dashboard_default', name: 'Dashboard, default (current FY so far)', who: 'auditor', path: '/dashboard' },
      { key: 'dashboard_past_fy_office', name: `Dashboard, FY${fy}, HSI El Paso`, who: 'auditor', path: `/dashboard?fy=${fy}&office=${office.id}` },
      { key: 'dashboard_past_fy', name: `Dashboard, FY${fy}, all offices`, who: 'auditor', path: `/dashboard?fy=${fy}` },
      { key: 'requests_filtered', name: 'Requests, active, HSI El Paso', who: 'auditor', path: `/requests?state=active&office=${office.id}` },
      { key: 'request_detail', name: `Request detail (${detail.n} events)`, who: 'auditor', path: `/requests/${detail.id}` },
      { key: 'inbox_supervisor', name: 'Inbox, supervisor (HSI El Paso)', who: 'supervisor', path: '/inbox' },
      { key: 'inbox_dea_hq', name: 'Inbox, DEA HQ', who: 'deaHq', path: '/inbox' },
    ];
  } finally {
    sqlite.close();
  }
}

/** One GET, timed until the whole body has arrived; anything but a 200 stops the run. */
async function timedGet(url: string, cookie: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie }, redirect: 'manual' });
  const body = await response.arrayBuffer();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status} ${response.headers.get('location') ?? ''}`);
  return { ms, bytes: body.byteLength };
}

export async function timePage(baseUrl: string, page: PageSpec, cookie: string, runs: number, warmups: number): Promise<PageResult> {
  const url = baseUrl + page.path;
  for (let i = 0; i < warmups; i += 1) await timedGet(url, cookie);
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i += 1) {
    const sample = await timedGet(url, cookie);
    samples.push(sample.ms);
    bytes = sample.bytes;
  }
  return { ...page, ...summarise(samples), bytes };
}
