// Instants in imported history: ISO 8601 date and time with an explicit UTC offset or Z. A time
// without an offset is refused rather than guessed, because the same spreadsheet may mix offices in
// several zones and a wrong guess silently shifts every clock computed from the event.

// 2019-03-14T09:30:00-04:00, 2019-03-14T13:30Z, 2019-03-14 13:30:00.250+0000 …
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export const INSTANT_EXAMPLE = '2019-03-14T09:30:00-04:00 or 2019-03-14T13:30:00Z';

// History before this is certainly a typo (the 1994 MOU is the oldest agreement).
const EARLIEST_YEAR = 1970;

export type InstantResult = { ok: true; at: number } | { ok: false; message: string };

/** Milliseconds since the epoch for an ISO 8601 instant with offset, or why the text is not one. */
export function parseIsoInstant(text: string, now = Date.now()): InstantResult {
  const value = text.trim();
  if (value === '') return { ok: false, message: `Enter when it happened, e.g. ${INSTANT_EXAMPLE}.` };
  if (DATE_ONLY.test(value)) {
    return { ok: false, message: `"${value}" has no time and UTC offset; write e.g. ${INSTANT_EXAMPLE}.` };
  }
  const match = ISO_INSTANT.exec(value);
  if (!match) return { ok: false, message: `"${value}" is not an ISO 8601 date and time; write e.g. ${INSTANT_EXAMPLE}.` };
  const [, y, mo, d, h, mi, s, fraction, offset] = match;
  if (!offset) {
    return { ok: false, message: `"${value}" has no UTC offset; add Z or the offset, e.g. ${INSTANT_EXAMPLE}.` };
  }
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const millis = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));

  const impossible = `"${value}" is not a real date and time.`;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { ok: false, message: impossible };
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, message: impossible };

  let offsetMinutes = 0;
  if (offset !== 'Z' && offset !== 'z') {
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMins = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (offsetHours > 14 || offsetMins > 59) return { ok: false, message: `"${value}" has an impossible UTC offset.` };
    offsetMinutes = sign * (offsetHours * 60 + offsetMins);
  }
  if (year < EARLIEST_YEAR) return { ok: false, message: `"${value}" is before ${EARLIEST_YEAR}.` };

  const at = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  if (at > now) return { ok: false, message: `"${value}" is in the future.` };
  return { ok: true, at };
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
