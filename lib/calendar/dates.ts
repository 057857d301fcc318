// Calendar dates ('YYYY-MM-DD') as seen in the calendar's time zone. Designations start and end on
// such dates, and fiscal years and reports are cut on them, whatever zone the server runs in.
import { format, parseISO } from 'date-fns';

export type IsoDate = string;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

// Every UTC offset in use is a multiple of 15 minutes, so all instants in one quarter-hour share a
// calendar date in any zone. Dates are memoised per quarter-hour: clocks over half a million events
// ask for the same few thousand dates again and again.
const QUARTER_HOUR = 15 * 60 * 1000;
const MEMO_LIMIT = 200_000;
const memos = new Map<string, Map<number, IsoDate>>();

/** The calendar date of an instant in `zone`. */
export function calendarDate(at: number, zone: string): IsoDate {
  let memo = memos.get(zone);
  if (!memo) {
    memo = new Map();
    memos.set(zone, memo);
  }
  const bucket = Math.floor(at / QUARTER_HOUR);
  let date = memo.get(bucket);
  if (date === undefined) {
    date = dateInZone(at, zone);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(bucket, date);
  }
  return date;
}

// One formatter per zone: building an Intl.DateTimeFormat is what costs; using one is cheap. The date
// is read from its parts, not from a locale's layout, which could change with the ICU data.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateInZone(at: number, zone: string): IsoDate {
  let formatter = dateFormats.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(zone, formatter);
  }
  let year = '';
  let month = '';
  let day = '';
  for (const part of formatter.formatToParts(at)) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
  }
  return `${year.padStart(4, '0')}-${month}-${day}`;
}

export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const parsed = parseISO(value);
  return !Number.isNaN(parsed.getTime()) && format(parsed, 'yyyy-MM-dd') === value;
}

// Date arithmetic on calendar fields only, in UTC, so daylight-saving changes in the server's zone
// cannot shift a date. (Plain Date.UTC arithmetic: the training views do this for every person on
// the roster, and date-fns' parse-and-format round trip was a tenth of their time.)
const fields = (date: IsoDate) => [Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))] as const;
const isoOf = (utc: number): IsoDate => new Date(utc).toISOString().slice(0, 10);

export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = fields(date);
  return isoOf(Date.UTC(y, m, d + days));
}

/** The same day N months later; when that day does not exist, the month's last day (as date-fns). */
export function addCalendarMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = fields(date);
  const lastDay = new Date(Date.UTC(y, m + months + 1, 0)).getUTCDate();
  return isoOf(Date.UTC(y, m + months, Math.min(d, lastDay)));
}

/** The federal fiscal year a date falls in: FY2026 runs 1 Oct 2025 – 30 Sep 2026. */
export function fiscalYear(date: IsoDate): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month >= 10 ? year + 1 : year;
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  const [fy, fm, fd] = fields(from);
  const [ty, tm, td] = fields(to);
  return Math.round((Date.UTC(ty, tm, td) - Date.UTC(fy, fm, fd)) / 86_400_000);
}
