// The request list on a real temporary SQLite file: what a search finds (and what it must not), each
// filter, paging, newest activity first, the actor's scope, and filters that are refused by name.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { designations } from '@/db/schema';
import type { UserActor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { createTestDb, makeUser, officeId, type TestDb } from '@/lib/testing/test-db';
import { advance, makeReviewers, propose, type Reviewers } from '@/lib/testing/workflow';
import { transitionRequest } from '@/lib/workflow/transition-request';
import { createRequests } from './create-requests';
import { listRequests, PAGE_SIZE } from './list-requests';

let t: TestDb;
let elPaso: UserActor;
let miami: UserActor;
let reviewers: Reviewers;

// 15:00 UTC on 2 March 2026 (FY2026); every request is stamped from here on, a second apart.
const T0 = Date.UTC(2026, 2, 2, 15);
let clock = 0;
const tick = () => T0 + ++clock * 1000;

beforeEach(() => {
  t = createTestDb();
  clock = 0;
  elPaso = makeUser(t.db, 'supervisor', 'hsi-el-paso', 'Sam Supervisor');
  miami = makeUser(t.db, 'supervisor', 'hsi-miami', 'Olga Otheroffice');
  reviewers = makeReviewers(t.db);
});
afterEach(() => t.close());

function list(actor: UserActor, filters: Record<string, unknown> = {}) {
  return listRequests(t.db, actor, filters);
}
const refsOf = (result: ReturnType<typeof list>) => result.rows.map((r) => r.ref);
const namesOf = (result: ReturnType<typeof list>) => result.rows.map((r) => r.agentName).sort();

function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an AppError, but nothing was thrown');
}

describe('search', () => {
  beforeEach(() => {
    for (const [badge, name] of [
      ['EP1001', 'Ana Ruiz'],
      ['EP1002', 'Ben Ortiz'],
      ['EP1003', 'Mary Ann Lopez'],
      ['EP1004', 'Mary_Ann Chu'],
      ['EP1005', 'Jo 100% Diaz'],
      ['EP1006', 'Jo 1000 Diaz'],
    ] as const) {
      propose(t.db, elPaso, { badge, name, at: tick() });
    }
  });

  it('finds an agent by any part of the name, whatever its case', () => {
    expect(namesOf(list(elPaso, { q: 'ruiz' }))).toEqual(['Ana Ruiz']);
    expect(namesOf(list(elPaso, { q: 'RTI' }))).toEqual(['Ben Ortiz']);
    expect(namesOf(list(elPaso, { q: '  mary ' }))).toEqual(['Mary Ann Lopez', 'Mary_Ann Chu']);
    expect(list(elPaso, { q: 'Zed' })).toMatchObject({ rows: [], total: 0, pageCount: 1 });
  });

  it('treats % and _ in the search as the characters themselves, not as wildcards', () => {
    // As wildcards, "y_A" would also match "Mary Ann", and "0%" every name with a 0 in it.
    expect(namesOf(list(elPaso, { q: 'y_A' }))).toEqual(['Mary_Ann Chu']);
    expect(namesOf(list(elPaso, { q: '0% D' }))).toEqual(['Jo 100% Diaz']);
    expect(namesOf(list(elPaso, { q: '%' }))).toEqual(['Jo 100% Diaz']);
    expect(namesOf(list(elPaso, { q: '_' }))).toEqual(['Mary_Ann Chu']);
    expect(list(elPaso, { q: '\\' }).total).toBe(0);
  });

  it('finds an agent by the exact badge in any case, but not by part of it', () => {
    expect(namesOf(list(elPaso, { q: 'ep1002' }))).toEqual(['Ben Ortiz']);
    expect(namesOf(list(elPaso, { q: 'EP1002' }))).toEqual(['Ben Ortiz']);
    expect(list(elPaso, { q: 'EP100' }).total).toBe(0);
  });

  it('finds requests by the start of their reference, in any case', () => {
    expect(refsOf(list(elPaso, { q: 'T21-2026-00003' }))).toEqual(['T21-2026-00003']);
    expect(refsOf(list(elPaso, { q: 't21-2026-00004' }))).toEqual(['T21-2026-00004']);
    expect(list(elPaso, { q: 'T21-2026' }).total).toBe(6);
    // A reference is matched from its start only.
    expect(list(elPaso, { q: '2026-00003' }).total).toBe(0);
    // "_" is no wildcard in a reference either.
    expect(list(elPaso, { q: 'T21_2026' }).total).toBe(0);
  });
});

describe('filters', () => {
  it('filters by state, by proposing office and by kind', () => {
    const draft = propose(t.db, elPaso, { badge: 'EP1001', at: tick() });
    const submitted = propose(t.db, elPaso, { badge: 'EP1002', submit: true, at: tick() });
    const fromMiami = propose(t.db, miami, { badge: 'MI1001', division: 'dea-miami', submit: true, at: tick() });
    const admin = makeUser(t.db, 'admin');

    expect(refsOf(list(admin, { state: 'draft' }))).toEqual([draft.ref]);
    expect(refsOf(list(admin, { state: 'hsi_review' })).sort()).toEqual([submitted.ref, fromMiami.ref].sort());
    expect(refsOf(list(admin, { office: officeId(t.db, 'hsi-miami') }))).toEqual([fromMiami.ref]);
    // Search parameters arrive as strings; empty ones mean "any".
    expect(refsOf(list(admin, { office: String(officeId(t.db, 'hsi-miami')), state: '', kind: '' }))).toEqual([fromMiami.ref]);
    expect(list(admin, { kind: 'initial' }).total).toBe(3);
    expect(list(admin, { kind: 'renewal' }).total).toBe(0);
    expect(list(admin, { state: 'hsi_review', office: officeId(t.db, 'hsi-el-paso') }).rows.map((r) => r.ref)).toEqual([submitted.ref]);
  });

  it('finds a renewal by kind', () => {
    const first = propose(t.db, elPaso, { badge: 'EP1001', submit: true, at: tick() });
    advance(t.db, reviewers, first.id, 'active', { at: tick() });
    // The designation has ended, so a renewal may be requested.
    t.db.update(designations).set({ endsOn: '2026-03-31' }).where(eq(designations.requestId, first.id)).run();
    const renewal = propose(t.db, elPaso, { badge: 'EP1001', kind: 'renewal', at: Date.UTC(2026, 4, 1, 15) });

    expect(refsOf(list(elPaso, { kind: 'renewal' }))).toEqual([renewal.ref]);
    expect(refsOf(list(elPaso, { kind: 'initial' }))).toEqual([first.ref]);
    expect(list(elPaso, { kind: 'renewal' }).rows[0]).toMatchObject({ kind: 'renewal', state: 'draft', agentBadge: 'EP1001' });
  });

  it('filters by the division routed to, or else the division proposed', () => {
    // Proposed for El Paso, routed by DEA HQ to Houston: it belongs to Houston now.
    const rerouted = propose(t.db, elPaso, { badge: 'EP1001', submit: true, at: tick() });
    advance(t.db, reviewers, rerouted.id, 'division_review', { routeTo: 'dea-houston', at: tick() });
    // Proposed for El Paso, not routed yet.
    const waiting = propose(t.db, elPaso, { badge: 'EP1002', submit: true, at: tick() });
    // Proposed for Houston, routed to El Paso.
    const toElPaso = propose(t.db, elPaso, { badge: 'EP1003', division: 'dea-houston', submit: true, at: tick() });
    advance(t.db, reviewers, toElPaso.id, 'division_review', { routeTo: 'dea-el-paso', at: tick() });

    const auditor = makeUser(t.db, 'auditor');
    const houston = list(auditor, { division: officeId(t.db, 'dea-houston') });
    expect(refsOf(houston)).toEqual([rerouted.ref]);
    expect(houston.rows[0]!.divisionName).toBe('DEA Houston Division');
    expect(refsOf(list(auditor, { division: officeId(t.db, 'dea-el-paso') })).sort()).toEqual([waiting.ref, toElPaso.ref].sort());
    expect(list(auditor, { division: officeId(t.db, 'dea-miami') }).total).toBe(0);
  });
});

describe('paging and order', () => {
  function proposeMany(count: number): string[] {
    // Stamped a second apart, so the list's order is known: the last proposed comes first.
    const refs: string[] = [];
    for (let i = 0; i < count; i++) {
      refs.push(propose(t.db, elPaso, { badge: `EP${2000 + i}`, at: tick() }).ref);
    }
    return refs;
  }

  it('shows 25 a page, with the total and the number of pages', () => {
    const refs = proposeMany(30);
    const newestFirst = [...refs].reverse();

    const first = list(elPaso);
    expect(first).toMatchObject({ total: 30, page: 1, pageCount: 2 });
    expect(first.rows).toHaveLength(PAGE_SIZE);
    expect(refsOf(first)).toEqual(newestFirst.slice(0, 25));

    const second = list(elPaso, { page: '2' });
    expect(second).toMatchObject({ total: 30, page: 2, pageCount: 2 });
    expect(refsOf(second)).toEqual(newestFirst.slice(25));

    // Past the last page: nothing, but the total still says how many there are.
    expect(list(elPaso, { page: 3 })).toMatchObject({ rows: [], total: 30, pageCount: 2 });
  });

  it('counts whole pages exactly: 25 requests are one page, none is one empty page', () => {
    expect(list(elPaso)).toMatchObject({ rows: [], total: 0, pageCount: 1 });
    proposeMany(25);
    expect(list(elPaso)).toMatchObject({ total: 25, pageCount: 1 });
  });

  it('puts the request with the newest activity first', () => {
    const [a, b, c] = proposeMany(3);
    expect(refsOf(list(elPaso))).toEqual([c, b, a]);
    // Submitting the oldest makes it the most recently active.
    const idOfA = list(elPaso, { q: a }).rows[0]!.id;
    transitionRequest(t.db, elPaso, { requestId: idOfA, action: 'submit', at: tick() });
    expect(refsOf(list(elPaso))).toEqual([a, c, b]);
    expect(list(elPaso).rows[0]).toMatchObject({ ref: a, state: 'hsi_review', lastEventAt: T0 + clock * 1000 });
  });

  it('breaks a tie in activity by showing the later request first', () => {
    const at = tick();
    const created = createRequests(
      t.db,
      elPaso,
      {
        kind: 'initial',
        deaDivisionId: officeId(t.db, 'dea-el-paso'),
        borderNexus: 'Fentanyl smuggling through the Ysleta port of entry.',
        agents: [
          { name: 'Ana Ruiz', badge: 'EP1001', dutyStation: 'El Paso' },
          { name: 'Ben Ortiz', badge: 'EP1002', dutyStation: 'El Paso' },
        ],
      },
      { submit: false, submissionKey: 'tie-break-form', at },
    );
    expect(refsOf(list(elPaso))).toEqual([created[1]!.ref, created[0]!.ref]);
  });
});

describe('scope', () => {
  it('shows a supervisor only their own office, even when they filter by another', () => {
    const mine = propose(t.db, elPaso, { badge: 'EP1001', at: tick() });
    const theirs = propose(t.db, miami, { badge: 'MI1001', division: 'dea-miami', submit: true, at: tick() });

    expect(refsOf(list(elPaso))).toEqual([mine.ref]);
    expect(list(elPaso, { office: officeId(t.db, 'hsi-miami') })).toMatchObject({ rows: [], total: 0 });
    expect(list(elPaso, { q: theirs.ref })).toMatchObject({ rows: [], total: 0 });
    expect(list(elPaso, { q: 'MI1001' }).total).toBe(0);
    expect(refsOf(list(miami))).toEqual([theirs.ref]);
  });

  it('shows a division coordinator only requests routed to their division', () => {
    const routedHere = propose(t.db, elPaso, { badge: 'EP1001', division: 'dea-houston', submit: true, at: tick() });
    advance(t.db, reviewers, routedHere.id, 'division_review', { routeTo: 'dea-el-paso', at: tick() });
    const routedAway = propose(t.db, elPaso, { badge: 'EP1002', submit: true, at: tick() });
    advance(t.db, reviewers, routedAway.id, 'division_review', { routeTo: 'dea-houston', at: tick() });
    // Proposed for El Paso but still with HSI: not yet theirs.
    propose(t.db, elPaso, { badge: 'EP1003', submit: true, at: tick() });
    propose(t.db, elPaso, { badge: 'EP1004', at: tick() });

    const coordinator = reviewers.division('dea-el-paso');
    expect(refsOf(list(coordinator))).toEqual([routedHere.ref]);
    expect(refsOf(list(coordinator, { division: officeId(t.db, 'dea-el-paso') }))).toEqual([routedHere.ref]);
    expect(list(coordinator, { division: officeId(t.db, 'dea-houston') }).total).toBe(0);
    expect(list(coordinator, { state: 'hsi_review' }).total).toBe(0);
  });

  it('hides drafts from headquarters and shows auditors everything', () => {
    propose(t.db, elPaso, { badge: 'EP1001', at: tick() });
    const submitted = propose(t.db, elPaso, { badge: 'EP1002', submit: true, at: tick() });
    expect(refsOf(list(reviewers.hsi))).toEqual([submitted.ref]);
    expect(refsOf(list(reviewers.dea))).toEqual([submitted.ref]);
    expect(list(reviewers.hsi, { state: 'draft' }).total).toBe(0);
    expect(list(makeUser(t.db, 'auditor')).total).toBe(2);
  });

  it('shows a supervisor without an office nothing', () => {
    propose(t.db, elPaso, { badge: 'EP1001', at: tick() });
    expect(list(makeUser(t.db, 'supervisor')).total).toBe(0);
  });
});

describe('filters that are refused', () => {
  it.each([
    [{ state: 'bogus' }, 'state'],
    [{ page: 0 }, 'page'],
    [{ page: '-1' }, 'page'],
    [{ page: '1.5' }, 'page'],
    [{ office: 'abc' }, 'office'],
    [{ division: '0' }, 'division'],
    [{ kind: 'extension' }, 'kind'],
    [{ q: 'x'.repeat(101) }, 'q'],
  ])('%o is invalid, naming the filter', (filters, field) => {
    const error = appError(() => list(elPaso, filters));
    expect(error.code).toBe('invalid');
    expect(error.status).toBe(400);
    expect(Object.keys(error.fieldErrors)).toEqual([field]);
    expect(error.fieldErrors[field]![0]).toBeTruthy();
  });

  it('names every bad filter at once', () => {
    const error = appError(() => list(elPaso, { state: 'bogus', page: 0, office: 'abc' }));
    expect(Object.keys(error.fieldErrors).sort()).toEqual(['office', 'page', 'state']);
  });
});
