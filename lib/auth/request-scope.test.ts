// Visibility is one rule in two forms: a SQL condition for lists and a predicate for one loaded row.
// On a real file holding requests of several offices, divisions and states, both must select exactly
// what the spec says each role sees.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agents, requests } from '@/db/schema';
import { STATES, type State } from '@/lib/domain/workflow-states';
import { createTestDb, makeUser, officeId, type TestDb } from '@/lib/testing/test-db';
import { SYSTEM_ACTOR, type Actor } from './actor';
import { canSeeRequest, visibleAgentsCondition, visibleRequestsCondition } from './request-scope';

let t: TestDb;
let ids: { elPaso: number; miami: number; divElPaso: number; divMiami: number; divChicago: number };
type Row = { id: number; agentId: number; hsiOfficeId: number; routedDivisionId: number | null; state: State };
let rows: Row[];
let actors: { label: string; actor: Actor; expected: (row: Row) => boolean }[];

beforeAll(() => {
  t = createTestDb();
  ids = {
    elPaso: officeId(t.db, 'hsi-el-paso'),
    miami: officeId(t.db, 'hsi-miami'),
    divElPaso: officeId(t.db, 'dea-el-paso'),
    divMiami: officeId(t.db, 'dea-miami'),
    divChicago: officeId(t.db, 'dea-chicago'),
  };
  const now = Date.now();
  const author = makeUser(t.db, 'supervisor', 'hsi-el-paso');
  // Every state, in two field offices, unrouted or routed to one of two divisions.
  let n = 0;
  for (const hsiOfficeId of [ids.elPaso, ids.miami]) {
    for (const state of STATES) {
      for (const routedDivisionId of [null, ids.divElPaso, ids.divMiami]) {
        n += 1;
        const agent = t.db
          .insert(agents)
          .values({ badge: `AG${n}`, name: `Agent ${n}`, officeId: hsiOfficeId, dutyStation: 'Somewhere', createdAt: now, updatedAt: now })
          .returning({ id: agents.id })
          .get();
        t.db
          .insert(requests)
          .values({
            ref: `T21-2026-${String(n).padStart(5, '0')}`,
            kind: 'initial',
            state,
            agentId: agent.id,
            hsiOfficeId,
            // The division proposed is not the division routed to: only routing grants visibility.
            deaDivisionId: ids.divChicago,
            routedDivisionId,
            borderNexus: 'Smuggling through a port of entry.',
            createdByUserId: author.id,
            lastEventAt: now,
            stateEnteredAt: now,
            createdAt: now,
          })
          .run();
      }
    }
  }
  // DEA agents on the roster (the joint training's audience), in two divisions, with no requests.
  for (const [badge, divisionId] of [['DEA1', ids.divElPaso], ['DEA2', ids.divMiami]] as const) {
    t.db.insert(agents).values({ badge, name: `DEA agent ${badge}`, agency: 'DEA', officeId: divisionId, dutyStation: 'Somewhere', createdAt: now, updatedAt: now }).run();
  }
  rows = t.db
    .select({
      id: requests.id,
      agentId: requests.agentId,
      hsiOfficeId: requests.hsiOfficeId,
      routedDivisionId: requests.routedDivisionId,
      state: requests.state,
    })
    .from(requests)
    .all();

  const everything = () => true;
  actors = [
    { label: 'supervisor, El Paso', actor: makeUser(t.db, 'supervisor', 'hsi-el-paso'), expected: (r) => r.hsiOfficeId === ids.elPaso },
    { label: 'supervisor, Miami', actor: makeUser(t.db, 'supervisor', 'hsi-miami'), expected: (r) => r.hsiOfficeId === ids.miami },
    { label: 'supervisor of an office with no requests', actor: makeUser(t.db, 'supervisor', 'hsi-boston'), expected: () => false },
    { label: 'supervisor with no office', actor: makeUser(t.db, 'supervisor'), expected: () => false },
    { label: 'division, El Paso', actor: makeUser(t.db, 'dea_division', 'dea-el-paso'), expected: (r) => r.routedDivisionId === ids.divElPaso },
    { label: 'division, Miami', actor: makeUser(t.db, 'dea_division', 'dea-miami'), expected: (r) => r.routedDivisionId === ids.divMiami },
    // Proposed for Chicago, never routed there.
    { label: 'division, Chicago', actor: makeUser(t.db, 'dea_division', 'dea-chicago'), expected: () => false },
    { label: 'division with no office', actor: makeUser(t.db, 'dea_division'), expected: () => false },
    { label: 'HSI HQ', actor: makeUser(t.db, 'hsi_hq'), expected: (r) => r.state !== 'draft' },
    { label: 'DEA HQ', actor: makeUser(t.db, 'dea_hq'), expected: (r) => r.state !== 'draft' },
    { label: 'auditor', actor: makeUser(t.db, 'auditor'), expected: everything },
    { label: 'admin', actor: makeUser(t.db, 'admin'), expected: everything },
    { label: 'system', actor: SYSTEM_ACTOR, expected: everything },
  ];
});
afterAll(() => t.close());

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

describe('which requests each role sees', () => {
  it('has a fixture with every state, two offices and routed and unrouted requests', () => {
    expect(rows).toHaveLength(2 * STATES.length * 3);
  });

  it.each([
    'supervisor, El Paso',
    'supervisor, Miami',
    'supervisor of an office with no requests',
    'supervisor with no office',
    'division, El Paso',
    'division, Miami',
    'division, Chicago',
    'division with no office',
    'HSI HQ',
    'DEA HQ',
    'auditor',
    'admin',
    'system',
  ])('%s: the SQL condition, the predicate and the spec agree', (label) => {
    const { actor, expected } = actors.find((a) => a.label === label)!;
    const bySql = t.db.select({ id: requests.id }).from(requests).where(visibleRequestsCondition(actor)).all().map((r) => r.id);
    const byPredicate = rows.filter((r) => canSeeRequest(actor, r)).map((r) => r.id);
    const bySpec = rows.filter(expected).map((r) => r.id);
    expect(sorted(bySql)).toEqual(sorted(bySpec));
    expect(sorted(byPredicate)).toEqual(sorted(bySpec));
  });

  it('gives each scoped role a strict, non-empty subset and HQ all but drafts', () => {
    const count = (label: string) => rows.filter((r) => canSeeRequest(actors.find((a) => a.label === label)!.actor, r)).length;
    expect(count('supervisor, El Paso')).toBe(STATES.length * 3);
    expect(count('division, El Paso')).toBe(2 * STATES.length);
    expect(count('HSI HQ')).toBe(rows.length - 2 * 3);
    expect(count('auditor')).toBe(rows.length);
  });

  it('lets a supervisor see their own office’s drafts, which headquarters never sees', () => {
    const draft = rows.find((r) => r.state === 'draft' && r.hsiOfficeId === ids.elPaso)!;
    const byLabel = (label: string) => actors.find((a) => a.label === label)!.actor;
    expect(canSeeRequest(byLabel('supervisor, El Paso'), draft)).toBe(true);
    expect(canSeeRequest(byLabel('supervisor, Miami'), draft)).toBe(false);
    expect(canSeeRequest(byLabel('HSI HQ'), draft)).toBe(false);
    expect(canSeeRequest(byLabel('DEA HQ'), draft)).toBe(false);
    expect(canSeeRequest(byLabel('auditor'), draft)).toBe(true);
  });
});

describe('which agents each role sees', () => {
  it.each([
    ['supervisor, El Paso', 'their office’s roster'],
    ['supervisor with no office', 'nobody'],
    ['division, El Paso', 'agents with a request routed to them'],
    ['division, Chicago', 'nobody: proposed for Chicago is not routed to Chicago'],
    ['HSI HQ', 'everyone'],
    ['auditor', 'everyone'],
    ['system', 'everyone'],
  ])('%s sees %s', (label) => {
    const { actor } = actors.find((a) => a.label === label)!;
    const allAgents = t.db.select({ id: agents.id, officeId: agents.officeId, agency: agents.agency }).from(agents).all();
    const expected = allAgents
      .filter((agent) => {
        if (actor.kind === 'system') return true;
        switch (actor.role) {
          case 'supervisor':
            return actor.officeId !== null && agent.officeId === actor.officeId;
          case 'dea_division':
            return (
              (agent.agency === 'DEA' && agent.officeId === actor.officeId) ||
              rows.some((r) => r.agentId === agent.id && r.routedDivisionId !== null && r.routedDivisionId === actor.officeId)
            );
          default:
            return true;
        }
      })
      .map((a) => a.id);
    const bySql = t.db.select({ id: agents.id }).from(agents).where(visibleAgentsCondition(actor)).all().map((a) => a.id);
    expect(sorted(bySql)).toEqual(sorted(expected));
  });

  it('shows a division coordinator an agent only through a request routed to their division', () => {
    const divisionElPaso = actors.find((a) => a.label === 'division, El Paso')!.actor;
    const routedHere = rows.find((r) => r.routedDivisionId === ids.divElPaso)!;
    const routedElsewhere = rows.find((r) => r.routedDivisionId === ids.divMiami)!;
    const visible = (agentId: number) =>
      t.db
        .select({ id: agents.id })
        .from(agents)
        .where(visibleAgentsCondition(divisionElPaso))
        .all()
        .some((a) => a.id === agentId);
    expect(visible(routedHere.agentId)).toBe(true);
    expect(visible(routedElsewhere.agentId)).toBe(false);
    expect(t.db.select().from(agents).where(eq(agents.id, routedElsewhere.agentId)).get()).toBeDefined();
  });
});
