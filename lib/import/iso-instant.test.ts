import { describe, expect, it } from 'vitest';
import { parseIsoInstant } from './iso-instant';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const at = (text: string) => parseIsoInstant(text, NOW);

describe('instants in imported history', () => {
  it('accepts ISO 8601 with Z or an offset, with or without seconds and fractions', () => {
    expect(at('2019-03-14T13:30:00Z')).toEqual({ ok: true, at: Date.parse('2019-03-14T13:30:00Z') });
    expect(at('2019-03-14T09:30:00-04:00')).toEqual({ ok: true, at: Date.parse('2019-03-14T13:30:00Z') });
    expect(at('2019-03-14T09:30-0400')).toEqual({ ok: true, at: Date.parse('2019-03-14T13:30:00Z') });
    expect(at('2019-03-14 19:00:00+05:30')).toEqual({ ok: true, at: Date.parse('2019-03-14T13:30:00Z') });
    expect(at('2019-03-14T13:30:00.25Z')).toEqual({ ok: true, at: Date.parse('2019-03-14T13:30:00.250Z') });
    expect(at('2020-02-29T12:00:00Z').ok).toBe(true);
  });

  it('refuses a time without an offset, and a date without a time', () => {
    expect(at('2019-03-14T13:30:00')).toEqual({ ok: false, message: expect.stringMatching(/has no UTC offset/) });
    expect(at('2019-03-14')).toEqual({ ok: false, message: expect.stringMatching(/has no time and UTC offset/) });
  });

  it('refuses impossible dates, times and offsets', () => {
    for (const text of ['2019-02-29T10:00:00Z', '2019-04-31T10:00:00Z', '2019-13-01T10:00:00Z', '2019-03-14T24:00:00Z', '2019-03-14T10:60:00Z']) {
      expect(at(text)).toEqual({ ok: false, message: `"${text}" is not a real date and time.` });
    }
    expect(at('2019-03-14T10:00:00+15:00')).toEqual({ ok: false, message: expect.stringMatching(/impossible UTC offset/) });
  });

  it('refuses what is not a date, the future and the implausibly old', () => {
    expect(at('14/03/2019 10:00')).toEqual({ ok: false, message: expect.stringMatching(/is not an ISO 8601 date and time/) });
    expect(at('')).toEqual({ ok: false, message: expect.stringMatching(/^Enter when it happened/) });
    expect(at('2026-01-02T00:00:00Z')).toEqual({ ok: false, message: expect.stringMatching(/is in the future/) });
    expect(at('1969-12-31T23:00:00Z')).toEqual({ ok: false, message: expect.stringMatching(/is before 1970/) });
  });
});
