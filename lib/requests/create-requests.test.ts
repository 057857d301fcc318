// Proposing agents, on a real temporary SQLite file: one request per agent with sequential
// references, submission in the same step, one-time form keys, and every reason a proposal is refused
// (named by field, with nothing written).
import { count, eq, inArray } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { agents, designations, offices, refCounters, requestEvents, requests } from '@/db/schema';
import { SYSTEM_ACTOR, type Actor, type UserActor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { createTestDb, makeUser, officeId, type TestDb } from '@/lib/testing/test-db';
import { transitionRequest } from '@/lib/workflow/transition-request';
import { createRequests, type CreateRequestsOptions } from './create-requests';
import { expectRefused } from '@/lib/testing/expect-refused';

let t: TestDb;
let supervisor: UserActor;

beforeEach(() => {
  t = createTestDb();
  supervisor = makeUser(t.db, 'supervisor', 'hsi-el-paso', 'Sam Supervisor');
});
afterEach(() => t.close());

// 15:00 UTC on 2 March 2026: FY2026 in New York.
const AT = Date.UTC(2026, 2, 2, 15);
const NEXUS = 'Fentanyl smuggling through the Ysleta port of entry.';

let keyCounter = 0;
const newKey = () => `form-key-${++keyCounter}`;

function input(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'initial',
    deaDivisionId: officeId(t.db, 'dea-el-paso'),
    borderNexus: NEXUS,
    agents: [{ name: 'Ana Ruiz', badge: 'EP1001', dutyStation: 'El Paso, TX' }],
    ...overrides,
  };
}

function create(body: unknown, options: Partial<CreateRequestsOptions> = {}, actor: Actor = supervisor) {
  return createRequests(t.db, actor, body, { submit: false, submissionKey: newKey(), at: AT, ...options });
}

function totals(db: Db = t.db) {
  return {
    requests: db.select({ n: count() }).from(requests).get()!.n,
    events: db.select({ n: count() }).from(requestEvents).get()!.n,
    agents: db.select({ n: count() }).from(agents).get()!.n,
    designations: db.select({ n: count() }).from(designations).get()!.n,
    refCounters: db.select().from(refCounters).all(),
  };
}

/** `fn` must fail with `code` and write nothing at all. */
function refused(code: AppError['code'], fn: () => unknown): AppError {
  return expectRefused(code, fn, totals);
}

/** Takes a request from proposal to an active designation, approved at `at`. */
function designate(badge: string, at: number): { requestId: number; designationId: number } {
  const hsi = makeUser(t.db, 'hsi_hq');
  const dea = makeUser(t.db, 'dea_hq');
  const division = makeUser(t.db, 'dea_division', 'dea-el-paso');
  const [created] = create(input({ agents: [{ name: 'Ana Ruiz', badge, dutyStation: 'El Paso, TX' }] }), { submit: true, at });
  const requestId = created!.id;
  transitionRequest(t.db, hsi, { requestId, action: 'endorse', at });
  transitionRequest(t.db, dea, { requestId, action: 'route', divisionId: officeId(t.db, 'dea-el-paso'), at });
  transitionRequest(t.db, division, { requestId, action: 'concur', at });
  transitionRequest(t.db, dea, { requestId, action: 'approve', at });
  const designation = t.db.select().from(designations).where(eq(designations.requestId, requestId)).get()!;
  return { requestId, designationId: designation.id };
}

function setDesignationEnd(designationId: number, endsOn: string) {
  t.db.update(designations).set({ endsOn }).where(eq(designations.id, designationId)).run();
}

describe('proposing agents', () => {
  it('creates one draft request per agent, with sequential references in the fiscal year', () => {
    const created = create(
      input({
        agents: [
          { name: 'Ana Ruiz', badge: 'EP1001', dutyStation: 'El Paso, TX' },
          { name: 'Ben Ortiz', badge: 'ep1002', dutyStation: 'Las Cruces, NM' },
          { name: 'Cy Diaz', badge: 'EP-1003', dutyStation: 'El Paso, TX' },
        ],
      }),
    );
    expect(created.map((c) => c.ref)).toEqual(['T21-2026-00001', 'T21-2026-00002', 'T21-2026-00003']);

    const rows = t.db.select().from(requests).where(inArray(requests.id, created.map((c) => c.id))).orderBy(requests.id).all();
    expect(rows).toHaveLength(3);
    const elPaso = officeId(t.db, 'hsi-el-paso');
    const division = officeId(t.db, 'dea-el-paso');
    for (const row of rows) {
      expect(row).toMatchObject({
        kind: 'initial',
        state: 'draft',
        hsiOfficeId: elPaso,
        deaDivisionId: division,
        routedDivisionId: null,
        borderNexus: NEXUS,
        renewsDesignationId: null,
        createdByUserId: supervisor.id,
        firstSubmittedAt: null,
        createdAt: AT,
        stateEnteredAt: AT,
        lastEventAt: AT,
      });
    }
    // One agent each, in the supervisor's office; badges are stored upper-case.
    const roster = t.db.select().from(agents).orderBy(agents.id).all();
    expect(roster.map((a) => [a.badge, a.name, a.officeId])).toEqual([
      ['EP1001', 'Ana Ruiz', elPaso],
      ['EP1002', 'Ben Ortiz', elPaso],
      ['EP-1003', 'Cy Diaz', elPaso],
    ]);
    expect(rows.map((r) => r.agentId)).toEqual(roster.map((a) => a.id));

    const events = t.db.select().from(requestEvents).orderBy(requestEvents.id).all();
    expect(events.map((e) => [e.requestId, e.action, e.fromState, e.toState, e.actorUserId, e.actorName, e.at])).toEqual(
      rows.map((r) => [r.id, 'create', null, 'draft', supervisor.id, 'Sam Supervisor', AT]),
    );

    // The next submission continues the sequence.
    const [next] = create(input({ agents: [{ name: 'Di Vega', badge: 'EP1004', dutyStation: 'El Paso, TX' }] }));
    expect(next!.ref).toBe('T21-2026-00004');
  });

  it('numbers references by the federal fiscal year in New York', () => {
    // 1 Oct 2025 02:00 UTC is still 30 Sep in New York: FY2025. An hour after midnight there: FY2026.
    const [late] = create(input(), { at: Date.UTC(2025, 9, 1, 2) });
    const [early] = create(input({ agents: [{ name: 'Ben Ortiz', badge: 'EP1002', dutyStation: 'El Paso' }] }), {
      at: Date.UTC(2025, 9, 1, 5),
    });
    expect(late!.ref).toBe('T21-2025-00001');
    expect(early!.ref).toBe('T21-2026-00001');
  });

  it('submits at once when asked: each request goes to HSI review with a create and a submit event', () => {
    const created = create(
      input({
        agents: [
          { name: 'Ana Ruiz', badge: 'EP1001', dutyStation: 'El Paso, TX' },
          { name: 'Ben Ortiz', badge: 'EP1002', dutyStation: 'El Paso, TX' },
        ],
      }),
      { submit: true },
    );
    for (const { id } of created) {
      const row = t.db.select().from(requests).where(eq(requests.id, id)).get()!;
      expect(row).toMatchObject({ state: 'hsi_review', firstSubmittedAt: AT, stateEnteredAt: AT });
      const events = t.db.select().from(requestEvents).where(eq(requestEvents.requestId, id)).orderBy(requestEvents.id).all();
      expect(events.map((e) => [e.action, e.fromState, e.toState, e.actorUserId, e.at])).toEqual([
        ['create', null, 'draft', supervisor.id, AT],
        ['submit', 'draft', 'hsi_review', supervisor.id, AT],
      ]);
    }
  });

  it('returns the first result when the same form is posted twice, creating nothing new', () => {
    const body = input({
      agents: [
        { name: 'Ana Ruiz', badge: 'EP1001', dutyStation: 'El Paso, TX' },
        { name: 'Ben Ortiz', badge: 'EP1002', dutyStation: 'El Paso, TX' },
      ],
    });
    const first = create(body, { submit: true, submissionKey: 'double-click-key' });
    const after = totals();
    const second = create(body, { submit: true, submissionKey: 'double-click-key', at: AT + 5_000 });
    expect(second).toEqual(first);
    expect(totals()).toEqual(after);

    // A new form (a new key) for the same agents is refused: they now have open requests.
    const error = refused('invalid', () => create(body, { submissionKey: 'another-form-key' }));
    expect(Object.keys(error.fieldErrors).sort()).toEqual(['agents.0.badge', 'agents.1.badge']);
  });

  it('treats form keys that differ only in letter case as different forms', () => {
    // API clients choose their own Idempotency-Key; a case-folding match would silently drop the
    // second form's agents and answer with the first form's requests.
    const [first] = create(input(), { submissionKey: 'Batch-AAAA1111' });
    const second = create(input({ agents: [{ name: 'Ben Ortiz', badge: 'EP1002', dutyStation: 'El Paso' }] }), {
      submissionKey: 'batch-aaaa1111',
    });
    expect(second.map((c) => c.id)).not.toContain(first!.id);
    expect(t.db.select({ n: count() }).from(requests).get()!.n).toBe(2);
  });

  it('keeps one supervisor’s form key separate from another’s', () => {
    const colleague = makeUser(t.db, 'supervisor', 'hsi-el-paso');
    const [mine] = create(input(), { submissionKey: 'shared-key-1' });
    const [theirs] = create(input({ agents: [{ name: 'Ben Ortiz', badge: 'EP1002', dutyStation: 'El Paso' }] }), { submissionKey: 'shared-key-1' }, colleague);
    expect(theirs!.id).not.toBe(mine!.id);
  });

  it('reuses an agent already on the office roster, updating name and duty station', () => {
    const [first] = create(input());
    transitionRequest(t.db, supervisor, { requestId: first!.id, action: 'withdraw', reason: 'Wrong division.' });
    const [second] = create(input({ agents: [{ name: 'Ana Ruiz-Soto', badge: 'ep1001', dutyStation: 'Presidio, TX' }] }));
    const rows = t.db.select().from(requests).where(inArray(requests.id, [first!.id, second!.id])).all();
    expect(new Set(rows.map((r) => r.agentId)).size).toBe(1);
    expect(t.db.select().from(agents).all()).toMatchObject([{ badge: 'EP1001', name: 'Ana Ruiz-Soto', dutyStation: 'Presidio, TX' }]);
  });
});

describe('what is refused, by field, with nothing written', () => {
  it('names every malformed field by its path', () => {
    const error = refused('invalid', () =>
      create(
        input({
          kind: 'extension',
          borderNexus: 'too short',
          deaDivisionId: 'none',
          agents: [
            { name: 'Ana Ruiz', badge: 'EP1001', dutyStation: 'El Paso, TX' },
            { name: ' ', badge: 'x!', dutyStation: '' },
          ],
        }),
      ),
    );
    expect(error.status).toBe(400);
    expect(Object.keys(error.fieldErrors).sort()).toEqual(
      ['agents.1.badge', 'agents.1.dutyStation', 'agents.1.name', 'borderNexus', 'deaDivisionId', 'kind'].sort(),
    );
    expect(error.fieldErrors['borderNexus']![0]).toMatch(/border nexus/i);
  });

  it('refuses an empty list of agents and more than 25 at a time', () => {
    expect(Object.keys(refused('invalid', () => create(input({ agents: [] }))).fieldErrors)).toEqual(['agents']);
    const many = Array.from({ length: 26 }, (_, i) => ({ name: `Agent ${i}`, badge: `EP${2000 + i}`, dutyStation: 'El Paso' }));
    expect(Object.keys(refused('invalid', () => create(input({ agents: many }))).fieldErrors)).toEqual(['agents']);
  });

  it('refuses a division that is not an active DEA division', () => {
    const inactive = officeId(t.db, 'dea-miami');
    t.db.update(offices).set({ isActive: false }).where(eq(offices.id, inactive)).run();
    for (const deaDivisionId of [officeId(t.db, 'hsi-el-paso'), officeId(t.db, 'dea-hq'), inactive, 999_999]) {
      const error = refused('invalid', () => create(input({ deaDivisionId })));
      expect(Object.keys(error.fieldErrors)).toEqual(['deaDivisionId']);
    }
  });

  it('refuses the same badge twice in one submission, whatever its case', () => {
    const error = refused('invalid', () =>
      create(
        input({
          agents: [
            { name: 'Ana Ruiz', badge: 'EP1001', dutyStation: 'El Paso, TX' },
            { name: 'Ben Ortiz', badge: 'EP1002', dutyStation: 'El Paso, TX' },
            { name: 'Ana Ruiz', badge: 'ep1001', dutyStation: 'El Paso, TX' },
          ],
        }),
      ),
    );
    expect(Object.keys(error.fieldErrors)).toEqual(['agents.2.badge']);
    expect(error.fieldErrors['agents.2.badge']![0]).toMatch(/agent 1/);
  });

  it('refuses a badge that belongs to another office’s agent', () => {
    const miami = makeUser(t.db, 'supervisor', 'hsi-miami');
    create(input({ agents: [{ name: 'Mo Reyes', badge: 'MI5005', dutyStation: 'Miami, FL' }] }), {}, miami);
    const error = refused('invalid', () =>
      create(
        input({
          agents: [
            { name: 'Ana Ruiz', badge: 'EP1001', dutyStation: 'El Paso, TX' },
            { name: 'Mo Reyes', badge: 'MI5005', dutyStation: 'El Paso, TX' },
          ],
        }),
      ),
    );
    expect(Object.keys(error.fieldErrors)).toEqual(['agents.1.badge']);
    expect(error.fieldErrors['agents.1.badge']![0]).toMatch(/another office/);
  });

  it('refuses an agent who already has an open request, naming it', () => {
    const [open] = create(input(), { submit: true });
    const error = refused('invalid', () => create(input()));
    expect(error.fieldErrors['agents.0.badge']![0]).toContain(open!.ref);
    // A draft is open too.
    const [draft] = create(input({ agents: [{ name: 'Ben Ortiz', badge: 'EP1002', dutyStation: 'El Paso' }] }));
    expect(refused('invalid', () => create(input({ agents: [{ name: 'Ben Ortiz', badge: 'EP1002', dutyStation: 'El Paso' }] })))
      .fieldErrors['agents.0.badge']![0]).toContain(draft!.ref);
  });

  it('refuses an initial request for an agent who holds a designation, suggesting a renewal', () => {
    designate('EP1001', AT);
    const error = refused('invalid', () => create(input(), { at: AT + 86_400_000 }));
    expect(Object.keys(error.fieldErrors)).toEqual(['agents.0.badge']);
    expect(error.fieldErrors['agents.0.badge']![0]).toMatch(/renewal/i);
  });

  it('allows an initial request once the previous designation has been rescinded', () => {
    const { requestId } = designate('EP1001', AT);
    const dea = makeUser(t.db, 'dea_hq');
    transitionRequest(t.db, dea, { requestId, action: 'rescind', reason: 'Transferred.', reasonCategory: 'transfer' });
    const [created] = create(input(), { at: AT + 86_400_000 });
    expect(created!.ref).toMatch(/^T21-2026-\d{5}$/);
  });

  it('refuses a renewal for an agent with no designation', () => {
    // Neither a new badge nor an agent on the roster who was never designated.
    expect(refused('invalid', () => create(input({ kind: 'renewal' }))).fieldErrors['agents.0.badge']![0]).toMatch(
      /no designation to renew/,
    );
    const [draft] = create(input());
    transitionRequest(t.db, supervisor, { requestId: draft!.id, action: 'withdraw', reason: 'Typo.' });
    expect(refused('invalid', () => create(input({ kind: 'renewal' }))).fieldErrors['agents.0.badge']![0]).toMatch(
      /no designation to renew/,
    );
  });

  it('refuses a renewal more than 60 days before the designation ends', () => {
    const { designationId } = designate('EP1001', AT);
    setDesignationEnd(designationId, '2026-06-30');
    // 30 Apr 2026 in New York: 61 days before 30 June.
    const error = refused('invalid', () => create(input({ kind: 'renewal' }), { at: Date.UTC(2026, 3, 30, 15) }));
    expect(Object.keys(error.fieldErrors)).toEqual(['agents.0.badge']);
    expect(error.fieldErrors['agents.0.badge']![0]).toMatch(/60 days/);
    // 1 May at 01:00 UTC is still 30 April in New York.
    refused('invalid', () => create(input({ kind: 'renewal' }), { at: Date.UTC(2026, 4, 1, 1) }));
  });

  it('refuses proposals from anyone but a field supervisor with an office', () => {
    for (const role of ['hsi_hq', 'dea_hq', 'auditor', 'admin'] as const) {
      const error = refused('forbidden', () => create(input(), {}, makeUser(t.db, role)));
      expect(error.status).toBe(403);
    }
    refused('forbidden', () => create(input(), {}, makeUser(t.db, 'dea_division', 'dea-el-paso')));
    refused('forbidden', () => create(input(), {}, makeUser(t.db, 'supervisor')));
    refused('forbidden', () => create(input(), {}, SYSTEM_ACTOR));
  });

  it('refuses a malformed form key', () => {
    for (const submissionKey of ['short', 'has a space in it', 'semi;colon-key', 'x'.repeat(65)]) {
      refused('invalid', () => create(input(), { submissionKey }));
    }
  });

  it('writes nothing for any agent when one agent of the submission is refused', () => {
    const [open] = create(input({ agents: [{ name: 'Ben Ortiz', badge: 'EP1002', dutyStation: 'El Paso' }] }));
    const error = refused('invalid', () =>
      create(
        input({
          agents: [
            { name: 'Ana Ruiz', badge: 'EP1001', dutyStation: 'El Paso, TX' },
            { name: 'Ben Ortiz', badge: 'EP1002', dutyStation: 'El Paso' },
            { name: 'Cy Diaz', badge: 'EP1003', dutyStation: 'El Paso, TX' },
          ],
        }),
        { submit: true },
      ),
    );
    expect(Object.keys(error.fieldErrors)).toEqual(['agents.1.badge']);
    expect(error.fieldErrors['agents.1.badge']![0]).toContain(open!.ref);
    // The reference counter did not move either: the next request takes the next number.
    const [next] = create(input());
    expect(next!.ref).toBe('T21-2026-00002');
  });
});

describe('renewals', () => {
  it('links a renewal requested within 60 days of the end to the designation it continues', () => {
    const { designationId } = designate('EP1001', AT);
    setDesignationEnd(designationId, '2026-06-30');
    // 1 May 2026 in New York: exactly 60 days before 30 June.
    const [created] = create(input({ kind: 'renewal' }), { at: Date.UTC(2026, 4, 1, 15), submit: true });
    const row = t.db.select().from(requests).where(eq(requests.id, created!.id)).get()!;
    expect(row).toMatchObject({ kind: 'renewal', state: 'hsi_review', renewsDesignationId: designationId });
  });

  it('links a renewal of a designation that has already ended', () => {
    const { designationId } = designate('EP1001', AT);
    setDesignationEnd(designationId, '2026-03-31');
    const [created] = create(input({ kind: 'renewal' }), { at: Date.UTC(2026, 5, 1, 15) });
    expect(t.db.select().from(requests).where(eq(requests.id, created!.id)).get()!.renewsDesignationId).toBe(designationId);
  });

  it('renews the latest designation when the agent has had several', () => {
    const first = designate('EP1001', AT);
    setDesignationEnd(first.designationId, '2026-04-15');
    const [renewal] = create(input({ kind: 'renewal' }), { at: Date.UTC(2026, 3, 1, 15), submit: true });
    const hsi = makeUser(t.db, 'hsi_hq');
    const dea = makeUser(t.db, 'dea_hq');
    const division = makeUser(t.db, 'dea_division', 'dea-el-paso');
    const at = Date.UTC(2026, 3, 2, 15);
    transitionRequest(t.db, hsi, { requestId: renewal!.id, action: 'endorse', at });
    transitionRequest(t.db, dea, { requestId: renewal!.id, action: 'route', divisionId: officeId(t.db, 'dea-el-paso'), at });
    transitionRequest(t.db, division, { requestId: renewal!.id, action: 'concur', at });
    transitionRequest(t.db, dea, { requestId: renewal!.id, action: 'approve', at });
    const second = t.db.select().from(designations).where(eq(designations.requestId, renewal!.id)).get()!;
    setDesignationEnd(second.id, '2027-04-15');

    const [next] = create(input({ kind: 'renewal' }), { at: Date.UTC(2027, 2, 1, 15) });
    expect(t.db.select().from(requests).where(eq(requests.id, next!.id)).get()!.renewsDesignationId).toBe(second.id);
  });
});
