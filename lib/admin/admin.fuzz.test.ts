// Fuzzing the administrators' forms with hostile input (security issue: "no 500, no stack trace, no
// partial write"): users (create, update, reset password), offices (create, update) and timeliness
// goal versions, each called as its server action calls it (Object.fromEntries(formData), so strings,
// plus anything a crafted post could carry). Each run succeeds or is refused with a safe AppError, and
// a refusal writes nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it, vi } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { ROLES } from '@/lib/domain/roles';
import { AGENCIES, OFFICE_KINDS } from '@/lib/domain/offices';
import { CLOCKED_STAGE_GOALS } from '@/lib/domain/goals';
import { anyJson, hostileId, hostileRecord, hostileText, hostileValue, isoDateish, longString, nastyString } from '@/lib/testing/fuzz/arbitraries';
import { attemptAtomically, runs, Tally, expectReached } from '@/lib/testing/fuzz/harness';
import { seedWorld, type World } from '@/lib/testing/fuzz/seed';
import { createTestDb, type TestDb } from '@/lib/testing/test-db';
import { addGoalVersion } from '@/lib/timeliness/manage-goals';
import { idSchema } from '@/lib/validation/transition-input';
import { parseOrThrow } from '@/lib/validation/parse';
import { createOffice, updateOffice } from './manage-offices';
import { createUser, resetPassword, updateUser } from './manage-users';

// scrypt at its real cost (about 100 ms) would allow a few hundred runs, not thousands. The hash is
// not what is fuzzed here; the same normalisation the real one applies is kept, so odd Unicode still
// goes through it.
vi.mock('@/lib/auth/password', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/auth/password')>();
  const { createHash } = await import('node:crypto');
  return { ...original, hashPassword: (password: string) => `scrypt$1$1$1$AAAA$${createHash('sha256').update(password.normalize('NFC')).digest('base64')}` };
});

let t: TestDb;
let world: World;

beforeAll(() => {
  t = createTestDb();
  world = seedWorld(t.db);
});
afterAll(() => t.close());

const reached = (tally: Tally, what: string) => expectReached(tally, what, 0.03);

const actor = (): fc.Arbitrary<Actor> => fc.oneof({ weight: 4, arbitrary: fc.constant(world.people.admin as Actor) }, { weight: 1, arbitrary: fc.constantFrom(...world.actors) });
const existingEmail = () => fc.constantFrom(...world.actors.flatMap((a) => (a.kind === 'user' ? [a.email] : [])));
const email = () =>
  fc.oneof(
    // What zod's email check accepts (apostrophes and plus signs included), then anything RFC 5322 allows.
    { weight: 6, arbitrary: fc.tuple(fc.stringMatching(/^[A-Za-z0-9_'+-]{1,30}$/), fc.stringMatching(/^[A-Za-z0-9]{1,12}\.(gov|com|example)$/)).map(([local, domain]) => `${local}@${domain}`) },
    { weight: 1, arbitrary: fc.emailAddress() },
    { weight: 1, arbitrary: existingEmail().map((e) => ` ${e.toUpperCase()} `) },
    { weight: 1, arbitrary: fc.constantFrom('a@b', 'a@b.c', '<script>@x.gov', 'x@x.gov\u0000', "o'brien@agency.gov", 'a"b@c.gov', `${'a'.repeat(250)}@x.gov`, 'ﬃ@x.gov', 'İ@x.gov') },
    { weight: 1, arbitrary: hostileValue },
  );
const password = () => fc.oneof({ weight: 4, arbitrary: fc.string({ unit: 'grapheme', minLength: 12, maxLength: 60 }) }, { weight: 1, arbitrary: fc.constantFrom('x'.repeat(11), 'x'.repeat(256), 'x'.repeat(257), '\u0000'.repeat(12), '😀'.repeat(6), 'A\u030A'.repeat(12)) }, { weight: 1, arbitrary: hostileValue });
const officeIdText = () => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...world.ids.offices.map(String), '') }, { weight: 1, arbitrary: hostileId(world.ids.offices) });
const role = () => fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...ROLES) }, { weight: 1, arbitrary: fc.constantFrom('Admin', 'root', 'system', '', 'toString', '__proto__') });
/** A role with an office that suits it (mostly): gets past checkRoleOffice to the write. */
const roleAndOffice = () =>
  fc.constantFrom(...ROLES).chain((r) =>
    fc.record({
      role: fc.constant<unknown>(r),
      officeId: fc.oneof(
        { weight: 4, arbitrary: r === 'supervisor' ? fc.constantFrom(...world.ids.fieldOffices.map(String)) : r === 'dea_division' ? fc.constantFrom(...world.ids.divisions.map(String)) : fc.constant('') },
        { weight: 1, arbitrary: officeIdText() },
      ),
    }),
  );
const checkbox = () => fc.oneof(fc.constantFrom<unknown>('on', 'true', true, false, '', undefined, 'off', 'false', 'yes', 1, 'ON'), hostileValue);

describe('createUser with hostile input', () => {
  it('creates or refuses safely, writing nothing when refused', () => {
    const tally = new Tally();
    const input = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(fc.record({ email: email(), password: password(), name: hostileText(1, 120) }), roleAndOffice()).map(([a, b]) => ({ ...a, ...b })) },
      { weight: 2, arbitrary: hostileRecord({ email: email(), password: password(), name: hostileText(1, 121), role: role(), officeId: officeIdText() }) },
      { weight: 1, arbitrary: anyJson },
    );
    fc.assert(
      fc.property(actor(), input, (who, data) => {
        tally.record(attemptAtomically(t.db, () => createUser(t.db, who, data)));
      }),
      { numRuns: runs(2000) },
    );
    reached(tally, 'createUser');
  });
});

describe('updateUser and resetPassword with hostile input', () => {
  it('updates or refuses safely, writing nothing when refused', () => {
    const tally = new Tally();
    const input = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(fc.record({ name: hostileText(1, 120), isActive: checkbox() }), roleAndOffice()).map(([a, b]) => ({ ...a, ...b })) },
      { weight: 2, arbitrary: hostileRecord({ name: hostileText(1, 121), role: role(), officeId: officeIdText(), isActive: checkbox() }) },
      { weight: 1, arbitrary: anyJson },
    );
    fc.assert(
      fc.property(actor(), hostileId(world.ids.users), input, (who, rawId, data) => {
        tally.record(
          attemptAtomically(t.db, () => {
            const id = parseOrThrow(idSchema, rawId);
            return updateUser(t.db, who, id, data);
          }),
        );
      }),
      { numRuns: runs(2000) },
    );
    reached(tally, 'updateUser');
  });

  it('resetPassword: changes it or refuses safely', () => {
    const tally = new Tally();
    fc.assert(
      fc.property(actor(), hostileId(world.ids.users), password(), (who, rawId, secret) => {
        tally.record(attemptAtomically(t.db, () => resetPassword(t.db, who, parseOrThrow(idSchema, rawId), secret)));
      }),
      { numRuns: runs(2000) },
    );
    reached(tally, 'resetPassword');
  });
});

describe('offices with hostile input', () => {
  const code = () =>
    fc.oneof(
      { weight: 4, arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,39}$/) },
      { weight: 1, arbitrary: fc.constantFrom('hsi-el-paso', ' HSI-EL-PASO ', 'dea-omaha', 'İ-x', 'ǅ-x', 'a', 'x'.repeat(41), '-ab', 'a_b', 'a%b', "a'b") },
      { weight: 1, arbitrary: hostileValue },
    );

  it('createOffice: creates or refuses safely, writing nothing when refused', () => {
    const tally = new Tally();
    const input = fc.oneof(
      { weight: 4, arbitrary: fc.record({ code: code(), agency: fc.constantFrom(...AGENCIES), kind: fc.constantFrom(...OFFICE_KINDS), name: hostileText(1, 120) }) },
      { weight: 2, arbitrary: hostileRecord({ code: code(), agency: fc.constantFrom(...AGENCIES, 'hsi', 'FBI'), kind: fc.constantFrom(...OFFICE_KINDS, 'Division'), name: hostileText(1, 121) }) },
      { weight: 1, arbitrary: anyJson },
    );
    fc.assert(
      fc.property(actor(), input, (who, data) => {
        tally.record(attemptAtomically(t.db, () => createOffice(t.db, who, data)));
      }),
      { numRuns: runs(2000) },
    );
    reached(tally, 'createOffice');
  });

  it('updateOffice: updates or refuses safely, writing nothing when refused', () => {
    const tally = new Tally();
    const input = fc.oneof(
      { weight: 4, arbitrary: fc.record({ name: fc.oneof(hostileText(1, 120), longString), isActive: checkbox() }) },
      { weight: 1, arbitrary: hostileRecord({ name: hostileText(1, 120), isActive: checkbox() }) },
      { weight: 1, arbitrary: anyJson },
    );
    fc.assert(
      fc.property(actor(), hostileId(world.ids.offices), input, (who, rawId, data) => {
        tally.record(attemptAtomically(t.db, () => updateOffice(t.db, who, parseOrThrow(idSchema, rawId), data)));
      }),
      { numRuns: runs(2000) },
    );
    reached(tally, 'updateOffice');
  });
});

describe('addGoalVersion with hostile input', () => {
  it('adds a version or refuses safely, writing nothing when refused', () => {
    const tally = new Tally();
    const number = (min: number, max: number) =>
      fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min, max }).map(String) },
        { weight: 1, arbitrary: fc.double({ min: min - 1, max: max + 1, noNaN: true }).map(String) },
        { weight: 1, arbitrary: fc.constantFrom(String(min - 1), String(max + 1), '0', '-1', '1e2', '0x10', '', ' 5 ', '5%', 'NaN', 'Infinity', '1e-320', '99.99999999999999') },
      );
    const good = {
      stage: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...CLOCKED_STAGE_GOALS) }, { weight: 1, arbitrary: nastyString }),
      businessDays: number(1, 365),
      warningPercent: number(1, 100),
      effectiveFrom: fc.oneof({ weight: 4, arbitrary: isoDateish }, { weight: 1, arbitrary: fc.constantFrom('2000-01-01') }, { weight: 1, arbitrary: nastyString }),
      note: fc.oneof(hostileText(0, 500), longString, fc.constant('')),
    };
    const input = fc.oneof({ weight: 4, arbitrary: fc.record(good) }, { weight: 2, arbitrary: hostileRecord(good) }, { weight: 1, arbitrary: anyJson });
    fc.assert(
      fc.property(actor(), input, (who, data) => {
        tally.record(attemptAtomically(t.db, () => addGoalVersion(t.db, who, data)));
      }),
      { numRuns: runs(2000) },
    );
    reached(tally, 'addGoalVersion');
  });
});
