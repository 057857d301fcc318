// The business-day calendar (DOMAIN.md "Timeliness, exactly"): Monday to Friday less federal holidays
// as observed under 5 U.S.C. 6103, counted over dates d with date(a) < d ≤ date(b) in the calendar's
// zone. Known dates first, each worked out from a wall calendar; then properties checked over
// thousands of random dates against a brute-force count and against the holiday package's own
// isAHoliday, which shares no code with ours.
import fedHolidays from '@18f/us-federal-holidays';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessDays, businessDaysBetween, businessDaysBetweenDates, dayNumber, isBusinessDay, isFederalHoliday } from './business-days';
import { calendarDate, fiscalYear } from './dates';

const NEW_YORK = 'America/New_York';
const LOS_ANGELES = 'America/Los_Angeles';
const RUNS = { numRuns: 1000 };

/** An instant written with its offset, as people write them. */
const at = (iso: string) => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`Not an instant: ${iso}`);
  return ms;
};

// Dates by day number, built without the module under test.
const dateOf = (day: number) => new Date(Date.UTC(1970, 0, 1 + day)).toISOString().slice(0, 10);
const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const DAY_2015 = Date.UTC(2015, 0, 1) / 86_400_000;
const DAY_2035 = Date.UTC(2035, 11, 31) / 86_400_000;
const dayIn2015to2035 = fc.integer({ min: DAY_2015, max: DAY_2035 });

describe('observed federal holidays', () => {
  it.each([
    ['2021-12-31', 'New Year’s Day 2022 (a Saturday) observed on Friday 31 December 2021'],
    ['2026-07-03', 'Independence Day 2026 (a Saturday) observed on Friday 3 July'],
    ['2022-12-26', 'Christmas Day 2022 (a Sunday) observed on Monday 26 December'],
    ['2021-06-18', 'Juneteenth 2021 (a Saturday) observed on Friday 18 June'],
    ['2022-06-20', 'Juneteenth 2022 (a Sunday) observed on Monday 20 June'],
    ['2026-11-26', 'Thanksgiving 2026, the fourth Thursday of November'],
    ['2026-01-19', 'Birthday of Martin Luther King, Jr., third Monday of January 2026'],
  ])('%s is a holiday: %s', (date) => {
    expect(isFederalHoliday(date)).toBe(true);
    expect(isBusinessDay(date)).toBe(false);
  });

  it.each([
    ['2020-06-19', 'a Friday before Juneteenth became a federal holiday (June 2021)'],
    ['2022-01-03', 'the Monday after New Year’s Day 2022, which was observed the Friday before'],
    ['2026-07-06', 'the Monday after Independence Day 2026, which was observed the Friday before'],
    ['2022-06-17', 'the Friday before Juneteenth 2022, which was observed the Monday after'],
  ])('%s is a business day: %s', (date) => {
    expect(isFederalHoliday(date)).toBe(false);
    expect(isBusinessDay(date)).toBe(true);
  });

  it('does not treat the weekend day of a shifted holiday as the holiday', () => {
    // 4 July 2026 is a Saturday: a weekend day, and not itself the observed holiday.
    expect(isFederalHoliday('2026-07-04')).toBe(false);
    expect(isBusinessDay('2026-07-04')).toBe(false);
  });
});

describe('businessDaysBetweenDates', () => {
  it('counts nothing from a date to itself, or backwards', () => {
    expect(businessDaysBetweenDates('2026-03-04', '2026-03-04')).toBe(0);
    expect(businessDaysBetweenDates('2026-03-07', '2026-03-07')).toBe(0);
    expect(businessDaysBetweenDates('2026-03-05', '2026-03-04')).toBe(0);
  });

  it('counts Friday to the next Monday as one', () => {
    // Fri 6 Mar 2026 → Sat 7, Sun 8, Mon 9: only Monday counts.
    expect(businessDaysBetweenDates('2026-03-06', '2026-03-09')).toBe(1);
  });

  it('counts Saturday and Sunday starts from the next Monday', () => {
    expect(businessDaysBetweenDates('2026-03-07', '2026-03-09')).toBe(1);
    expect(businessDaysBetweenDates('2026-03-08', '2026-03-09')).toBe(1);
    expect(businessDaysBetweenDates('2026-03-07', '2026-03-08')).toBe(0);
  });

  it('counts a full week as five', () => {
    expect(businessDaysBetweenDates('2026-03-02', '2026-03-09')).toBe(5);
  });

  it('leaves out Thanksgiving in Thanksgiving week', () => {
    // Fri 20 Nov 2026 → Mon 23, Tue 24, Wed 25, (Thu 26 Thanksgiving), Fri 27.
    expect(businessDaysBetweenDates('2026-11-20', '2026-11-27')).toBe(4);
    // Wednesday to Friday across Thanksgiving: only Friday.
    expect(businessDaysBetweenDates('2026-11-25', '2026-11-27')).toBe(1);
  });

  it('counts across a year end, less Christmas and New Year as observed', () => {
    // Thu 23 Dec 2021 → (Fri 24 Christmas observed), Mon 27, Tue 28, Wed 29, Thu 30,
    // (Fri 31 New Year 2022 observed), Mon 3 Jan 2022: five.
    expect(businessDaysBetweenDates('2021-12-23', '2022-01-03')).toBe(5);
    // Thu 30 Dec 2021 → Mon 3 Jan 2022: Friday 31 is a holiday, so only Monday.
    expect(businessDaysBetweenDates('2021-12-30', '2022-01-03')).toBe(1);
  });

  it('leaves out Juneteenth from 2021 but not before', () => {
    // Thu 18 Jun 2020 → Fri 19 (a business day in 2020), Mon 22: two.
    expect(businessDaysBetweenDates('2020-06-18', '2020-06-22')).toBe(2);
    // Thu 17 Jun 2021 → (Fri 18 observed Juneteenth), Mon 21: one.
    expect(businessDaysBetweenDates('2021-06-17', '2021-06-21')).toBe(1);
    // Fri 17 Jun 2022 → (Mon 20 observed Juneteenth), Tue 21: one.
    expect(businessDaysBetweenDates('2022-06-17', '2022-06-21')).toBe(1);
  });

  it('leaves out Independence Day observed on Friday 3 July 2026', () => {
    // Wed 1 Jul → Thu 2, (Fri 3), Mon 6: two.
    expect(businessDaysBetweenDates('2026-07-01', '2026-07-06')).toBe(2);
  });

  it('counts a calendar year of business days', () => {
    // 2026 has 261 weekdays (1 Jan is a Thursday, 52 weeks + Thu) and 11 observed holidays on weekdays.
    expect(businessDaysBetweenDates('2025-12-31', '2026-12-31')).toBe(261 - 11);
  });
});

describe('businessDaysBetween (instants, dates taken in the zone)', () => {
  it('takes an evening that is already the next day in UTC as the local date', () => {
    // 23:30 on Friday 20 Nov 2026 in New York is 04:30 on Saturday in UTC.
    const fridayEvening = at('2026-11-20T23:30:00-05:00');
    expect(calendarDate(fridayEvening, NEW_YORK)).toBe('2026-11-20');
    expect(calendarDate(fridayEvening, 'UTC')).toBe('2026-11-21');
    expect(businessDaysBetween(fridayEvening, at('2026-11-23T09:00:00-05:00'), NEW_YORK)).toBe(1);
    // Thursday evening in New York (Friday in UTC) to Friday morning: one day in New York, none in UTC.
    const thursdayEvening = at('2026-11-19T23:30:00-05:00');
    const fridayMorning = at('2026-11-20T10:00:00-05:00');
    expect(businessDaysBetween(thursdayEvening, fridayMorning, NEW_YORK)).toBe(1);
    expect(businessDaysBetween(thursdayEvening, fridayMorning, 'UTC')).toBe(0);
  });

  it('counts the same day as zero however many hours apart', () => {
    expect(businessDaysBetween(at('2026-11-20T00:01:00-05:00'), at('2026-11-20T23:59:00-05:00'), NEW_YORK)).toBe(0);
  });

  it('counts one minute across midnight as a day', () => {
    expect(businessDaysBetween(at('2026-11-19T23:59:00-05:00'), at('2026-11-20T00:00:00-05:00'), NEW_YORK)).toBe(1);
  });

  it('counts calendar dates, not hours, across the spring change (8 March 2026 in New York)', () => {
    // Sat 7 Mar 23:30 EST to Mon 9 Mar 00:15 EDT is 23 h 45 min, less than a day, yet it reaches Monday.
    const saturdayNight = at('2026-03-07T23:30:00-05:00');
    const mondayJustAfterMidnight = at('2026-03-09T00:15:00-04:00');
    expect(mondayJustAfterMidnight - saturdayNight).toBeLessThan(86_400_000);
    expect(calendarDate(mondayJustAfterMidnight, NEW_YORK)).toBe('2026-03-09');
    expect(businessDaysBetween(saturdayNight, mondayJustAfterMidnight, NEW_YORK)).toBe(1);
    // Friday noon to that Monday: one, though a fixed EST offset would put the instant on Sunday.
    expect(businessDaysBetween(at('2026-03-06T12:00:00-05:00'), mondayJustAfterMidnight, NEW_YORK)).toBe(1);
  });

  it('counts calendar dates, not hours, across the autumn change (1 November 2026 in New York)', () => {
    // Sunday 1 Nov 23:30 EST is 04:30 UTC on Monday; with a fixed EDT offset it would read as Monday.
    const sundayNight = at('2026-11-01T23:30:00-05:00');
    expect(calendarDate(sundayNight, NEW_YORK)).toBe('2026-11-01');
    expect(businessDaysBetween(at('2026-10-30T12:00:00-04:00'), sundayNight, NEW_YORK)).toBe(0);
    // Friday 30 Oct 23:30 EDT to Monday 2 Nov 00:30 EST: 74 hours, one business day.
    expect(businessDaysBetween(at('2026-10-30T23:30:00-04:00'), at('2026-11-02T00:30:00-05:00'), NEW_YORK)).toBe(1);
  });

  it('reads the dates in the zone it is given', () => {
    // 06:00 UTC on Friday 20 Nov 2026 is 01:00 Friday in New York but 22:00 Thursday in Los Angeles.
    const betweenMidnights = at('2026-11-20T06:00:00Z');
    expect(calendarDate(betweenMidnights, NEW_YORK)).toBe('2026-11-20');
    expect(calendarDate(betweenMidnights, LOS_ANGELES)).toBe('2026-11-19');
    const fridayAfternoon = at('2026-11-20T20:00:00Z');
    expect(businessDaysBetween(betweenMidnights, fridayAfternoon, NEW_YORK)).toBe(0);
    expect(businessDaysBetween(betweenMidnights, fridayAfternoon, LOS_ANGELES)).toBe(1);
  });

  it('agrees with the platform’s own time-zone rules on the local date of any instant', () => {
    const zones = ['America/New_York', 'America/Los_Angeles', 'America/Phoenix', 'Pacific/Honolulu', 'America/Puerto_Rico', 'UTC'];
    const formatters = new Map(zones.map((zone) => [zone, new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })]));
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2035, 11, 31) }), fc.constantFrom(...zones), (ms, zone) => {
        expect(calendarDate(ms, zone)).toBe(formatters.get(zone)!.format(ms));
      }),
      RUNS,
    );
  });
});

describe('addBusinessDays', () => {
  it('skips weekends', () => {
    // Fri 6 Mar 2026 + 1 → Mon 9; + 5 → Fri 13.
    expect(addBusinessDays('2026-03-06', 1)).toBe('2026-03-09');
    expect(addBusinessDays('2026-03-06', 5)).toBe('2026-03-13');
    // From a Saturday, the first business day is Monday.
    expect(addBusinessDays('2026-03-07', 1)).toBe('2026-03-09');
  });

  it('skips holidays', () => {
    // Thu 2 Jul 2026 + 1: Fri 3 is Independence Day observed → Mon 6.
    expect(addBusinessDays('2026-07-02', 1)).toBe('2026-07-06');
    // Thu 23 Dec 2021 + 2: (Fri 24 holiday), Mon 27, Tue 28.
    expect(addBusinessDays('2021-12-23', 2)).toBe('2021-12-28');
    // Wed 25 Nov 2026 + 1: (Thu 26 Thanksgiving) → Fri 27.
    expect(addBusinessDays('2026-11-25', 1)).toBe('2026-11-27');
    // Thu 30 Dec 2021 + 1: (Fri 31 New Year observed) → Mon 3 Jan 2022.
    expect(addBusinessDays('2021-12-30', 1)).toBe('2022-01-03');
  });

  it('adds nothing for zero days', () => {
    expect(addBusinessDays('2026-03-07', 0)).toBe('2026-03-07');
  });
});

describe('dates', () => {
  it('numbers days from 1 January 1970', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1970-01-05')).toBe(4);
    expect(dayNumber('2000-03-01') - dayNumber('2000-02-28')).toBe(2); // 2000 was a leap year
    expect(dayNumber('2100-03-01') - dayNumber('2100-02-28')).toBe(1); // 2100 will not be
  });

  it('cuts the federal fiscal year on 1 October', () => {
    expect(fiscalYear('2025-09-30')).toBe(2025);
    expect(fiscalYear('2025-10-01')).toBe(2026);
    expect(fiscalYear('2026-09-30')).toBe(2026);
    expect(fiscalYear('2026-12-31')).toBe(2027);
  });
});

describe('properties', () => {
  it('is additive: days(a, c) = days(a, b) + days(b, c) for a ≤ b ≤ c', () => {
    fc.assert(
      fc.property(dayIn2015to2035, dayIn2015to2035, dayIn2015to2035, (x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p - q).map(dateOf) as [string, string, string];
        expect(businessDaysBetweenDates(a, c)).toBe(businessDaysBetweenDates(a, b) + businessDaysBetweenDates(b, c));
      }),
      RUNS,
    );
  });

  it('never counts more business days than calendar days, nor fewer than zero', () => {
    fc.assert(
      fc.property(dayIn2015to2035, fc.integer({ min: -400, max: 4000 }), (from, span) => {
        const days = businessDaysBetweenDates(dateOf(from), dateOf(from + span));
        expect(days).toBeGreaterThanOrEqual(0);
        expect(days).toBeLessThanOrEqual(Math.max(0, span));
      }),
      RUNS,
    );
  });

  it('equals a day-by-day count of business dates d with a < d ≤ b', () => {
    fc.assert(
      fc.property(dayIn2015to2035, fc.integer({ min: -10, max: 3 * 366 }), (from, span) => {
        let expected = 0;
        for (let day = from + 1; day <= from + span; day += 1) if (isBusinessDay(dateOf(day))) expected += 1;
        expect(businessDaysBetweenDates(dateOf(from), dateOf(from + span))).toBe(expected);
      }),
      RUNS,
    );
  });

  it('calls a date a business day exactly when it is a weekday the holiday package does not list', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1995, 0, 1) / 86_400_000, max: Date.UTC(2060, 11, 31) / 86_400_000 }), (day) => {
        const date = dateOf(day);
        const weekday = weekdayOf(date);
        const isHoliday = fedHolidays.isAHoliday(new Date(`${date}T00:00:00Z`), { utc: true, shiftSaturdayHolidays: true, shiftSundayHolidays: true });
        expect(isFederalHoliday(date)).toBe(isHoliday);
        expect(isBusinessDay(date)).toBe(weekday !== 0 && weekday !== 6 && !isHoliday);
      }),
      RUNS,
    );
  });

  it('adds business days to land on a business day exactly n business days later', () => {
    fc.assert(
      fc.property(dayIn2015to2035, fc.integer({ min: 1, max: 400 }), (from, n) => {
        const start = dateOf(from);
        const due = addBusinessDays(start, n);
        expect(isBusinessDay(due)).toBe(true);
        expect(businessDaysBetweenDates(start, due)).toBe(n);
        // And it is the first such date: the day before is one business day short.
        expect(businessDaysBetweenDates(start, dateOf(dayNumber(due) - 1))).toBe(n - 1);
      }),
      RUNS,
    );
  });
});
