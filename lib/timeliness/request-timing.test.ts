// How one request's event log becomes its clocks (DOMAIN.md "Timeliness, exactly"): business and
// calendar days per clocked stage summed over visits, time back with the requester counted on its own
// and kept out of end to end, and nothing after the approval or denial. Every expected figure is
// worked out by hand from a wall calendar in the comment beside it; dates are New York dates.
import { describe, expect, it } from 'vitest';
import type { Action, State } from '@/lib/domain/workflow-states';
import { requestTiming, type TimingEvent } from './request-timing';

const ZONE = 'America/New_York';

const at = (iso: string) => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`Not an instant: ${iso}`);
  return ms;
};
const event = (action: Action, toState: State, iso: string): TimingEvent => ({ action, toState, at: at(iso) });

// March 2026: Mon 2 … Fri 6, Mon 9 … Fri 13; daylight saving starts Sunday 8 March.
const STRAIGHT_THROUGH: TimingEvent[] = [
  event('create', 'draft', '2026-03-02T09:00:00-05:00'),
  event('submit', 'hsi_review', '2026-03-02T10:00:00-05:00'),
  event('endorse', 'dea_hq_review', '2026-03-04T15:00:00-05:00'),
  event('route', 'division_review', '2026-03-09T09:00:00-04:00'),
  event('concur', 'dea_decision', '2026-03-10T11:00:00-04:00'),
  event('approve', 'active', '2026-03-13T16:00:00-04:00'),
];

// June–July 2026: Thu 11, Fri 12, Mon 15 … Fri 19 (Juneteenth, a holiday), Mon 22 … Fri 26,
// Mon 29, Tue 30, Wed 1 July, Thu 2 July.
const RETURNED_ONCE: TimingEvent[] = [
  event('create', 'draft', '2026-06-11T08:30:00-04:00'),
  event('submit', 'hsi_review', '2026-06-11T09:00:00-04:00'),
  event('endorse', 'dea_hq_review', '2026-06-12T10:00:00-04:00'),
  event('return', 'returned', '2026-06-16T14:00:00-04:00'),
  event('edit', 'returned', '2026-06-17T10:00:00-04:00'),
  event('resubmit', 'dea_hq_review', '2026-06-22T09:00:00-04:00'),
  event('route', 'division_review', '2026-06-24T11:00:00-04:00'),
  event('concur', 'dea_decision', '2026-06-25T11:00:00-04:00'),
  event('approve', 'active', '2026-07-02T16:00:00-04:00'),
];

describe('requestTiming', () => {
  it('times a request that visits each stage once', () => {
    const timing = requestTiming(STRAIGHT_THROUGH, ZONE, at('2026-12-01T12:00:00-05:00'));
    expect(timing.firstSubmittedAt).toBe(at('2026-03-02T10:00:00-05:00'));
    expect(timing.decision).toEqual({ action: 'approve', at: at('2026-03-13T16:00:00-04:00'), date: '2026-03-13' });
    expect(timing.stages).toEqual({
      // (Mon 2, Wed 4]: Tue 3, Wed 4.
      hsi_review: { businessDays: 2, calendarDays: 2, visits: 1, isOpen: false, lastEnteredAt: at('2026-03-02T10:00:00-05:00') },
      // (Wed 4, Mon 9]: Thu 5, Fri 6, Mon 9; five calendar days across the clock change.
      dea_hq_review: { businessDays: 3, calendarDays: 5, visits: 1, isOpen: false, lastEnteredAt: at('2026-03-04T15:00:00-05:00') },
      // (Mon 9, Tue 10].
      division_review: { businessDays: 1, calendarDays: 1, visits: 1, isOpen: false, lastEnteredAt: at('2026-03-09T09:00:00-04:00') },
      // (Tue 10, Fri 13]: Wed 11, Thu 12, Fri 13.
      dea_decision: { businessDays: 3, calendarDays: 3, visits: 1, isOpen: false, lastEnteredAt: at('2026-03-10T11:00:00-04:00') },
    });
    // (Mon 2, Fri 13]: nine business days, eleven calendar days; the stages add up to exactly that.
    expect(timing.endToEnd).toEqual({ businessDays: 9, calendarDays: 11 });
    expect(timing.withRequester).toEqual({ businessDays: 0, calendarDays: 0, visits: 0 });
  });

  it('sums a stage over its two visits and keeps time with the requester out of end to end', () => {
    const timing = requestTiming(RETURNED_ONCE, ZONE, at('2026-12-01T12:00:00-05:00'));
    // (Thu 11, Fri 12].
    expect(timing.stages.hsi_review).toMatchObject({ businessDays: 1, calendarDays: 1, visits: 1 });
    // First visit (Fri 12, Tue 16]: Mon 15, Tue 16 = 2 business, 4 calendar days.
    // Second visit (Mon 22, Wed 24]: Tue 23, Wed 24 = 2 and 2.
    expect(timing.stages.dea_hq_review).toMatchObject({ businessDays: 4, calendarDays: 6, visits: 2, isOpen: false, lastEnteredAt: at('2026-06-22T09:00:00-04:00') });
    // (Wed 24, Thu 25].
    expect(timing.stages.division_review).toMatchObject({ businessDays: 1, calendarDays: 1, visits: 1 });
    // (Thu 25, Thu 2 July]: Fri 26, Mon 29, Tue 30, Wed 1, Thu 2 = 5 business, 7 calendar days.
    expect(timing.stages.dea_decision).toMatchObject({ businessDays: 5, calendarDays: 7, visits: 1 });
    // With the requester (Tue 16, Mon 22]: Wed 17, Thu 18, (Fri 19 Juneteenth), Mon 22 = 3 business
    // and 6 calendar days, in one visit (the edit while returned is not another).
    expect(timing.withRequester).toEqual({ businessDays: 3, calendarDays: 6, visits: 1 });
    // End to end = 1 + 4 + 1 + 5 = 11: the 14 business days (Thu 11 June, Thu 2 July] less the 3
    // with the requester. Calendar: 21 days less 6 = 15 = 1 + 6 + 1 + 7.
    expect(timing.endToEnd).toEqual({ businessDays: 11, calendarDays: 15 });
    expect(timing.decision?.date).toBe('2026-07-02');
  });

  it('stops at a denial in DEA HQ review: no later stage appears', () => {
    const timing = requestTiming(
      [
        event('create', 'draft', '2026-02-09T09:00:00-05:00'),
        event('submit', 'hsi_review', '2026-02-09T09:30:00-05:00'),
        event('endorse', 'dea_hq_review', '2026-02-10T00:01:00-05:00'),
        event('deny', 'denied', '2026-02-18T17:00:00-05:00'),
      ],
      ZONE,
      at('2026-12-01T12:00:00-05:00'),
    );
    expect(timing.decision).toEqual({ action: 'deny', at: at('2026-02-18T17:00:00-05:00'), date: '2026-02-18' });
    expect(Object.keys(timing.stages).sort()).toEqual(['dea_hq_review', 'hsi_review']);
    // (Mon 9, Tue 10] = 1; (Tue 10, Wed 18]: Wed 11, Thu 12, Fri 13, (Mon 16 Washington's Birthday),
    // Tue 17, Wed 18 = 5 business and 8 calendar days.
    expect(timing.stages.hsi_review).toMatchObject({ businessDays: 1, calendarDays: 1 });
    expect(timing.stages.dea_hq_review).toMatchObject({ businessDays: 5, calendarDays: 8, isOpen: false });
    expect(timing.endToEnd).toEqual({ businessDays: 6, calendarDays: 9 });
  });

  it('ignores what happens after the decision', () => {
    const decidedOnly = requestTiming(STRAIGHT_THROUGH, ZONE, at('2028-01-01T12:00:00-05:00'));
    const rescinded = requestTiming(
      [...STRAIGHT_THROUGH, event('rescind', 'rescinded', '2026-08-03T10:00:00-04:00')],
      ZONE,
      at('2028-01-01T12:00:00-05:00'),
    );
    const expired = requestTiming(
      [...STRAIGHT_THROUGH, event('expire', 'expired', '2027-03-13T00:05:00-04:00')],
      ZONE,
      at('2028-01-01T12:00:00-05:00'),
    );
    expect(rescinded).toEqual(decidedOnly);
    expect(expired).toEqual(decidedOnly);
    expect(decidedOnly.endToEnd).toEqual({ businessDays: 9, calendarDays: 11 });
  });

  it('runs an open stage to now, and only the last stage is open', () => {
    const events = STRAIGHT_THROUGH.slice(0, 3); // submitted Mon 2, endorsed Wed 4 at 15:00
    const now = at('2026-03-10T08:00:00-04:00');
    const timing = requestTiming(events, ZONE, now);
    expect(timing.decision).toBeNull();
    expect(timing.stages.hsi_review).toMatchObject({ businessDays: 2, isOpen: false });
    // (Wed 4, Tue 10]: Thu 5, Fri 6, Mon 9, Tue 10 = 4 business, 6 calendar days.
    expect(timing.stages.dea_hq_review).toMatchObject({ businessDays: 4, calendarDays: 6, isOpen: true, visits: 1 });
    expect(timing.endToEnd).toEqual({ businessDays: 6, calendarDays: 8 });
  });

  it('runs time with the requester to now while the request is back with them', () => {
    const events = RETURNED_ONCE.slice(0, 4); // returned Tue 16 June at 14:00
    const timing = requestTiming(events, ZONE, at('2026-06-23T18:00:00-04:00'));
    // (Tue 16, Tue 23]: Wed 17, Thu 18, (Fri 19), Mon 22, Tue 23 = 4 business, 7 calendar days.
    expect(timing.withRequester).toEqual({ businessDays: 4, calendarDays: 7, visits: 1 });
    // Review time stopped when it was returned: hsi 1 + DEA HQ 2.
    expect(timing.endToEnd).toEqual({ businessDays: 3, calendarDays: 5 });
    expect(Object.values(timing.stages).some((stage) => stage.isOpen)).toBe(false);
  });

  it('reports no clocks for a draft never submitted', () => {
    const timing = requestTiming([event('create', 'draft', '2026-03-02T09:00:00-05:00')], ZONE, at('2026-03-20T09:00:00-04:00'));
    expect(timing).toEqual({ firstSubmittedAt: null, decision: null, stages: {}, endToEnd: null, withRequester: { businessDays: 0, calendarDays: 0, visits: 0 }, pendingTraining: null });
  });

  it('ignores edits, wherever they fall', () => {
    const withEdits = [
      event('create', 'draft', '2026-03-02T09:00:00-05:00'),
      event('edit', 'draft', '2026-03-02T09:30:00-05:00'),
      ...STRAIGHT_THROUGH.slice(1),
    ];
    const now = at('2026-12-01T12:00:00-05:00');
    expect(requestTiming(withEdits, ZONE, now)).toEqual(requestTiming(STRAIGHT_THROUGH, ZONE, now));
    const withoutEdit = RETURNED_ONCE.filter((e) => e.action !== 'edit');
    expect(requestTiming(RETURNED_ONCE, ZONE, now)).toEqual(requestTiming(withoutEdit, ZONE, now));
  });

  it('sorts its input by time', () => {
    const now = at('2026-12-01T12:00:00-05:00');
    const shuffled = [5, 0, 8, 2, 7, 1, 4, 6, 3].map((i) => RETURNED_ONCE[i]!);
    expect(requestTiming(shuffled, ZONE, now)).toEqual(requestTiming(RETURNED_ONCE, ZONE, now));
    expect(requestTiming([...STRAIGHT_THROUGH].reverse(), ZONE, now).endToEnd).toEqual({ businessDays: 9, calendarDays: 11 });
  });

  it('takes each event’s date in the zone: a late-evening submission counts from its local date', () => {
    const events = [
      event('create', 'draft', '2026-01-14T09:00:00-05:00'),
      // 23:50 on Wednesday 14 January in New York, already Thursday in UTC.
      event('submit', 'hsi_review', '2026-01-14T23:50:00-05:00'),
      event('endorse', 'dea_hq_review', '2026-01-16T10:00:00-05:00'),
    ];
    const now = at('2026-01-16T12:00:00-05:00');
    // (Wed 14, Fri 16] = 2 in New York; (Thu 15, Fri 16] = 1 in UTC.
    expect(requestTiming(events, ZONE, now).stages.hsi_review?.businessDays).toBe(2);
    expect(requestTiming(events, 'UTC', now).stages.hsi_review?.businessDays).toBe(1);
  });
});
