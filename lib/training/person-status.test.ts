// Where one person stands on one module (personModuleStatus) and whether that leaves the module owed
// (isOwed): the audience and a retired module (null), a module nobody can owe yet, deadlines counted
// from the later of publication and joining, which records count (version, date), refreshers and the
// warning before they fall due, the latest completion winning, and waivers against completions. Every
// expected date is worked out by hand from a calendar; properties then check the rule over thousands
// of random modules, people and records.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OWING_STATUSES, type ModuleStatus } from '@/lib/domain/training';
import { isOwed, personModuleStatus, type StatusModule, type StatusPerson, type StatusRecord } from './person-status';

const EXPIRING = 10;

const moduleOf = (extra: Partial<StatusModule> = {}): StatusModule => ({
  audience: 'hsi_agents',
  status: 'published',
  minimumCompletionVersion: 1,
  refresherMonths: null,
  completionWindowDays: null,
  requiredSince: '2025-01-01',
  ...extra,
});
const HSI: StatusPerson = { agency: 'HSI', joinedOn: '2024-06-01' };
const DEA: StatusPerson = { agency: 'DEA', joinedOn: '2024-06-01' };

const completion = (completedOn: string, version = 1): StatusRecord => ({ kind: 'completion', version, completedOn, reason: null });
const waiver = (completedOn: string, reason = 'Completed the equivalent DEA academy course.', version = 1): StatusRecord => ({ kind: 'waiver', version, completedOn, reason });

const statusOf = (m: StatusModule, person: StatusPerson, records: StatusRecord[], today: string) => personModuleStatus(m, person, records, today, EXPIRING);

describe('whose module it is', () => {
  it.each([
    ['hsi_agents', DEA],
    ['dea_agents', HSI],
  ] as const)('a %s module is not a %s agent’s to take', (audience, person) => {
    expect(statusOf(moduleOf({ audience }), person, [], '2025-06-01')).toBeNull();
    expect(statusOf(moduleOf({ audience }), person, [completion('2025-02-01')], '2025-06-01')).toBeNull();
  });

  it.each([
    ['hsi_agents', HSI],
    ['dea_agents', DEA],
    ['both', HSI],
    ['both', DEA],
  ] as const)('a %s module is owed by a %s agent', (audience, person) => {
    const status = statusOf(moduleOf({ audience }), person, [], '2025-06-01');
    expect(status?.status).toBe('not_started');
    expect(isOwed(status)).toBe(true);
  });

  it('a retired module is nobody’s, completed or not', () => {
    expect(statusOf(moduleOf({ status: 'retired', completionWindowDays: 30 }), HSI, [], '2025-06-01')).toBeNull();
    expect(statusOf(moduleOf({ status: 'retired' }), HSI, [completion('2025-02-01')], '2025-06-01')).toBeNull();
    expect(isOwed(null)).toBe(false);
  });
});

describe('a module not yet published', () => {
  it.each(['draft', 'in_review', 'disputed'] as const)('a %s module is not yet available, even to someone with a completion on record', (status) => {
    for (const records of [[], [completion('2025-02-01')], [waiver('2025-02-01')]]) {
      const result = statusOf(moduleOf({ status, completionWindowDays: 30 }), HSI, records, '2025-06-01');
      expect(result).toEqual({ status: 'not_yet_available', dueOn: null, validUntil: null, record: null });
      expect(isOwed(result)).toBe(false);
    }
  });

  it('a published module whose counting version was never published is not yet available', () => {
    const result = statusOf(moduleOf({ requiredSince: null, completionWindowDays: 30 }), HSI, [], '2025-06-01');
    expect(result).toEqual({ status: 'not_yet_available', dueOn: null, validUntil: null, record: null });
    expect(isOwed(result)).toBe(false);
  });
});

describe('never completed: the completion window', () => {
  // Published 1 January 2025 with 30 days to complete: due by 31 January.
  const windowed = moduleOf({ requiredSince: '2025-01-01', completionWindowDays: 30 });

  it('is due up to and including the last day of the window', () => {
    for (const today of ['2025-01-01', '2025-01-15', '2025-01-31']) {
      const result = statusOf(windowed, HSI, [], today);
      expect(result).toEqual({ status: 'due', dueOn: '2025-01-31', validUntil: null, record: null });
      expect(isOwed(result)).toBe(true);
    }
  });

  it('is overdue from the day after', () => {
    for (const today of ['2025-02-01', '2026-03-01']) {
      const result = statusOf(windowed, HSI, [], today);
      expect(result).toEqual({ status: 'overdue', dueOn: '2025-01-31', validUntil: null, record: null });
      expect(isOwed(result)).toBe(true);
    }
  });

  it('counts from the day the person joined when that is later than publication', () => {
    // Joined 10 March 2025: 21 days to 31 March, 9 more to 9 April.
    const joinedLater: StatusPerson = { agency: 'HSI', joinedOn: '2025-03-10' };
    expect(statusOf(windowed, joinedLater, [], '2025-04-09')).toMatchObject({ status: 'due', dueOn: '2025-04-09' });
    expect(statusOf(windowed, joinedLater, [], '2025-04-10')).toMatchObject({ status: 'overdue', dueOn: '2025-04-09' });
  });

  it('counts from publication when the person joined earlier', () => {
    // Published 20 February 2025 with 30 days: 8 days to 28 February, 22 more to 22 March.
    const m = moduleOf({ requiredSince: '2025-02-20', completionWindowDays: 30 });
    const joinedEarlier: StatusPerson = { agency: 'HSI', joinedOn: '2019-07-01' };
    expect(statusOf(m, joinedEarlier, [], '2025-03-22')).toMatchObject({ status: 'due', dueOn: '2025-03-22' });
    expect(statusOf(m, joinedEarlier, [], '2025-03-23')).toMatchObject({ status: 'overdue', dueOn: '2025-03-22' });
  });

  it('is not started, with no deadline, when the module sets no window', () => {
    const result = statusOf(moduleOf({ completionWindowDays: null }), HSI, [], '2030-01-01');
    expect(result).toEqual({ status: 'not_started', dueOn: null, validUntil: null, record: null });
    expect(isOwed(result)).toBe(true);
  });
});

describe('which records count', () => {
  it('a completion of a version below the minimum does not count: the new version is required again', () => {
    const m = moduleOf({ minimumCompletionVersion: 2, requiredSince: '2025-05-01', completionWindowDays: 60 });
    // 60 days from 1 May: 30 to 31 May, 30 more to 30 June.
    const result = statusOf(m, HSI, [completion('2025-02-01', 1)], '2025-06-01');
    expect(result).toEqual({ status: 'due', dueOn: '2025-06-30', validUntil: null, record: null });
    expect(isOwed(result)).toBe(true);
  });

  it.each([2, 3])('a completion of version %i counts when the minimum is 2', (version) => {
    const m = moduleOf({ minimumCompletionVersion: 2, requiredSince: '2025-05-01', completionWindowDays: 60 });
    const result = statusOf(m, HSI, [completion('2025-05-20', version)], '2025-06-01');
    expect(result).toEqual({ status: 'completed', dueOn: null, validUntil: null, record: completion('2025-05-20', version) });
    expect(isOwed(result)).toBe(false);
  });

  it('a completion dated after today does not count yet; dated today, it does', () => {
    const m = moduleOf({ completionWindowDays: 30 });
    expect(statusOf(m, HSI, [completion('2025-01-21')], '2025-01-20')).toEqual({ status: 'due', dueOn: '2025-01-31', validUntil: null, record: null });
    expect(statusOf(m, HSI, [completion('2025-01-20')], '2025-01-20')).toMatchObject({ status: 'completed', record: completion('2025-01-20') });
  });
});

describe('refreshers', () => {
  // Completed 31 January 2025, refresher every month: 31 February does not exist, so the refresher
  // falls due on 28 February; with 10 days' warning it is expiring soon from 18 February.
  const monthly = moduleOf({ refresherMonths: 1 });
  const done = completion('2025-01-31');

  it('is completed until the refresher date, which is a calendar month on (clamped to the month’s end)', () => {
    for (const today of ['2025-01-31', '2025-02-17']) {
      const result = statusOf(monthly, HSI, [done], today);
      expect(result).toEqual({ status: 'completed', dueOn: null, validUntil: '2025-02-28', record: done });
      expect(isOwed(result)).toBe(false);
    }
  });

  it('is expiring soon from exactly the warning days before the refresher date, up to the day before it', () => {
    for (const today of ['2025-02-18', '2025-02-27']) {
      const result = statusOf(monthly, HSI, [done], today);
      expect(result).toEqual({ status: 'expiring_soon', dueOn: null, validUntil: '2025-02-28', record: done });
      expect(isOwed(result)).toBe(false);
    }
  });

  it('is due on the refresher date itself, and overdue the day after', () => {
    const onTheDay = statusOf(monthly, HSI, [done], '2025-02-28');
    expect(onTheDay).toEqual({ status: 'due', dueOn: '2025-02-28', validUntil: null, record: done });
    expect(isOwed(onTheDay)).toBe(true);
    const after = statusOf(monthly, HSI, [done], '2025-03-01');
    expect(after).toEqual({ status: 'overdue', dueOn: '2025-02-28', validUntil: null, record: done });
    expect(isOwed(after)).toBe(true);
  });

  it('falls due a year on for a twelve-month refresher, with no expiring soon when no warning is given', () => {
    const yearly = moduleOf({ refresherMonths: 12 });
    const result = personModuleStatus(yearly, HSI, [completion('2024-02-29')], '2025-02-27', 0);
    // 29 February 2025 does not exist: 28 February.
    expect(result).toEqual({ status: 'completed', dueOn: null, validUntil: '2025-02-28', record: completion('2024-02-29') });
    expect(personModuleStatus(yearly, HSI, [completion('2024-02-29')], '2025-02-28', 0)).toMatchObject({ status: 'due', dueOn: '2025-02-28' });
  });

  it('the latest completion decides, whatever order the records come in', () => {
    const yearly = moduleOf({ refresherMonths: 12 });
    const older = completion('2024-01-15');
    const newer = completion('2025-01-15');
    for (const records of [
      [older, newer],
      [newer, older],
    ]) {
      expect(statusOf(yearly, HSI, records, '2025-06-01')).toEqual({ status: 'completed', dueOn: null, validUntil: '2026-01-15', record: newer });
    }
  });

  it('a later completion that does not count (too old a version, or in the future) does not renew the refresher', () => {
    const m = moduleOf({ refresherMonths: 12, minimumCompletionVersion: 2 });
    const counting = completion('2024-03-01', 2);
    const records = [counting, completion('2025-02-01', 1), completion('2025-04-01', 2)];
    // The counting one lapsed on 1 March 2025; today is 2 March.
    expect(statusOf(m, HSI, records, '2025-03-02')).toEqual({ status: 'overdue', dueOn: '2025-03-01', validUntil: null, record: counting });
  });
});

describe('waivers and exemptions', () => {
  const windowed = moduleOf({ completionWindowDays: 30 });

  it('a waiver leaves the person waived, with the reason on the record', () => {
    const w = waiver('2025-02-10', 'Exempt: completed the DEA Basic Agent course.');
    const result = statusOf(windowed, HSI, [w], '2025-06-01');
    expect(result).toEqual({ status: 'waived', dueOn: null, validUntil: null, record: w });
    expect(result?.record?.reason).toBe('Exempt: completed the DEA Basic Agent course.');
    expect(isOwed(result)).toBe(false);
  });

  it('a valid completion beats a waiver', () => {
    const c = completion('2025-01-20');
    for (const records of [
      [c, waiver('2025-02-10')],
      [waiver('2025-02-10'), c],
    ]) {
      expect(statusOf(windowed, HSI, records, '2025-06-01')).toEqual({ status: 'completed', dueOn: null, validUntil: null, record: c });
    }
  });

  it('a waiver beats a completion whose refresher has lapsed', () => {
    const m = moduleOf({ refresherMonths: 12 });
    const w = waiver('2024-05-01');
    // Completed 10 January 2023, lapsed 10 January 2024.
    expect(statusOf(m, HSI, [completion('2023-01-10'), w], '2025-01-01')).toEqual({ status: 'waived', dueOn: null, validUntil: null, record: w });
  });

  it('a waiver of a version below the minimum does not count', () => {
    const m = moduleOf({ minimumCompletionVersion: 2, completionWindowDays: 30 });
    const result = statusOf(m, HSI, [waiver('2025-01-05', 'Exempt.', 1)], '2025-06-01');
    expect(result).toEqual({ status: 'overdue', dueOn: '2025-01-31', validUntil: null, record: null });
    expect(isOwed(result)).toBe(true);
  });

  it('a waiver dated after today does not count yet', () => {
    expect(statusOf(windowed, HSI, [waiver('2025-01-21')], '2025-01-20')).toMatchObject({ status: 'due', dueOn: '2025-01-31' });
  });
});

// Random modules, people and records, all with dates by day number built without the code under test.
const dateOf = (day: number) => new Date(Date.UTC(2020, 0, 1 + day)).toISOString().slice(0, 10);
const date = fc.integer({ min: 0, max: 3650 }).map(dateOf);
const STATUSES: readonly ModuleStatus[] = ['draft', 'in_review', 'disputed', 'published', 'retired'];
const anyModule = fc.record({
  audience: fc.constantFrom('hsi_agents' as const, 'dea_agents' as const, 'both' as const),
  status: fc.constantFrom(...STATUSES),
  minimumCompletionVersion: fc.integer({ min: 1, max: 3 }),
  refresherMonths: fc.option(fc.integer({ min: 1, max: 36 }), { nil: null }),
  completionWindowDays: fc.option(fc.integer({ min: 1, max: 730 }), { nil: null }),
  requiredSince: fc.option(date, { nil: null }),
});
const anyPerson = fc.record({ agency: fc.constantFrom('HSI' as const, 'DEA' as const), joinedOn: date });
const anyRecord = fc.record({
  kind: fc.constantFrom('completion' as const, 'waiver' as const),
  version: fc.integer({ min: 1, max: 4 }),
  completedOn: date,
  reason: fc.constant('Reason.'),
});
const anyRecords = fc.array(anyRecord, { maxLength: 6 });
const warning = fc.integer({ min: 0, max: 120 });
const RUNS = { numRuns: 2000 };

describe('properties', () => {
  it('only a published module can leave someone owing it, due or overdue', () => {
    fc.assert(
      fc.property(anyModule, anyPerson, anyRecords, date, warning, (m, person, records, today, days) => {
        const result = personModuleStatus(m, person, records, today, days);
        if (isOwed(result) || result?.status === 'overdue' || result?.status === 'due') expect(m.status).toBe('published');
      }),
      RUNS,
    );
  });

  it('isOwed holds exactly when the status is not started, due or overdue', () => {
    fc.assert(
      fc.property(anyModule, anyPerson, anyRecords, date, warning, (m, person, records, today, days) => {
        const result = personModuleStatus(m, person, records, today, days);
        expect(isOwed(result)).toBe(result !== null && ['not_started', 'due', 'overdue'].includes(result.status));
        expect(isOwed(result)).toBe(result !== null && OWING_STATUSES.includes(result.status));
      }),
      RUNS,
    );
  });

  it('the result is null exactly when the person is outside the audience or the module is retired', () => {
    fc.assert(
      fc.property(anyModule, anyPerson, anyRecords, date, warning, (m, person, records, today, days) => {
        const outside = m.audience === 'hsi_agents' ? person.agency !== 'HSI' : m.audience === 'dea_agents' ? person.agency !== 'DEA' : false;
        expect(personModuleStatus(m, person, records, today, days) === null).toBe(outside || m.status === 'retired');
      }),
      RUNS,
    );
  });

  it('a counting completion on or before today, with no refresher, is never owed', () => {
    fc.assert(
      fc.property(
        anyModule.map((m) => ({ ...m, status: 'published' as const, audience: 'both' as const, refresherMonths: null, requiredSince: m.requiredSince ?? '2020-01-01' })),
        anyPerson,
        anyRecords,
        fc.integer({ min: 0, max: 3650 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 3 }),
        warning,
        (m, person, others, completedDay, daysLater, extraVersions, days) => {
          const done = completion(dateOf(completedDay), m.minimumCompletionVersion + extraVersions);
          const result = personModuleStatus(m, person, [...others, done], dateOf(completedDay + daysLater), days);
          expect(isOwed(result)).toBe(false);
          expect(result?.status).toBe('completed');
          expect(result?.validUntil).toBeNull();
        },
      ),
      RUNS,
    );
  });

  it('a deadline, when there is one, is met on the day and missed the day after', () => {
    fc.assert(
      fc.property(anyModule, anyPerson, anyRecords, date, warning, (m, person, records, today, days) => {
        const result = personModuleStatus(m, person, records, today, days);
        if (result?.status === 'due') expect(today <= result.dueOn!).toBe(true);
        if (result?.status === 'overdue') expect(today > result.dueOn!).toBe(true);
        if (result && result.status !== 'due' && result.status !== 'overdue') expect(result.dueOn).toBeNull();
      }),
      RUNS,
    );
  });

  it('the record that decides a status counts: a version at least the minimum, dated no later than today', () => {
    fc.assert(
      fc.property(anyModule, anyPerson, anyRecords, date, warning, (m, person, records, today, days) => {
        const record = personModuleStatus(m, person, records, today, days)?.record;
        if (record) {
          expect(record.version).toBeGreaterThanOrEqual(m.minimumCompletionVersion);
          expect(record.completedOn <= today).toBe(true);
        }
      }),
      RUNS,
    );
  });
});
