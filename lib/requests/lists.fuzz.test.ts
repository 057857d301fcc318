// Fuzzing the read side with hostile filters (security issue: "no 500, no stack trace"): the request
// list, the roster, the inbox, the auditors' dashboard (and its CSV downloads) and a request's detail,
// each given what a query string, a page's searchParams or a JSON client can hold. Each call either
// answers or is refused with a safe AppError, and a read never writes.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAgents } from '@/lib/agents/list-agents';
import type { Actor } from '@/lib/auth/actor';
import { REQUEST_KINDS, STATES } from '@/lib/domain/workflow-states';
import { anyJson, hostileId, hostileRecord, hostileString, isoDateish, nastyString } from '@/lib/testing/fuzz/arbitraries';
import { attemptAtomically, runs, Tally, expectReached } from '@/lib/testing/fuzz/harness';
import { seedWorld, type World } from '@/lib/testing/fuzz/seed';
import { createTestDb, type TestDb } from '@/lib/testing/test-db';
import { dashboardData } from '@/lib/timeliness/dashboard';
import { DASHBOARD_TABLES, dashboardCsv } from '@/lib/timeliness/dashboard-csv';
import { idSchema } from '@/lib/validation/transition-input';
import { parseOrThrow } from '@/lib/validation/parse';
import { firstValues } from '@/lib/web/search-params';
import { getRequestDetail } from './get-request';
import { inboxCount, inboxFor } from './inbox';
import { listRequests } from './list-requests';

let t: TestDb;
let world: World;

beforeAll(() => {
  t = createTestDb();
  world = seedWorld(t.db);
});
afterAll(() => t.close());

const reached = (tally: Tally, what: string) => expectReached(tally, what, 0.05);

const actor = (): fc.Arbitrary<Actor> => fc.constantFrom(...world.actors);

/** Search text: names and badges the tracker holds, LIKE and GLOB wildcards, markup, SQL. */
const searchText = () =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...world.badges.all, 'Agent', '<i>', 'T21-', 't21-20', '%', '_', '\\', '%\\', '\\%', "'", '"', '--', '/*', 'FZ_', 'fz-%') },
    { weight: 3, arbitrary: nastyString },
    { weight: 1, arbitrary: hostileString },
  );

/** What Object.fromEntries(searchParams) gives: strings only. `valid` holds good values, to get past
 * the schema into the queries; `model` holds hostile ones. */
const queryOf = (model: Record<string, fc.Arbitrary<unknown>>, valid: fc.Arbitrary<Record<string, unknown>>) =>
  fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 3, arbitrary: fc.record(model, { requiredKeys: [] }) },
    // A page's searchParams: repeated keys come as arrays, firstValues takes the first.
    { weight: 1, arbitrary: fc.record(Object.fromEntries(Object.entries(model).map(([k, a]) => [k, fc.array(a as fc.Arbitrary<string>, { minLength: 1, maxLength: 3 })])), { requiredKeys: [] }).map((p) => firstValues(p as Record<string, string[]>)) },
    { weight: 2, arbitrary: hostileRecord(model) },
    { weight: 1, arbitrary: anyJson },
  );

const idText = (ids: readonly number[]) => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ids).map(String) }, { weight: 1, arbitrary: fc.constantFrom('', ' ', '0', '-1', '1.5', '1e3', '0x10', '9007199254740993', 'NaN', 'Infinity', '١٢') }, { weight: 1, arbitrary: nastyString });
const pageText = fc.oneof(fc.integer({ min: -2, max: 100_002 }).map(String), fc.constantFrom('', '1', '2', '100000', '100001', '1e5', '0', '-0', '1.0', '01', ' 3 '), nastyString);

describe('listRequests with hostile filters', () => {
  it('answers or refuses safely, and writes nothing', () => {
    const tally = new Tally();
    const filters = queryOf({
      q: searchText(),
      state: fc.oneof(fc.constantFrom(...STATES, ''), nastyString),
      office: idText(world.ids.fieldOffices),
      division: idText(world.ids.divisions),
      kind: fc.oneof(fc.constantFrom(...REQUEST_KINDS, '', 'INITIAL'), nastyString),
      page: pageText,
    }, fc.record({
      q: fc.oneof(searchText().map((q) => q.slice(0, 100))),
      state: fc.constantFrom(...STATES, ''),
      office: fc.constantFrom(...world.ids.fieldOffices.map(String), ''),
      division: fc.constantFrom(...world.ids.divisions.map(String), ''),
      kind: fc.constantFrom(...REQUEST_KINDS, ''),
      page: fc.constantFrom('', '1', '2', '100000'),
    }, { requiredKeys: [] }));
    fc.assert(
      fc.property(actor(), filters, (who, params) => {
        const outcome = tally.record(attemptAtomically(t.db, () => listRequests(t.db, who, params)));
        if (outcome.ok) {
          expect(outcome.value.rows.length).toBeLessThanOrEqual(25);
          expect(outcome.value.total).toBeGreaterThanOrEqual(outcome.value.rows.length);
        }
      }),
      { numRuns: runs(2000) },
    );
    reached(tally, 'listRequests');
  });
});

describe('listAgents with hostile filters', () => {
  it('answers or refuses safely, and writes nothing', () => {
    const tally = new Tally();
    const filters = queryOf(
      { q: searchText(), office: idText(world.ids.offices), page: pageText },
      fc.record({ q: searchText().map((q) => q.slice(0, 100)), office: fc.constantFrom(...world.ids.offices.map(String), ''), page: fc.constantFrom('', '1', '2', '100000') }, { requiredKeys: [] }),
    );
    fc.assert(
      fc.property(actor(), filters, (who, params) => {
        tally.record(attemptAtomically(t.db, () => listAgents(t.db, who, params)));
      }),
      { numRuns: runs(2000) },
    );
    reached(tally, 'listAgents');
  });
});

describe('inboxFor', () => {
  it('answers every actor, and writes nothing', () => {
    // No input but the actor; every kind of actor, the odd ones included.
    for (const who of world.actors) {
      const outcome = attemptAtomically(t.db, () => ({ groups: inboxFor(t.db, who), count: inboxCount(t.db, who) }));
      if (outcome.ok) expect(outcome.value.count).toBe(outcome.value.groups.reduce((n, g) => n + g.total, 0));
    }
  });
});

describe('dashboardData (and its CSV downloads) with hostile filters', () => {
  it('answers or refuses safely, and writes nothing', () => {
    const tally = new Tally();
    const filters = queryOf({
      fy: fc.oneof(fc.integer({ min: 1985, max: 2105 }).map(String), fc.constantFrom('', '2025', '2025.5', '1e3', '-2025', ' 2026 '), nastyString),
      from: fc.oneof(isoDateish, nastyString),
      to: fc.oneof(isoDateish, nastyString),
      office: idText(world.ids.fieldOffices),
      division: idText(world.ids.divisions),
      kind: fc.oneof(fc.constantFrom(...REQUEST_KINDS, ''), nastyString),
      activeOn: fc.oneof(isoDateish, nastyString),
    }, fc.record({
      fy: fc.oneof(fc.integer({ min: 1990, max: 2100 }).map(String), fc.constant('')),
      period: fc.option(fc.tuple(isoDateish, isoDateish).map(([a, b]) => (a <= b ? [a, b] : [b, a]))),
      office: fc.constantFrom(...world.ids.fieldOffices.map(String), ''),
      division: fc.constantFrom(...world.ids.divisions.map(String), ''),
      kind: fc.constantFrom(...REQUEST_KINDS, ''),
      activeOn: fc.oneof(isoDateish, fc.constant('')),
    }, { requiredKeys: [] }).map(({ period, ...rest }) => (period ? { ...rest, from: period[0], to: period[1] } : rest)));
    fc.assert(
      fc.property(
        fc.constantFrom(world.people.auditor, world.people.dea, world.people.division, world.people.officelessDivision, world.people.hsi, world.people.admin, world.people.supervisor),
        filters,
        fc.constantFrom(...DASHBOARD_TABLES),
        (who, params, table) => {
          tally.record(
            attemptAtomically(t.db, () => {
              const data = dashboardData(t.db, who, params);
              return dashboardCsv(data, table);
            }),
          );
        },
      ),
      { numRuns: runs(2000) },
    );
    reached(tally, 'dashboardData');
  });
});

describe('getRequestDetail by an id from the URL', () => {
  it('answers or refuses safely (404 for what the actor may not see), and writes nothing', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(actor(), hostileId(world.ids.requests), (who, rawId) => {
        tally.record(
          attemptAtomically(t.db, () => {
            // As GET /api/requests/:id: a malformed id is a 404, like one out of scope.
            const id = idSchema.safeParse(rawId);
            if (!id.success) return null;
            return getRequestDetail(t.db, who, parseOrThrow(idSchema, rawId));
          }),
        );
      }),
      { numRuns: runs(2000) },
    );
    reached(tally, 'getRequestDetail');
  });
});
