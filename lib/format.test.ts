import { describe, expect, it } from 'vitest';
import { formatDate, formatInstant } from './format';

describe('formatInstant', () => {
  const at = Date.UTC(2026, 10, 24, 15, 30); // 15:30 UTC on 24 November 2026

  it('reads the instant in the zone asked for, naming the zone', () => {
    expect(formatInstant(at, 'America/New_York')).toBe('Nov 24, 2026, 10:30 EST');
    expect(formatInstant(at, 'America/Los_Angeles')).toBe('Nov 24, 2026, 07:30 PST');
  });

  it('keeps one formatter per zone: a second zone does not change how the first reads', () => {
    formatInstant(at, 'America/Chicago');
    expect(formatInstant(at, 'America/New_York')).toBe('Nov 24, 2026, 10:30 EST');
    expect(formatInstant(Date.UTC(2026, 6, 4, 16, 0), 'America/New_York')).toBe('Jul 4, 2026, 12:00 EDT');
  });
});

describe('formatDate', () => {
  it('reads a calendar date without any zone shifting it', () => {
    expect(formatDate('2026-11-24')).toBe('24 Nov 2026');
    expect(formatDate('2024-02-29')).toBe('29 Feb 2024');
    expect(formatDate('2027-01-01')).toBe('1 Jan 2027');
  });
});
