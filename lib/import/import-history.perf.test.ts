// Opt-in timing check for a national-scale history: T21_IMPORT_PERF=1 npx vitest run lib/import/import-history.perf
import { describe, expect, it } from 'vitest';
import { createTestDb } from '@/lib/testing/test-db';
import { importHistory } from './import-history';

const HEADER = 'request_ref,action,at,actor,agent_badge,agent_name,hsi_office,dea_division,kind,reason';
const REQUESTS = Number(process.env.T21_IMPORT_PERF_REQUESTS ?? 100_000);

/** ~7 rows a request: a full approval that later expires, spread over 20 years. */
function nationalHistory(count: number): string {
  const lines = [HEADER];
  const start = Date.parse('2005-01-03T14:00:00Z');
  const hour = 3_600_000;
  for (let i = 0; i < count; i += 1) {
    const ref = `HIST-${String(i).padStart(6, '0')}`;
    const t0 = start + Math.floor((i / count) * 20 * 365 * 24) * hour;
    const at = (h: number) => new Date(t0 + h * hour).toISOString();
    lines.push(`${ref},create,${at(0)},GS Houston,HB${i},Agent ${i},hsi-houston,dea-houston,initial,`);
    lines.push(`${ref},submit,${at(1)},GS Houston,,,,,,`);
    lines.push(`${ref},endorse,${at(30)},HSI HQ,,,,,,`);
    lines.push(`${ref},route,${at(60)},DEA HQ,,,,,,`);
    lines.push(`${ref},concur,${at(100)},DEA Houston,,,,,,`);
    lines.push(`${ref},approve,${at(150)},DEA HQ,,,,,,`);
    lines.push(`${ref},expire,${at(150 + 366 * 24)},Scheduled job,,,,,,`);
  }
  return `${lines.join('\n')}\n`;
}

describe.runIf(process.env.T21_IMPORT_PERF)('a national-scale history', () => {
  it(`imports ${REQUESTS} requests well within a minute`, () => {
    const t = createTestDb();
    try {
      const text = nationalHistory(REQUESTS);
      const started = performance.now();
      const summary = importHistory(t.db, text);
      const first = performance.now() - started;
      expect(summary.eventsAdded).toBe(REQUESTS * 7);
      const again = performance.now();
      expect(importHistory(t.db, text).eventsAdded).toBe(0);
      const second = performance.now() - again;
      console.log(`import: ${(first / 1000).toFixed(1)} s; re-import: ${(second / 1000).toFixed(1)} s`);
      expect(first).toBeLessThan(60_000);
    } finally {
      t.close();
    }
  }, 300_000);
});
