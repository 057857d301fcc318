// The one piece of code that turns a request's event log into the times auditors see: business and
// calendar days per clocked stage (summed over visits), end to end (first submission to approval or
// denial, with time back with the requester stopping the clock), and time with the requester on its
// own. Pages, CSV downloads and the CLI report all get their numbers from here.
import { businessDaysBetweenDates, dayNumber } from '@/lib/calendar/business-days';
import { calendarDate, type IsoDate } from '@/lib/calendar/dates';
import { isReviewStage, SUBMITTED_OPEN_STATES, type Action, type ReviewStage, type State } from '@/lib/domain/workflow-states';

export interface TimingEvent {
  action: Action;
  toState: State;
  at: number;
}

export interface Span {
  businessDays: number;
  calendarDays: number;
}

export interface StageTime extends Span {
  visits: number;
  /** The stage the request is in now: its last visit runs to `now`. */
  isOpen: boolean;
  /** When the current (or last) visit began. */
  lastEnteredAt: number;
}

export interface RequestTiming {
  firstSubmittedAt: number | null;
  /** The approval or denial that ends the end-to-end clock. */
  decision: { action: 'approve' | 'deny'; at: number; date: IsoDate } | null;
  stages: Partial<Record<ReviewStage, StageTime>>;
  /** Review time from first submission to decision (or to now, while open); null if never submitted. */
  endToEnd: Span | null;
  withRequester: Span & { visits: number };
  /** Approved while training was owed: approval to activation, or to now while still pending. Not
   * part of end to end, which stops at approval. Null when approval activated at once. */
  pendingTraining: (Span & { isOpen: boolean; activatedAt: number | null }) | null;
}

function span(from: number, to: number, zone: string): Span {
  const a = calendarDate(from, zone);
  const b = calendarDate(to, zone);
  return { businessDays: businessDaysBetweenDates(a, b), calendarDays: Math.max(0, dayNumber(b) - dayNumber(a)) };
}

/**
 * Timing of one request from its events (any order; sorted here by time, ties kept in order given).
 * Open visits run to `now`. Events after the decision (expiry, rescission) do not touch the review
 * clocks; an approval held for training is timed from approval to activation, on its own.
 */
export function requestTiming(events: readonly TimingEvent[], zone: string, now: number): RequestTiming {
  const sorted = [...events].sort((x, y) => x.at - y.at);
  const stages: Partial<Record<ReviewStage, StageTime>> = {};
  const withRequester = { businessDays: 0, calendarDays: 0, visits: 0 };
  let firstSubmittedAt: number | null = null;
  let decision: RequestTiming['decision'] = null;
  let current: { state: State; since: number } | null = null;

  const close = (until: number) => {
    if (!current) return;
    const time = span(current.since, until, zone);
    if (isReviewStage(current.state)) {
      const stage = (stages[current.state] ??= { businessDays: 0, calendarDays: 0, visits: 0, isOpen: false, lastEnteredAt: current.since });
      stage.businessDays += time.businessDays;
      stage.calendarDays += time.calendarDays;
    } else if (current.state === 'returned') {
      withRequester.businessDays += time.businessDays;
      withRequester.calendarDays += time.calendarDays;
    }
  };

  let pendingTraining: RequestTiming['pendingTraining'] = null;
  for (const [i, event] of sorted.entries()) {
    if (event.action === 'edit') continue;
    close(event.at);
    if (event.action === 'submit' && firstSubmittedAt === null) firstSubmittedAt = event.at;
    if (event.action === 'approve' || event.action === 'deny') {
      decision = { action: event.action, at: event.at, date: calendarDate(event.at, zone) };
      current = null;
      if (event.toState === 'pending_training') {
        // Pending ends at activation; until then it runs to now.
        const next = sorted.slice(i + 1).find((later) => later.action !== 'edit');
        pendingTraining = { ...span(event.at, next?.at ?? now, zone), isOpen: next === undefined, activatedAt: next?.action === 'activate' ? next.at : null };
      }
      break;
    }
    current = { state: event.toState, since: event.at };
    if (isReviewStage(event.toState)) {
      const stage = (stages[event.toState] ??= { businessDays: 0, calendarDays: 0, visits: 0, isOpen: false, lastEnteredAt: event.at });
      stage.visits += 1;
      stage.lastEnteredAt = event.at;
    } else if (event.toState === 'returned') {
      withRequester.visits += 1;
    }
  }

  // Still under review or back with the requester: the current visit runs to now.
  if (current && SUBMITTED_OPEN_STATES.includes(current.state)) {
    if (isReviewStage(current.state)) stages[current.state]!.isOpen = true;
    close(now);
  }

  // Business days are additive over consecutive spans, so the review stages' sum is the time from
  // first submission to the decision less the time with the requester.
  const endToEnd: Span | null =
    firstSubmittedAt === null
      ? null
      : Object.values(stages).reduce(
          (sum, stage) => ({ businessDays: sum.businessDays + stage.businessDays, calendarDays: sum.calendarDays + stage.calendarDays }),
          { businessDays: 0, calendarDays: 0 },
        );
  return { firstSubmittedAt, decision, stages, endToEnd, withRequester, pendingTraining };
}
