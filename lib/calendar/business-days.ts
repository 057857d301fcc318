// Business days, exactly as DOMAIN.md defines them: Monday to Friday, less U.S. federal holidays as
// observed under 5 U.S.C. 6103 (a Saturday holiday is observed the Friday before, a Sunday holiday
// the Monday after), with dates taken in the calendar's time zone. The holiday rules come from the
// 18F package (@18f/us-federal-holidays), not from a hand-typed list.
import fedHolidays from '@18f/us-federal-holidays';
import { calendarDate, type IsoDate } from './dates';

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 for a calendar date (no time zone involved: the date is already local). */
export function dayNumber(date: IsoDate): number {
  return Math.round(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS);
}

export function dateOfDayNumber(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

// 1970-01-01 was a Thursday: day 0 → weekday 4 (0 = Sunday).
const weekdayOf = (day: number) => (((day + 4) % 7) + 7) % 7;

// The year of a day number without making a date string: the open-work clocks on a dashboard call
// this tens of thousands of times.
const yearOfDay = (day: number) => new Date(day * DAY_MS).getUTCFullYear();

// Observed holidays as sorted day numbers, built a year at a time on first use. Observed dates can
// fall in the neighbouring year (New Year's Day 2022 was observed on Friday 31 December 2021), so a
// year's list is taken from the package for that year and the next.
const holidayYears = new Map<number, number[]>();

function observedHolidaysOfYear(year: number): number[] {
  let days = holidayYears.get(year);
  if (!days) {
    days = [year, year + 1]
      .flatMap((y) => fedHolidays.allForYear(y, { shiftSaturdayHolidays: true, shiftSundayHolidays: true }))
      .map((holiday) => dayNumber(holiday.dateString.replace(/-(\d)(?=-|$)/g, '-0$1')))
      .filter((day) => yearOfDay(day) === year)
      .sort((a, b) => a - b);
    holidayYears.set(year, days);
  }
  return days;
}

/**
 * What the business-day count depends on besides the dates: the zone and the holiday rules. Cached
 * processing times record it, so a new zone or an updated holiday package triggers a recomputation.
 */
export function calendarFingerprint(zone: string): string {
  let hash = 0;
  for (let year = 1990; year <= 2060; year += 1) {
    for (const day of observedHolidaysOfYear(year)) hash = (Math.imul(hash, 31) + day) | 0;
  }
  return `${zone}|${(hash >>> 0).toString(16)}`;
}

export function isFederalHoliday(date: IsoDate): boolean {
  return isHolidayNumber(dayNumber(date));
}

const isHolidayNumber = (day: number) => observedHolidaysOfYear(yearOfDay(day)).includes(day);

export function isBusinessDay(date: IsoDate): boolean {
  return isBusinessDayNumber(dayNumber(date));
}

function isBusinessDayNumber(day: number): boolean {
  const weekday = weekdayOf(day);
  return weekday !== 0 && weekday !== 6 && !isHolidayNumber(day);
}

/** Weekdays among day numbers (from, to], counted arithmetically. */
function weekdaysAfterUpTo(from: number, to: number): number {
  // Count weekdays in [0, n) relative to a Monday-aligned origin.
  const weekdaysBefore = (day: number) => {
    const mondayAligned = day - 4; // day 4 (1970-01-05) is a Monday
    const weeks = Math.floor(mondayAligned / 7);
    const rest = mondayAligned - weeks * 7;
    return weeks * 5 + Math.min(rest, 5);
  };
  return weekdaysBefore(to + 1) - weekdaysBefore(from + 1);
}

function holidaysAfterUpTo(from: number, to: number): number {
  let count = 0;
  const firstYear = yearOfDay(from);
  const lastYear = yearOfDay(to);
  for (let year = firstYear; year <= lastYear; year += 1) {
    for (const day of observedHolidaysOfYear(year)) {
      // Observed holidays always fall on weekdays, so each one removes exactly one weekday.
      if (day > from && day <= to) count += 1;
    }
  }
  return count;
}

/**
 * Business days d with from < d ≤ to. The same day gives 0, Friday to the next Monday gives 1; a `to`
 * before `from` gives 0. Additive: for a ≤ b ≤ c, days(a, c) = days(a, b) + days(b, c).
 */
export function businessDaysBetweenDates(from: IsoDate, to: IsoDate): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (b <= a) return 0;
  return weekdaysAfterUpTo(a, b) - holidaysAfterUpTo(a, b);
}

/** Business days from instant a to instant b, dates taken in `zone`. */
export function businessDaysBetween(a: number, b: number, zone: string): number {
  return businessDaysBetweenDates(calendarDate(a, zone), calendarDate(b, zone));
}

/** The date `days` business days after `date`: the due date of a goal of `days` starting on `date`. */
export function addBusinessDays(date: IsoDate, days: number): IsoDate {
  let day = dayNumber(date);
  let remaining = days;
  while (remaining > 0) {
    day += 1;
    if (isBusinessDayNumber(day)) remaining -= 1;
  }
  return dateOfDayNumber(day);
}
