// The timeliness report end to end: a small hand-made history is imported through the real importer
// (and so through the one writer, which fills the timing cache), then reported both in-process and by
// the real `t21 report` command, and checked cell by cell against figures worked out by hand below.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { asc } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestTimings, timelinessGoals } from '@/db/schema';
import type { UserActor } from '@/lib/auth/actor';
import { importHistory } from '@/lib/import/import-history';
import { createTestDb, makeUser, type TestDb } from '@/lib/testing/test-db';
import { decidedInPeriod } from './decided-requests';
import { loadGoals } from './goals';
import { perRequestCsv, stageSummaryCsv } from './report-csv';
import { perRequestRows, stageSummary } from './stage-summary';
import { rebuildTimings } from './timing-cache';

// Calendar of the period (New York dates). January 2026: Thu 1 (New Year's Day), Mondays 5, 12,
// 19 (Birthday of Martin Luther King, Jr.), 26. February 2026: Mondays 2, 9, 16 (Washington's
// Birthday), 23; Saturday 28. The proposed default goals apply: HSI HQ 5, DEA HQ 10, division 10,
// DEA decision 5, end to end 30 business days.
//
// T21-2026-00101 (A) straight through, submitted late in the evening, across MLK Day and a weekend:
//   HSI HQ     (Wed 14, Fri 16 Jan]  Thu 15, Fri 16                           = 2
//   DEA HQ     (Fri 16, Wed 21]      Sat, Sun, (Mon 19 MLK), Tue 20, Wed 21   = 2
//   division   (Wed 21, Thu 22]                                               = 1
//   decision   (Thu 22, Mon 26]      Fri 23, Mon 26                           = 2
//   end to end 7 = (Wed 14, Mon 26 Jan]: 15, 16, 20, 21, 22, 23, 26
//   The submission at 23:50 on 14 January is 04:50 UTC on the 15th: in UTC HSI HQ would be 1.
//
// T21-2026-00102 (B) returned twice, once by HSI HQ and once by the division:
//   HSI HQ     (Mon 5, Wed 7] = 2, then (Mon 12, Tue 13] = 1                  = 3
//   returned   (Wed 7, Mon 12]  Thu 8, Fri 9, Mon 12                          = 3
//   DEA HQ     (Tue 13, Tue 20]  14, 15, 16, (19 MLK), 20                     = 4
//   division   (Tue 20, Fri 23] = 3, then (Tue 27, Wed 28] = 1                = 4
//   returned   (Fri 23, Tue 27]  Mon 26, Tue 27                               = 2
//   decision   (Wed 28 Jan, Thu 5 Feb]  29, 30, 2, 3, 4, 5                    = 6  (goal 5: not within)
//   end to end 3 + 4 + 4 + 6 = 17 = 22 business days (Mon 5 Jan, Thu 5 Feb] less 5 with the requester
//
// T21-2026-00103 (C) denied in DEA HQ review, across Washington's Birthday:
//   HSI HQ     (Mon 9, Tue 10 Feb] (endorsed one minute after midnight)      = 1
//   DEA HQ     (Tue 10, Wed 18]  11, 12, 13, (16), 17, 18                     = 5
//   end to end 6; no division or decision stage.
//
// T21-2026-00104 (D) withdrawn: never decided, so not in the report.
// T21-2026-00105 (E) approved at 23:30 on Wednesday 31 December 2025 in New York (already 1 January
//   in UTC): decided before the period, so not in it.
// T21-2026-00106 (F) a renewal routed to another division, approved late on Saturday 28 February
//   (already 1 March in UTC), the last day of the period:
//   HSI HQ     (Mon 2, Tue 10 Feb]  3, 4, 5, 6, 9, 10                        = 6  (goal 5: not within)
//   DEA HQ     (Tue 10, Fri 20]  11, 12, 13, (16), 17, 18, 19, 20             = 7
//   division   (Fri 20, Tue 24]  Mon 23, Tue 24                               = 2
//   decision   (Tue 24, Sat 28]  25, 26, 27                                   = 3
//   end to end 18 = (Mon 2, Sat 28 Feb]: 18 business days
// T21-2026-00107 (G) still in DEA HQ review: not decided, not in the report.
//
// The period 2026-01-01 to 2026-02-28 therefore holds A, B, C and F:
//   stage            values        sorted        n  p50 (rank ⌈n/2⌉)  p90 (rank ⌈0.9n⌉)  max  goal  within
//   hsi_review       2, 3, 1, 6    1, 2, 3, 6    4  rank 2 → 2        rank 4 → 6         6    5     3/4 = 75.0
//   dea_hq_review    2, 4, 5, 7    2, 4, 5, 7    4  rank 2 → 4        rank 4 → 7         7    10    4/4 = 100.0
//   division_review  1, 4, 2       1, 2, 4       3  rank 2 → 2        rank 3 → 4         4    10    3/3 = 100.0
//   dea_decision     2, 6, 3       2, 3, 6       3  rank 2 → 3        rank 3 → 6         6    5     2/3 = 66.7
//   end_to_end       7, 17, 6, 18  6, 7, 17, 18  4  rank 2 → 7        rank 4 → 18        18   30    4/4 = 100.0
const HISTORY = `request_ref,action,at,actor,agent_badge,agent_name,hsi_office,dea_division,kind,reason
T21-2026-00106,create,2026-02-02T09:00:00-05:00,GS New York,NY2006,Nora Quinn,hsi-new-york,dea-new-york,renewal,
T21-2026-00101,create,2026-01-14T09:00:00-05:00,GS El Paso,EP2001,Ana Ruiz,hsi-el-paso,dea-el-paso,initial,
T21-2026-00101,submit,2026-01-14T23:50:00-05:00,GS El Paso,,,,,,
T21-2026-00101,endorse,2026-01-16T10:00:00-05:00,HSI HQ,,,,,,
T21-2026-00101,route,2026-01-21T00:05:00-05:00,DEA HQ,,,,,,
T21-2026-00101,concur,2026-01-22T15:00:00-05:00,DEA El Paso,,,,,,
T21-2026-00101,approve,2026-01-26T09:00:00-05:00,DEA HQ,,,,,,
T21-2026-00101,rescind,2026-03-05T10:00:00-05:00,DEA HQ,,,,,,Transfer: reassigned to HSI Headquarters
T21-2026-00102,create,2026-01-05T08:00:00-05:00,GS Houston,HO2002,Luis Ortega,hsi-houston,dea-houston,initial,
T21-2026-00102,submit,2026-01-05T09:00:00-05:00,GS Houston,,,,,,
T21-2026-00102,return,2026-01-07T16:00:00-05:00,HSI HQ,,,,,,Name the port of entry
T21-2026-00102,resubmit,2026-01-12T10:00:00-05:00,GS Houston,,,,,,
T21-2026-00102,endorse,2026-01-13T11:00:00-05:00,HSI HQ,,,,,,
T21-2026-00102,route,2026-01-20T14:00:00-05:00,DEA HQ,,,,,,
T21-2026-00102,return,2026-01-23T23:30:00-05:00,DEA Houston,,,,,,Confirm the duty station
T21-2026-00102,resubmit,2026-01-27T09:00:00-05:00,GS Houston,,,,,,
T21-2026-00102,concur,2026-01-28T10:00:00-05:00,DEA Houston,,,,,,
T21-2026-00102,approve,2026-02-05T12:00:00-05:00,DEA HQ,,,,,,
T21-2026-00103,create,2026-02-09T09:00:00-05:00,GS San Diego,SD2003,Mark Chen,hsi-san-diego,dea-san-diego,initial,
T21-2026-00103,submit,2026-02-09T09:30:00-05:00,GS San Diego,,,,,,
T21-2026-00103,endorse,2026-02-10T00:01:00-05:00,HSI HQ,,,,,,
T21-2026-00103,deny,2026-02-18T17:00:00-05:00,DEA HQ,,,,,,No articulable border nexus
T21-2026-00104,create,2026-01-06T09:00:00-05:00,GS El Paso,EP2004,Rosa Vega,hsi-el-paso,dea-el-paso,initial,
T21-2026-00104,submit,2026-01-06T09:05:00-05:00,GS El Paso,,,,,,
T21-2026-00104,endorse,2026-01-07T10:00:00-05:00,HSI HQ,,,,,,
T21-2026-00104,withdraw,2026-01-20T10:00:00-05:00,GS El Paso,,,,,,Agent transferred before review
T21-2026-00105,create,2025-12-15T09:00:00-05:00,GS New York,NY2005,Dana White,hsi-new-york,dea-new-york,initial,
T21-2026-00105,submit,2025-12-15T10:00:00-05:00,GS New York,,,,,,
T21-2026-00105,endorse,2025-12-16T10:00:00-05:00,HSI HQ,,,,,,
T21-2026-00105,route,2025-12-17T10:00:00-05:00,DEA HQ,,,,,,
T21-2026-00105,concur,2025-12-18T10:00:00-05:00,DEA New York,,,,,,
T21-2026-00105,approve,2025-12-31T23:30:00-05:00,DEA HQ,,,,,,
T21-2026-00106,submit,2026-02-02T09:15:00-05:00,GS New York,,,,,,
T21-2026-00106,endorse,2026-02-10T16:00:00-05:00,HSI HQ,,,,,,
T21-2026-00106,route,2026-02-20T11:00:00-05:00,DEA HQ,,,,dea-new-jersey,,
T21-2026-00106,concur,2026-02-24T09:00:00-05:00,DEA New Jersey,,,,,,
T21-2026-00106,approve,2026-02-28T22:30:00-05:00,DEA HQ,,,,,,
T21-2026-00107,create,2026-02-20T09:00:00-05:00,GS El Paso,EP2007,Omar Diaz,hsi-el-paso,dea-el-paso,initial,
T21-2026-00107,submit,2026-02-20T09:10:00-05:00,GS El Paso,,,,,,
T21-2026-00107,endorse,2026-02-23T10:00:00-05:00,HSI HQ,,,,,,
`;

const FROM = '2026-01-01';
const TO = '2026-02-28';

const EXPECTED_SUMMARY = `stage,n,p50,p90,max,goal,within_goal_pct
hsi_review,4,2,6,6,5,75.0
dea_hq_review,4,4,7,7,10,100.0
division_review,3,2,4,4,10,100.0
dea_decision,3,3,6,6,5,66.7
end_to_end,4,7,18,18,30,100.0
`;

// Every stage each decided request visited, by reference and then in workflow order.
const EXPECTED_PER_REQUEST = `request_ref,stage,business_days,goal,within_goal
T21-2026-00101,hsi_review,2,5,true
T21-2026-00101,dea_hq_review,2,10,true
T21-2026-00101,division_review,1,10,true
T21-2026-00101,dea_decision,2,5,true
T21-2026-00101,end_to_end,7,30,true
T21-2026-00102,hsi_review,3,5,true
T21-2026-00102,dea_hq_review,4,10,true
T21-2026-00102,division_review,4,10,true
T21-2026-00102,dea_decision,6,5,false
T21-2026-00102,end_to_end,17,30,true
T21-2026-00103,hsi_review,1,5,true
T21-2026-00103,dea_hq_review,5,10,true
T21-2026-00103,end_to_end,6,30,true
T21-2026-00106,hsi_review,6,5,false
T21-2026-00106,dea_hq_review,7,10,true
T21-2026-00106,division_review,2,10,true
T21-2026-00106,dea_decision,3,5,true
T21-2026-00106,end_to_end,18,30,true
`;

const TSX_CLI = createRequire(import.meta.url).resolve('tsx/cli');
const CLI = path.join(process.cwd(), 'lib', 'cli', 't21.ts');

let t: TestDb;
let auditor: UserActor;

beforeEach(() => {
  t = createTestDb();
  auditor = makeUser(t.db, 'auditor', undefined, 'Ada Auditor');
  const summary = importHistory(t.db, HISTORY, { fileName: 'history.csv' });
  expect(summary).toMatchObject({ rowsRead: 40, requestsCreated: 7, eventsAdded: 40 });
});
afterEach(() => t.close());

/** `t21 report …` run for real against the test's database file. */
function t21Report(...args: string[]): string {
  const result = spawnSync(process.execPath, [TSX_CLI, CLI, 'report', ...args], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: `file:${t.file}`, T21_TIME_ZONE: 'America/New_York' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

function reportInProcess(from: string, to: string) {
  const decided = decidedInPeriod(t.db, auditor, { from, to });
  const goals = loadGoals(t.db);
  return { decided, summary: stageSummaryCsv(stageSummary(decided, goals, to)), perRequest: perRequestCsv(perRequestRows(decided, goals)) };
}

const cells = (csv: string) => csv.trimEnd().split('\n').map((line) => line.split(','));

describe('the timeliness report', { timeout: 120_000 }, () => {
  it('reports the decided requests of the period, as worked out by hand', () => {
    const { decided, summary } = reportInProcess(FROM, TO);
    // The withdrawn, the still open and the one decided on New Year's Eve are not in it.
    expect(decided.map((r) => r.ref).sort()).toEqual(['T21-2026-00101', 'T21-2026-00102', 'T21-2026-00103', 'T21-2026-00106']);
    expect(cells(summary)).toEqual(cells(EXPECTED_SUMMARY));
    expect(summary).toBe(EXPECTED_SUMMARY);
  });

  it('prints the same CSV from the command line', () => {
    expect(cells(t21Report('--from', FROM, '--to', TO))).toEqual(cells(EXPECTED_SUMMARY));
  });

  it('lists each request’s stages with --per-request, sorted by reference then stage', () => {
    expect(reportInProcess(FROM, TO).perRequest).toBe(EXPECTED_PER_REQUEST);
    expect(t21Report('--from', FROM, '--to', TO, '--per-request')).toBe(EXPECTED_PER_REQUEST);
  });

  it('cuts the period on New York dates', () => {
    // Only F was decided on Saturday 28 February in New York (1 March in UTC).
    expect(reportInProcess(TO, TO).decided.map((r) => r.ref)).toEqual(['T21-2026-00106']);
    expect(reportInProcess(FROM, '2026-02-27').decided.map((r) => r.ref).sort()).toEqual(['T21-2026-00101', 'T21-2026-00102', 'T21-2026-00103']);
    // E was decided on Wednesday 31 December 2025 in New York (1 January 2026 in UTC).
    expect(reportInProcess('2025-12-31', '2025-12-31').decided.map((r) => r.ref)).toEqual(['T21-2026-00105']);
    expect(t21Report('--from', TO, '--to', TO)).toBe(
      // F alone: every figure is its own; 6 > 5 days at HSI HQ is not within goal.
      'stage,n,p50,p90,max,goal,within_goal_pct\n' +
        'hsi_review,1,6,6,6,5,0.0\n' +
        'dea_hq_review,1,7,7,7,10,100.0\n' +
        'division_review,1,2,2,2,10,100.0\n' +
        'dea_decision,1,3,3,3,5,100.0\n' +
        'end_to_end,1,18,18,18,30,100.0\n',
    );
  });

  it('judges requests first submitted before a new goal version by the old one', () => {
    // HSI HQ endorsement tightened from 5 to 2 business days from Thursday 15 January 2026.
    t.db.insert(timelinessGoals).values({ stage: 'hsi_review', businessDays: 2, warningShare: 0.8, effectiveFrom: '2026-01-15', note: 'Tightened', createdAt: Date.now() }).run();
    // A was first submitted late on 14 January (New York) and B on 5 January: both keep 5. C (9 Feb)
    // and F (2 Feb) get 2. Within: A 2 ≤ 5, B 3 ≤ 5, C 1 ≤ 2 yes; F 6 > 2 no → 3/4 = 75.0.
    // (Judging everyone by the new goal would have given B 3 > 2 and 2/4 = 50.0.) The goal column
    // shows the version in force on the period's last day: 2.
    const expectedSummary = EXPECTED_SUMMARY.replace('hsi_review,4,2,6,6,5,75.0', 'hsi_review,4,2,6,6,2,75.0');
    const expectedPerRequest = EXPECTED_PER_REQUEST.replace('T21-2026-00103,hsi_review,1,5,true', 'T21-2026-00103,hsi_review,1,2,true').replace(
      'T21-2026-00106,hsi_review,6,5,false',
      'T21-2026-00106,hsi_review,6,2,false',
    );
    expect(expectedPerRequest).not.toBe(EXPECTED_PER_REQUEST);
    const { summary, perRequest } = reportInProcess(FROM, TO);
    expect(summary).toBe(expectedSummary);
    expect(perRequest).toBe(expectedPerRequest);
    expect(t21Report('--from', FROM, '--to', TO, '--per-request')).toBe(expectedPerRequest);
    // A period ending before the new version shows the old goal in its goal column.
    expect(cells(reportInProcess(FROM, '2026-01-14').summary)[1]).toEqual(['hsi_review', '0', '', '', '', '5', '']);
  });

  it('caches the times the writer computed, and a rebuild from the event log reproduces them exactly', () => {
    const snapshot = () => t.db.select().from(requestTimings).orderBy(asc(requestTimings.requestId)).all();
    const incremental = snapshot();
    // A, B, C, E and F were decided; D (withdrawn) and G (open) have no row.
    expect(incremental).toHaveLength(5);
    expect(rebuildTimings(t.db)).toEqual({ requests: 5 });
    expect(snapshot()).toEqual(incremental);

    // B's row in full. Calendar days: HSI HQ 2 + 1, DEA HQ 7, division 3 + 1, decision 8 = 22; with
    // the requester (Wed 7, Mon 12 Jan] 5 + (Fri 23, Tue 27 Jan] 4 = 9 calendar days, 3 + 2 business.
    const b = incremental.find((row) => row.decidedOn === '2026-02-05');
    expect(b).toMatchObject({
      firstSubmittedOn: '2026-01-05',
      decision: 'approve',
      hsiReviewDays: 3,
      deaHqReviewDays: 4,
      divisionReviewDays: 4,
      deaDecisionDays: 6,
      endToEndDays: 17,
      endToEndCalendarDays: 22,
      requesterDays: 5,
      requesterCalendarDays: 9,
      returns: 2,
    });
    // C, denied in DEA HQ review: no division or decision stage.
    const c = incremental.find((row) => row.decision === 'deny');
    expect(c).toMatchObject({ decidedOn: '2026-02-18', hsiReviewDays: 1, deaHqReviewDays: 5, divisionReviewDays: null, deaDecisionDays: null, endToEndDays: 6 });
    // A was rescinded after its approval; the rebuild (which sees the rescission) still agrees.
    expect(incremental.find((row) => row.decidedOn === '2026-01-26')).toMatchObject({ firstSubmittedOn: '2026-01-14', endToEndDays: 7 });
  });
});
