// How instants and dates read on screen: in the calendar's zone, with the zone named, so a coordinator
// in Los Angeles and an auditor in Washington read the same time the same way.
import { calendarDate } from '@/lib/calendar/dates';
import { settings } from '@/lib/config';

// Building an Intl.DateTimeFormat costs far more than using one (it loads locale and zone data): a
// dashboard formats hundreds of dates, and building one per call was a seventh of its server time.
// One formatter per zone, kept for the life of the process.
const instantFormats = new Map<string, Intl.DateTimeFormat>();
const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });

export function formatInstant(at: number, zone = settings().T21_TIME_ZONE): string {
  let format = instantFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
      timeZoneName: 'short',
    });
    instantFormats.set(zone, format);
  }
  return format.format(at);
}

/** 'YYYY-MM-DD' → '24 Nov 2026'. */
export function formatDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return DATE_FORMAT.format(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1));
}

/** Today's date ('YYYY-MM-DD') in the calendar's zone: the default for date fields. */
export function todayInZone(now = Date.now()): string {
  return calendarDate(now, settings().T21_TIME_ZONE);
}
