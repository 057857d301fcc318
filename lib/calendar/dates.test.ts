import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarDate } from './dates';

const ZONES = ['America/New_York', 'America/Los_Angeles', 'America/Phoenix', 'Pacific/Honolulu', 'America/Puerto_Rico', 'UTC', 'Asia/Kolkata', 'Australia/Adelaide'];

describe('calendarDate', () => {
  it('agrees with date-fns/tz on any instant from 1990 to 2060, in zones with and without daylight saving', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 11, 31) }), fc.constantFrom(...ZONES), (at, zone) => {
        expect(calendarDate(at, zone)).toBe(format(new TZDate(at, zone), 'yyyy-MM-dd'));
      }),
      { numRuns: 3000 },
    );
  });

  it('turns the date over at local midnight, across the daylight-saving changes', () => {
    // 2026-03-08: clocks in New York go forward at 02:00 local (07:00 UTC); midnight was 05:00 UTC.
    expect(calendarDate(Date.UTC(2026, 2, 8, 4, 59, 59, 999), 'America/New_York')).toBe('2026-03-07');
    expect(calendarDate(Date.UTC(2026, 2, 8, 5, 0), 'America/New_York')).toBe('2026-03-08');
    // The next midnight is in daylight time: 04:00 UTC.
    expect(calendarDate(Date.UTC(2026, 2, 9, 3, 59), 'America/New_York')).toBe('2026-03-08');
    expect(calendarDate(Date.UTC(2026, 2, 9, 4, 0), 'America/New_York')).toBe('2026-03-09');
    // A half-hour zone.
    expect(calendarDate(Date.UTC(2026, 10, 23, 18, 29), 'Asia/Kolkata')).toBe('2026-11-23');
    expect(calendarDate(Date.UTC(2026, 10, 23, 18, 30), 'Asia/Kolkata')).toBe('2026-11-24');
  });
});
