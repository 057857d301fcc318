import fs from 'node:fs';
import path from 'node:path';
import { asc, eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { agents, designations, offices, refCounters, requestEvents, requests } from '@/db/schema';
import { createRequests, nextRef } from '@/lib/requests/create-requests';
import { createTestDb, makeUser, officeId, type TestDb } from '@/lib/testing/test-db';
import { MAX_IMPORT_BYTES } from './history-csv';
import { ImportError, type ImportIssue } from './import-error';
import { BORDER_NEXUS_NOT_RECORDED, DUTY_STATION_NOT_RECORDED, importHistory, rescindCategoryOf } from './import-history';

const HEADER = 'request_ref,action,at,actor,agent_badge,agent_name,hsi_office,dea_division,kind,reason';
const SMALL_HISTORY = fs.readFileSync(path.join(__dirname, 'fixtures', 'small-history.csv'), 'utf8');

/** A CSV file from data lines: lines[i] is on file line i + 2. */
const csv = (...lines: string[]) => `${HEADER}\n${lines.join('\n')}\n`;

// A valid request of one agent, to which the error cases add a bad row.
const CREATE_A = 'REQ-A,create,2021-01-04T09:00:00-05:00,GS Houston,HO1001,Ana Ruiz,hsi-houston,dea-houston,initial,';
const SUBMIT_A = 'REQ-A,submit,2021-01-04T10:00:00-05:00,GS Houston,,,,,,';
const ENDORSE_A = 'REQ-A,endorse,2021-01-05T10:00:00-05:00,HSI HQ,,,,,,';

let t: TestDb;
beforeEach(() => {
  t = createTestDb();
});
afterEach(() => t.close());

function counts(db: Db) {
  const count = (table: typeof requests | typeof requestEvents | typeof agents | typeof designations | typeof refCounters) =>
    db.select({ n: sql<number>`count(*)` }).from(table).get()!.n;
  return {
    requests: count(requests),
    events: count(requestEvents),
    agents: count(agents),
    designations: count(designations),
    refCounters: count(refCounters),
  };
}

/** Runs an import that must fail, checks it wrote nothing, and returns its issues. */
function failingImport(text: string): readonly ImportIssue[] {
  const before = counts(t.db);
  let caught: unknown;
  try {
    importHistory(t.db, text, { fileName: 'history.csv' });
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ImportError);
  const error = caught as ImportError;
  expect(error.code).toBe('invalid');
  expect(error.status).toBe(400);
  expect(error.message).toMatch(/^history\.csv: nothing was imported/);
  expect(counts(t.db)).toEqual(before);
  return error.errors;
}

function requestByRef(ref: string) {
  return t.db.select().from(requests).where(eq(requests.ref, ref)).get()!;
}

function eventsOf(ref: string) {
  return t.db
    .select({
      action: requestEvents.action,
      fromState: requestEvents.fromState,
      toState: requestEvents.toState,
      actorName: requestEvents.actorName,
      actorUserId: requestEvents.actorUserId,
      at: requestEvents.at,
      reason: requestEvents.reason,
      reasonCategory: requestEvents.reasonCategory,
      divisionId: requestEvents.divisionId,
      isImported: requestEvents.isImported,
    })
    .from(requestEvents)
    .innerJoin(requests, eq(requests.id, requestEvents.requestId))
    .where(eq(requests.ref, ref))
    .orderBy(asc(requestEvents.at), asc(requestEvents.id))
    .all();
}

describe('importing a small history given out of order', () => {
  it('replays every request through the workflow, in time order', () => {
    const summary = importHistory(t.db, SMALL_HISTORY, { fileName: 'small-history.csv' });
    expect(summary).toEqual({
      fileName: 'small-history.csv',
      rowsRead: 28,
      requestsCreated: 5,
      requestsExtended: 0,
      requestsUnchanged: 0,
      eventsAdded: 28,
      agentsCreated: 4,
    });
    expect(counts(t.db)).toMatchObject({ requests: 5, events: 28, agents: 4, designations: 3 });

    expect(requestByRef('T21-2019-00001')).toMatchObject({ state: 'active', kind: 'initial', isImported: true });
    expect(requestByRef('T21-2019-00002').state).toBe('denied');
    expect(requestByRef('T21-2019-00003').state).toBe('withdrawn');
    expect(requestByRef('T21-2020-00004')).toMatchObject({ state: 'active', kind: 'renewal', renewsDesignationId: null });
    expect(requestByRef('LEGACY-0005').state).toBe('rescinded');
  });

  it('records who did what and when, marked as imported, for the approved request with a return', () => {
    importHistory(t.db, SMALL_HISTORY);
    const events = eventsOf('T21-2019-00001');
    expect(events.map((e) => [e.action, e.fromState, e.toState])).toEqual([
      ['create', null, 'draft'],
      ['submit', 'draft', 'hsi_review'],
      ['endorse', 'hsi_review', 'dea_hq_review'],
      ['return', 'dea_hq_review', 'returned'],
      // A resubmission resumes at the stage that returned it.
      ['resubmit', 'returned', 'dea_hq_review'],
      ['route', 'dea_hq_review', 'division_review'],
      ['concur', 'division_review', 'dea_decision'],
      ['approve', 'dea_decision', 'active'],
    ]);
    expect(events.every((e) => e.isImported && e.actorUserId === null)).toBe(true);
    expect(events[0]!.actorName).toBe('J. Smith (GS El Paso)');
    expect(events[2]!.actorName).toBe('HSI HQ Program Office');
    expect(events[0]!.at).toBe(Date.parse('2019-01-07T14:00:00Z'));
    // A quoted reason spanning two lines keeps both.
    expect(events[3]!.reason).toBe('Border nexus unclear;\nname the port of entry.');
    // No division given: routed to the request's own division.
    expect(events[5]!.divisionId).toBe(officeId(t.db, 'dea-el-paso'));

    const request = requestByRef('T21-2019-00001');
    expect(request).toMatchObject({
      isImported: true,
      createdByUserId: null,
      borderNexus: BORDER_NEXUS_NOT_RECORDED,
      firstSubmittedAt: Date.parse('2019-01-07T15:00:00Z'),
      lastEventAt: Date.parse('2019-02-01T20:00:00Z'),
      routedDivisionId: officeId(t.db, 'dea-el-paso'),
      returnedFromState: null,
    });
    const designation = t.db.select().from(designations).where(eq(designations.requestId, request.id)).get();
    expect(designation).toMatchObject({ startsOn: '2019-02-01', endsOn: '2020-01-31' });
  });

  it('creates each agent once, with a duty station that says it was not recorded', () => {
    importHistory(t.db, SMALL_HISTORY);
    const anaRuiz = t.db.select().from(agents).where(eq(agents.badge, 'EP1001')).get()!;
    expect(anaRuiz).toMatchObject({
      name: 'Ana Ruiz',
      agency: 'HSI',
      officeId: officeId(t.db, 'hsi-el-paso'),
      dutyStation: DUTY_STATION_NOT_RECORDED,
      createdAt: Date.parse('2019-01-07T14:00:00Z'),
    });
    // The renewal is for the same agent.
    expect(requestByRef('T21-2020-00004').agentId).toBe(anaRuiz.id);
  });

  it('routes to the division a route row names, and grants the renewal its own designation', () => {
    importHistory(t.db, SMALL_HISTORY);
    const renewal = requestByRef('T21-2020-00004');
    expect(renewal.routedDivisionId).toBe(officeId(t.db, 'dea-houston'));
    expect(renewal.deaDivisionId).toBe(officeId(t.db, 'dea-el-paso'));
    const designation = t.db.select().from(designations).where(eq(designations.requestId, renewal.id)).get();
    expect(designation).toMatchObject({ startsOn: '2019-12-16', endsOn: '2020-12-15' });
  });

  it('puts a create row first among events at the same instant, whatever the file order', () => {
    importHistory(t.db, SMALL_HISTORY);
    expect(eventsOf('T21-2019-00003').map((e) => e.action)).toEqual(['create', 'submit', 'withdraw']);
  });

  it('reads a rescission category from the reason prefix', () => {
    importHistory(t.db, SMALL_HISTORY);
    const rescind = eventsOf('LEGACY-0005').at(-1)!;
    expect(rescind).toMatchObject({
      action: 'rescind',
      reason: 'Transfer: reassigned to HSI Headquarters',
      reasonCategory: 'transfer',
    });
    expect(rescindCategoryOf('misconduct: details')).toBe('misconduct');
    expect(rescindCategoryOf('Separation : retired')).toBe('separation');
    expect(rescindCategoryOf('Retired in May')).toBe('other');
    expect(rescindCategoryOf('Note: retired')).toBe('other');
  });

  it('keeps the tracker from handing out an imported reference again', () => {
    importHistory(t.db, SMALL_HISTORY);
    const december2019 = Date.parse('2019-12-20T12:00:00Z');
    expect(t.db.transaction((tx) => nextRef(tx, december2019))).toBe('T21-2020-00005');
    expect(t.db.transaction((tx) => nextRef(tx, Date.parse('2019-05-01T12:00:00Z')))).toBe('T21-2019-00004');
  });
});

describe('importing again', () => {
  it('changes nothing when the same file is imported twice', () => {
    importHistory(t.db, SMALL_HISTORY);
    const before = counts(t.db);
    const again = importHistory(t.db, SMALL_HISTORY);
    expect(again).toMatchObject({ requestsCreated: 0, requestsExtended: 0, requestsUnchanged: 5, eventsAdded: 0, agentsCreated: 0 });
    expect(counts(t.db)).toEqual(before);
  });

  it('appends only the later events of a file extended since', () => {
    importHistory(t.db, SMALL_HISTORY);
    const before = counts(t.db);
    const extended =
      SMALL_HISTORY +
      'T21-2019-00001,expire,2020-02-01T05:00:00Z,T21 Tracker (scheduled job),,,,,,\n' +
      'T21-2026-00001,create,2025-10-06T09:00:00-04:00,GS Miami,MI7001,Eva Stone,hsi-miami,dea-miami,initial,\n';
    const summary = importHistory(t.db, extended);
    expect(summary).toMatchObject({ requestsCreated: 1, requestsExtended: 1, requestsUnchanged: 4, eventsAdded: 2, agentsCreated: 1 });
    expect(counts(t.db)).toMatchObject({ requests: before.requests + 1, events: before.events + 2, agents: before.agents + 1 });
    expect(requestByRef('T21-2019-00001').state).toBe('expired');
    expect(eventsOf('T21-2019-00001').at(-1)).toMatchObject({ action: 'expire', fromState: 'active', isImported: true });

    // The older export, imported after the newer one, has nothing new either.
    const after = counts(t.db);
    expect(importHistory(t.db, SMALL_HISTORY)).toMatchObject({ eventsAdded: 0, requestsUnchanged: 5 });
    expect(counts(t.db)).toEqual(after);
  });

  it('refuses a file whose history for an imported request differs', () => {
    importHistory(t.db, SMALL_HISTORY);
    const changed = SMALL_HISTORY.replace('T21-2019-00002,deny,2019-03-20T16:00:00-04:00', 'T21-2019-00002,deny,2019-03-21T16:00:00-04:00');
    const issues = failingImport(changed);
    expect(issues).toEqual([
      { line: 2, field: 'at', message: expect.stringMatching(/T21-2019-00002 was imported before with a different history: its event 4 is deny/) },
    ]);
  });

  it('refuses a file whose create row for an imported request differs', () => {
    importHistory(t.db, SMALL_HISTORY);
    const changed = SMALL_HISTORY.replace('HO2001,Luis Ortega,hsi-houston,dea-houston', 'HO2001,Luis Ortega,hsi-houston,dea-el-paso');
    expect(failingImport(changed)).toEqual([
      { line: 12, field: 'dea_division', message: expect.stringMatching(/with dea_division dea-houston; the file now says dea-el-paso/) },
    ]);
  });

  it('refuses to add history to a request made in the tracker', () => {
    const supervisor = makeUser(t.db, 'supervisor', 'hsi-houston');
    const [live] = createRequests(
      t.db,
      supervisor,
      {
        kind: 'initial',
        deaDivisionId: officeId(t.db, 'dea-houston'),
        borderNexus: 'Methamphetamine smuggling through the Hidalgo port of entry.',
        agents: [{ name: 'Ana Ruiz', badge: 'HO1001', dutyStation: 'Houston, TX' }],
      },
      { submit: false, submissionKey: 'key-00000001' },
    );
    const issues = failingImport(csv(CREATE_A.replace('REQ-A', live!.ref), SUBMIT_A.replace('REQ-A', live!.ref)));
    expect(issues).toEqual([
      { line: 2, field: 'request_ref', message: expect.stringMatching(/already exists in the tracker and was not imported/) },
    ]);
  });
});

describe('a file with a bad row imports nothing and names the line', () => {
  it('an unknown action', () => {
    expect(failingImport(csv(CREATE_A, SUBMIT_A, 'REQ-A,aprove,2021-01-06T10:00:00Z,DEA HQ,,,,,,'))).toEqual([
      { line: 4, field: 'action', message: expect.stringMatching(/^Use one of: create, submit/) },
    ]);
  });

  it('an impossible date', () => {
    expect(failingImport(csv(CREATE_A, 'REQ-A,submit,2021-02-29T10:00:00-05:00,GS Houston,,,,,,'))).toEqual([
      { line: 3, field: 'at', message: '"2021-02-29T10:00:00-05:00" is not a real date and time.' },
    ]);
  });

  it('a date that is not ISO 8601', () => {
    expect(failingImport(csv(CREATE_A, 'REQ-A,submit,01/04/2021 10:00,GS Houston,,,,,,'))).toEqual([
      { line: 3, field: 'at', message: expect.stringMatching(/is not an ISO 8601 date and time/) },
    ]);
  });

  it('a date and time without a UTC offset', () => {
    expect(failingImport(csv(CREATE_A, 'REQ-A,submit,2021-01-04T10:00:00,GS Houston,,,,,,'))).toEqual([
      { line: 3, field: 'at', message: expect.stringMatching(/has no UTC offset/) },
    ]);
  });

  it('a create row missing the agent, office or kind', () => {
    const issues = failingImport(csv('REQ-A,create,2021-01-04T09:00:00-05:00,GS Houston,HO1001,,hsi-houston,,,', SUBMIT_A));
    expect(issues.map((i) => [i.line, i.field])).toEqual([
      [2, 'agent_name'],
      [2, 'kind'],
      [2, 'dea_division'],
    ]);
  });

  it('an unknown office code, or an office of the wrong kind', () => {
    const issues = failingImport(
      csv(
        'REQ-A,create,2021-01-04T09:00:00-05:00,GS Houston,HO1001,Ana Ruiz,hsi-atlantis,dea-houston,initial,',
        'REQ-B,create,2021-01-04T09:00:00-05:00,GS Houston,HO1002,Bo Li,hsi-houston,hsi-miami,initial,',
        'REQ-B,submit,2021-01-04T10:00:00-05:00,GS Houston,,,,,,',
        'REQ-B,endorse,2021-01-05T10:00:00-05:00,HSI HQ,,,,,,',
        'REQ-B,route,2021-01-06T10:00:00-05:00,DEA HQ,,,,dea-atlantis,,',
      ),
    );
    expect(issues).toEqual([
      { line: 2, field: 'hsi_office', message: '"hsi-atlantis" is not an office code in the offices table.' },
      { line: 3, field: 'dea_division', message: '"hsi-miami" is not a DEA division.' },
      { line: 6, field: 'dea_division', message: '"dea-atlantis" is not an office code in the offices table.' },
    ]);
  });

  it('a denial without a reason', () => {
    expect(failingImport(csv(CREATE_A, SUBMIT_A, ENDORSE_A, 'REQ-A,deny,2021-01-06T10:00:00-05:00,DEA HQ,,,,,,'))).toEqual([
      { line: 5, field: 'reason', message: 'A reason is required to deny.' },
    ]);
  });

  it('a move the workflow does not allow from where the request is', () => {
    expect(failingImport(csv(CREATE_A, SUBMIT_A, 'REQ-A,approve,2021-01-06T10:00:00-05:00,DEA HQ,,,,,,'))).toEqual([
      {
        line: 4,
        field: 'action',
        message: 'cannot approve a request in hsi_review (request REQ-A; its previous event is on line 3).',
      },
    ]);
  });

  it('a second create row for the same request', () => {
    const issues = failingImport(csv(CREATE_A, SUBMIT_A, CREATE_A.replace('09:00:00', '11:00:00')));
    expect(issues).toEqual([
      { line: 4, field: 'action', message: 'Request REQ-A already has a create row on line 2; a request has exactly one.' },
    ]);
  });

  it('a create row that is not the earliest event', () => {
    const issues = failingImport(csv(CREATE_A, 'REQ-A,submit,2021-01-03T10:00:00-05:00,GS Houston,,,,,,'));
    expect(issues).toEqual([
      { line: 2, field: 'at', message: "The create row must be request REQ-A's earliest event, but line 3 (submit) is earlier." },
    ]);
  });

  it('a request with no create row', () => {
    expect(failingImport(csv(CREATE_A, 'REQ-B,submit,2021-01-04T10:00:00-05:00,GS Houston,,,,,,'))).toEqual([
      { line: 3, field: 'request_ref', message: 'Request REQ-B has no create row; its history must start with one.' },
    ]);
  });

  it('a badge that belongs to an agent of another office', () => {
    expect(
      failingImport(
        csv(CREATE_A, 'REQ-B,create,2021-02-01T09:00:00-05:00,GS Miami,HO1001,Ana Ruiz,hsi-miami,dea-miami,initial,'),
      ),
    ).toEqual([{ line: 3, field: 'hsi_office', message: 'Badge HO1001 belongs to an agent of hsi-houston, not hsi-miami.' }]);
  });

  it('a row with the wrong number of columns, without knock-on errors for its request', () => {
    expect(failingImport(csv(CREATE_A, 'REQ-A,submit,2021-01-04T10:00:00-05:00,GS Houston', ENDORSE_A))).toEqual([
      { line: 3, message: 'Expected 10 columns, found 4.' },
    ]);
  });

  it('a reason that is too long', () => {
    const reason = 'x'.repeat(2001);
    expect(failingImport(csv(CREATE_A, SUBMIT_A, ENDORSE_A, `REQ-A,deny,2021-01-06T10:00:00-05:00,DEA HQ,,,,,,${reason}`))).toEqual([
      { line: 5, field: 'reason', message: 'Keep the reason to 2000 characters or fewer.' },
    ]);
  });
});

describe('a file with several problems', () => {
  it('lists every one with its line, in line order, and imports nothing', () => {
    importHistory(t.db, SMALL_HISTORY);
    const issues = failingImport(
      csv(
        CREATE_A,
        'REQ-A,submit,2021-01-04,GS Houston,,,,,,',
        'REQ-B,create,2021-01-04T09:00:00-05:00,GS Houston,HO1002,Bo Li,hsi-houston,dea-houston,initial,',
        // Quoted over two lines: the next row is on line 7.
        'REQ-B,submit,2021-01-04T10:00:00-05:00,"GS Houston,',
        'Group 3",,,,,,',
        'REQ-B,concur,2021-01-05T10:00:00-05:00,DEA Houston,,,,,,',
        'REQ-C,create,2021-01-04T09:00:00-05:00,GS Houston,HO1003,Cy Park,hsi-houston,dea-houston,initial,',
        'REQ-C,withdraw,2021-01-04T10:00:00-05:00,GS Houston,,,,,,',
        'REQ-D,create,2021-01-04T09:00:00-05:00,GS Houston,HO1004,Di Moss,hsi-houston,dea-houston,initial,',
        'REQ-D,submit,2021-01-05T10:00:00-05:00,GS Houston,,,,,,',
        'REQ-D,endorse,2021-01-06T10:00:00-05:00,HSI HQ,,,,,,',
        'REQ-D,approve,2021-01-07T10:00:00-05:00,DEA HQ,,,,,,',
      ),
    );
    expect(issues.map((i) => [i.line, i.field])).toEqual([
      [3, 'at'],
      [7, 'action'],
      [9, 'reason'],
      [13, 'action'],
    ]);
    expect(issues[1]!.message).toMatch(/^cannot concur a request in hsi_review/);
    expect(issues[3]!.message).toMatch(/^cannot approve a request in dea_hq_review/);
  });

  it('summarises in the message and lists all of them on the error', () => {
    const rows = Array.from({ length: 8 }, (_, i) => `REQ-${i},frobnicate,2021-01-04T09:00:00Z,X,,,,,,`);
    let error: ImportError | undefined;
    try {
      importHistory(t.db, csv(...rows));
    } catch (caught) {
      error = caught as ImportError;
    }
    expect(error?.errors).toHaveLength(8);
    expect(error?.message).toMatch(/^nothing was imported \(8 errors\): line 2 \(action\): Use one of: .*; and 3 more\.$/);
    expect(error?.fieldErrors['line 9']).toEqual([expect.stringMatching(/^action: Use one of/)]);
  });
});

describe('the file as a whole', () => {
  it('accepts a byte-order mark, padded header cells and Windows line endings', () => {
    const text = `\uFEFF${HEADER.split(',').join(' , ')}\r\n${CREATE_A}\r\n${SUBMIT_A}\r\n`;
    expect(importHistory(t.db, text)).toMatchObject({ requestsCreated: 1, eventsAdded: 2 });
    expect(requestByRef('REQ-A').state).toBe('hsi_review');
  });

  it('counts blank lines when naming a line', () => {
    const text = `\n${HEADER}\n${CREATE_A}\n\n  \n${SUBMIT_A}\nREQ-A,endorse,yesterday,HSI HQ,,,,,,\n`;
    expect(failingImport(text)).toEqual([{ line: 7, field: 'at', message: expect.stringMatching(/"yesterday" is not an ISO 8601/) }]);
  });

  it('imports nothing from a file with only the header', () => {
    expect(importHistory(t.db, `${HEADER}\n`)).toMatchObject({ rowsRead: 0, requestsCreated: 0, eventsAdded: 0 });
  });

  it('refuses an empty file', () => {
    expect(failingImport('\uFEFF\n  \n')).toEqual([{ line: 0, message: expect.stringMatching(/^The file is empty/) }]);
  });

  it('refuses a header that is not exactly the expected columns', () => {
    const issues = failingImport('request_ref,action,when,actor,agent_badge,agent_name,hsi_office,dea_division,kind\nx\n');
    expect(issues).toEqual([
      {
        line: 1,
        message: expect.stringContaining('The header must be exactly: request_ref,action,at,actor,agent_badge,agent_name,hsi_office,dea_division,kind,reason (missing at, reason; unexpected "when")'),
      },
    ]);
    expect(failingImport(`${HEADER.replace('action,at', 'at,action')}\n${CREATE_A}\n`)[0]!.message).toMatch(
      /different order/,
    );
  });

  it('refuses CSV it cannot read, naming the line', () => {
    expect(failingImport(csv(CREATE_A, 'REQ-A,submit,2021-01-04T10:00:00-05:00,"GS Houston,,,,,,'))).toEqual([
      { line: 3, message: expect.stringMatching(/^The file is not valid CSV: Quote Not Closed/) },
    ]);
  });

  it('refuses a file over the size limit before reading it', () => {
    const huge = HEADER + '\n' + 'x'.repeat(MAX_IMPORT_BYTES);
    expect(failingImport(huge)).toEqual([{ line: 0, message: expect.stringMatching(/^The file is larger than 100 MB/) }]);
  });

  it('refuses routing to a division that is no longer active', () => {
    t.db.update(offices).set({ isActive: false }).where(eq(offices.code, 'dea-houston')).run();
    expect(failingImport(csv(CREATE_A, SUBMIT_A, ENDORSE_A, 'REQ-A,route,2021-01-06T10:00:00-05:00,DEA HQ,,,,,,'))).toEqual([
      { line: 5, field: 'dea_division', message: 'Division dea-houston is not active, so a request cannot be routed to it.' },
    ]);
  });
});

describe('the connection after an import', () => {
  it('has its usual page cache back, whether the import succeeded or was refused', () => {
    const usual = t.db.$client.pragma('cache_size', { simple: true });
    importHistory(t.db, SMALL_HISTORY, { fileName: 'small-history.csv' });
    expect(t.db.$client.pragma('cache_size', { simple: true })).toBe(usual);
    // Refused inside the transaction: a draft cannot be approved.
    const refused = 'request_ref,action,at,actor,agent_badge,agent_name,hsi_office,dea_division,kind,reason\n' +
      'X-1,create,2020-01-02T15:00:00Z,Someone,EP9001,Nora Person,hsi-el-paso,dea-el-paso,initial,\n' +
      'X-1,approve,2020-01-03T15:00:00Z,Someone,,,,,,\n';
    expect(() => importHistory(t.db, refused)).toThrow(/cannot approve a request in draft/);
    expect(t.db.select().from(requests).where(eq(requests.ref, 'X-1')).all()).toEqual([]);
    expect(t.db.$client.pragma('cache_size', { simple: true })).toBe(usual);
  });
});
