// Fuzzing the request writers with hostile input (security issue: "no 500, no stack trace, no partial
// write"): createRequests, editRequest and transitionRequest, each called the way its form or JSON
// route calls it, with anything at all and with the right keys holding hostile values. Each run either
// succeeds or is refused with an AppError that is safe to show, and a refusal writes nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { ACTIONS, isState, REQUEST_KINDS, RESCIND_CATEGORIES, STATES, type State } from '@/lib/domain/workflow-states';
import { anyJson, hostileId, hostileRecord, hostileString, hostileText, hostileValue, longString, nastyString } from '@/lib/testing/fuzz/arbitraries';
import { attempt, attemptAtomically, inRollback, runs, Tally, expectReached } from '@/lib/testing/fuzz/harness';
import { seedWorld, type World } from '@/lib/testing/fuzz/seed';
import { createTestDb, type TestDb } from '@/lib/testing/test-db';
import { idSchema, transitionFormSchema } from '@/lib/validation/transition-input';
import { parseOrThrow } from '@/lib/validation/parse';
import { transitionRequest } from '@/lib/workflow/transition-request';
import { createRequests } from './create-requests';
import { editRequest } from './edit-request';

let t: TestDb;
let world: World;

beforeAll(() => {
  t = createTestDb();
  world = seedWorld(t.db);
});
afterAll(() => t.close());

const reached = (tally: Tally, what: string) => expectReached(tally, what, 0.02);

const actor = (): fc.Arbitrary<Actor> =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(world.people.supervisor as Actor) }, { weight: 2, arbitrary: fc.constantFrom(...world.actors) });

/** A badge: one the tracker holds (own office, another office, DEA), a new valid one, or hostile. */
const badge = () =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...world.badges.all) },
    { weight: 1, arbitrary: fc.constantFrom(...world.badges.all).map((b) => ` ${b.toLowerCase()} `) },
    { weight: 3, arbitrary: fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{2,19}$/) },
    { weight: 1, arbitrary: fc.constantFrom('ß-123', 'ﬃ-123', 'ǅ-ABC', 'İ-123', 'abc\u0000', 'A\u0130B', 'x'.repeat(21), '--', '-AB') },
    { weight: 1, arbitrary: hostileValue },
  );

const agentInput = () =>
  fc.oneof(
    { weight: 3, arbitrary: fc.record({ name: hostileText(1, 120), badge: badge(), dutyStation: hostileText(1, 120) }) },
    { weight: 1, arbitrary: hostileRecord({ name: hostileText(1, 130), badge: badge(), dutyStation: hostileText(1, 130) }) },
    { weight: 1, arbitrary: hostileValue },
  );

/** Valid in shape, hostile in content: reaches the database checks and the writes. */
const deepNewRequestsInput = () =>
  fc.record({
    kind: fc.constantFrom('initial', 'initial', 'initial', 'renewal'),
    deaDivisionId: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...world.ids.divisions) }, { weight: 1, arbitrary: fc.constantFrom(...world.ids.divisions).map(String) }),
    borderNexus: hostileText(20, 4000),
    agents: fc.uniqueArray(
      fc.record({
        name: hostileText(1, 120),
        badge: fc.oneof({ weight: 5, arbitrary: fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{2,19}$/) }, { weight: 1, arbitrary: fc.constantFrom(...world.badges.all) }),
        dutyStation: hostileText(1, 120),
      }),
      { minLength: 1, maxLength: 3, selector: (a) => a.badge.toUpperCase() },
    ),
  });

const newRequestsInput = () =>
  fc.oneof(
    { weight: 4, arbitrary: deepNewRequestsInput() },
    // Mostly valid: gets past the schema into the database checks and the writes.
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constantFrom(...REQUEST_KINDS),
        deaDivisionId: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...world.ids.divisions) }, { weight: 1, arbitrary: hostileId(world.ids.offices) }),
        borderNexus: fc.oneof({ weight: 3, arbitrary: hostileText(20, 4000) }, { weight: 1, arbitrary: longString }, { weight: 1, arbitrary: hostileString }),
        agents: fc.array(agentInput(), { minLength: 1, maxLength: 4 }),
      }),
    },
    {
      weight: 2,
      arbitrary: hostileRecord({
        kind: fc.constantFrom(...REQUEST_KINDS, 'INITIAL', 'renewal ', ''),
        deaDivisionId: hostileId(world.ids.divisions),
        borderNexus: hostileText(20, 4100),
        agents: fc.oneof(fc.array(agentInput(), { maxLength: 27 }), hostileValue),
      }),
    },
    { weight: 1, arbitrary: anyJson },
  );

const submissionKey = () =>
  fc.oneof(
    { weight: 10, arbitrary: fc.stringMatching(/^[A-Za-z0-9-]{8,64}$/) },
    // Keys already used by the seed (helper-key-…), GLOB metacharacters, and anything else.
    { weight: 1, arbitrary: fc.constantFrom(`helper-key-${process.pid}-1`, 'helper-key-*', '*', '????????', '[a-z]*[a-z]*', 'aaaaaaa*', '') },
    { weight: 1, arbitrary: hostileString },
  );

describe('createRequests with hostile input', () => {
  it('succeeds or refuses with a safe AppError, and a refusal writes nothing', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(fc.oneof({ weight: 2, arbitrary: fc.constant(world.people.supervisor as Actor) }, { weight: 1, arbitrary: actor() }), newRequestsInput(), submissionKey(), fc.boolean(), fc.boolean(), (who, input, key, submit, isDryRun) => {
        tally.record(attemptAtomically(t.db, () => createRequests(t.db, who, input, { submit, submissionKey: key, isDryRun })));
      }),
      { numRuns: runs(2000) },
    );
    reached(tally, 'createRequests');
  });

  it('the JSON route: any body, split as POST /api/requests splits it', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(actor(), fc.oneof(newRequestsInput(), anyJson), fc.option(submissionKey(), { nil: null }), (who, body, header) => {
        tally.record(attemptAtomically(t.db, () => {
          if (typeof body !== 'object' || body === null) return 'Send a JSON object.';
          const { submit, submissionKey: inBody, ...input } = body as Record<string, unknown>;
          const key = header ?? inBody;
          return createRequests(t.db, who, input, { submit: submit !== false, submissionKey: typeof key === 'string' ? key : '' });
        }));
      }),
      { numRuns: runs(2000) },
    );
    reached(tally, 'POST /api/requests');
  });
});

const editInput = () =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        name: hostileText(1, 120),
        dutyStation: hostileText(1, 120),
        deaDivisionId: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...world.ids.divisions) }, { weight: 1, arbitrary: hostileId(world.ids.offices) }),
        borderNexus: hostileText(20, 4000),
      }),
    },
    { weight: 2, arbitrary: hostileRecord({ name: hostileText(1, 121), dutyStation: hostileText(1, 121), deaDivisionId: hostileId(world.ids.divisions), borderNexus: hostileText(19, 4001) }) },
    { weight: 1, arbitrary: anyJson },
  );

describe('editRequest with hostile input', () => {
  it('as the edit form posts it: succeeds or refuses safely, writing nothing when refused', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(
        fc.oneof(
          { weight: 2, arbitrary: fc.tuple(fc.constant(world.people.supervisor as Actor), fc.constantFrom(world.requestIds.draft!, world.requestIds.returned!)) },
          { weight: 1, arbitrary: fc.tuple(actor(), hostileId(world.ids.requests)) },
        ),
        editInput(),
        fc.oneof(fc.constant(undefined), fc.constantFrom(...STATES), hostileValue),
        ([who, rawId], input, expected) => {
        tally.record(attemptAtomically(t.db, () => {
          const requestId = parseOrThrow(idSchema, rawId);
          return editRequest(t.db, who, requestId, input, isState(expected) ? (expected as State) : undefined);
        }));
        },
      ),
      { numRuns: runs(2000) },
    );
    reached(tally, 'editRequest');
  });
});

/** Moves the seeded requests' states allow, by the actor who may make them. */
const move = () => {
  const p = world.people;
  const r = world.requestIds;
  const moves: [number, Actor, string][] = [
    [r.draft!, p.supervisor, 'submit'],
    [r.draft!, p.supervisor, 'withdraw'],
    [r.hsiReview!, p.hsi, 'endorse'],
    [r.hsiReview!, p.hsi, 'return'],
    [r.hsiReview!, p.hsi, 'withdraw'],
    [r.deaHqReview!, p.dea, 'route'],
    [r.deaHqReview!, p.dea, 'deny'],
    [r.deaHqReview!, p.dea, 'return'],
    [r.divisionReview!, p.division, 'concur'],
    [r.divisionReview!, p.division, 'nonconcur'],
    [r.divisionReview!, p.division, 'return'],
    [r.deaDecision!, p.dea, 'approve'],
    [r.deaDecision!, p.dea, 'deny'],
    [r.returned!, p.supervisor, 'resubmit'],
    [r.returned!, p.supervisor, 'withdraw'],
    [r.active!, p.hsi, 'rescind'],
    [r.active!, p.dea, 'rescind'],
    [r.pendingTraining!, world.actors.find((a) => a.kind === 'system' && !a.isImport)!, 'activate'],
  ];
  return fc.constantFrom(...moves);
};

const reasonText = () => fc.oneof({ weight: 4, arbitrary: hostileText(1, 2000) }, { weight: 1, arbitrary: longString }, { weight: 1, arbitrary: fc.constantFrom('', '   ', '\u0000', '\t\n', '\u00A0') });

const transitionBody = (action: fc.Arbitrary<unknown>) =>
  hostileRecord({
    action,
    expectedState: fc.oneof(fc.constantFrom(...STATES), fc.constant('')),
    reason: reasonText(),
    reasonCategory: fc.oneof(fc.constantFrom(...RESCIND_CATEGORIES), nastyString),
    divisionId: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...world.ids.divisions) }, { weight: 1, arbitrary: hostileId(world.ids.offices) }),
  }, 10);

const anyAction = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ACTIONS) }, { weight: 1, arbitrary: fc.constantFrom('APPROVE', ' approve', 'approve\u0000', 'toString', '__proto__', 'constructor', 'hasOwnProperty') });

describe('transitionRequest with hostile input', () => {
  it('as POST /api/requests/:id/transitions and the detail page call it', () => {
    const tally = new Tally();
    const request = fc.oneof(
      { weight: 2, arbitrary: move().chain(([id, who, action]) => fc.tuple(fc.constant(who), fc.constantFrom<unknown>(id, String(id)), transitionBody(fc.constant(action)))) },
      { weight: 1, arbitrary: fc.tuple(actor(), hostileId(world.ids.requests), fc.oneof({ weight: 3, arbitrary: transitionBody(anyAction) }, { weight: 1, arbitrary: anyJson })) },
    );
    fc.assert(
      fc.property(request, ([who, rawId, body]) => {
        tally.record(attemptAtomically(t.db, () => {
          const requestId = parseOrThrow(idSchema, rawId);
          if (typeof body !== 'object' || body === null) return 'Send a JSON object.';
          const input = parseOrThrow(transitionFormSchema, body);
          return transitionRequest(t.db, who, { requestId, ...input });
        }));
      }),
      { numRuns: runs(2000) },
    );
    reached(tally, 'POST /api/requests/:id/transitions');
  });

  it('called directly with well-typed but unchecked values (the CLI, imports, the seed)', () => {
    const text = fc.oneof(hostileText(0, 2100), longString, fc.constantFrom('', ' ', '\u0000'));
    const tally = new Tally();
    const target = fc.oneof(
      { weight: 2, arbitrary: move() },
      {
        weight: 1,
        arbitrary: fc.tuple(
          fc.oneof(fc.constantFrom(...world.ids.requests), fc.integer(), fc.constantFrom(0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER)),
          fc.constantFrom(...world.actors),
          fc.oneof({ weight: 4, arbitrary: fc.constantFrom<string>(...ACTIONS) }, { weight: 1, arbitrary: nastyString }),
        ),
      },
    );
    fc.assert(
      fc.property(
        target,
        fc.option(text, { nil: undefined, freq: 4 }),
        fc.option(fc.oneof(fc.constantFrom(...RESCIND_CATEGORIES), nastyString), { nil: undefined, freq: 4 }),
        fc.option(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...world.ids.divisions) }, { weight: 1, arbitrary: fc.constantFrom(...world.ids.offices) }, { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, Number.NaN, 2 ** 53) }), { nil: undefined, freq: 4 }),
        fc.option(fc.constantFrom(...STATES), { nil: undefined }),
        ([requestId, who, action], reason, reasonCategory, divisionId, expectedState) => {
          tally.record(attemptAtomically(t.db, () =>
            transitionRequest(t.db, who, { requestId, action: action as (typeof ACTIONS)[number], reason, reasonCategory, divisionId, expectedState }),
          ));
        },
      ),
      { numRuns: runs(2000) },
    );
    reached(tally, 'transitionRequest');
  });

  it('still moves a request when the input is good (the fuzz reaches the writer)', () => {
    // A guard against a property that passes because everything is refused.
    const outcome = inRollback(t.db, () =>
      attempt(() => transitionRequest(t.db, world.people.hsi, { requestId: world.requestIds.hsiReview!, action: 'return', reason: '<script>alert(1)</script>' })),
    );
    expect(outcome.ok).toBe(true);
  });
});
