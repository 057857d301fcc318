// Open work against its goals, as of now: for each request under review, days in its stage (all
// visits), the due date and whether it is on track, at risk or overdue; for a returned request, how
// long it has been with the requester. Computed live from the events, since open clocks still run.
import type { Db } from '@/db/client';
import { addBusinessDays, businessDaysBetween } from '@/lib/calendar/business-days';
import { calendarDate, type IsoDate } from '@/lib/calendar/dates';
import { settings } from '@/lib/config';
import { isReviewStage, SUBMITTED_OPEN_STATES, type State } from '@/lib/domain/workflow-states';
import { goalOn, standing, type GoalBook, type Standing } from './goals';
import { requestTiming, type RequestTiming } from './request-timing';
import { loadTimingEvents } from './timing-events';

export interface OpenStatus {
  state: State;
  /** Business (and calendar) days in the current stage, over all its visits. */
  daysInStage: number;
  calendarDaysInStage: number;
  /** For a review stage with a goal: the goal, its due date and where the request stands. */
  goal: number | null;
  dueOn: IsoDate | null;
  standing: Standing | null;
  /** Review time so far since first submission, and against the end-to-end goal. */
  endToEndDays: number | null;
  endToEndGoal: number | null;
  endToEndStanding: Standing | null;
}

/** Where one open request stands, from its timing. */
export function openStatusOf(state: State, timing: RequestTiming, goals: GoalBook, zone: string, now: number): OpenStatus {
  const judgedOn = calendarDate(timing.firstSubmittedAt ?? now, zone);
  const e2eGoal = goalOn(goals, 'end_to_end', judgedOn);
  const e2eDays = timing.endToEnd?.businessDays ?? null;
  const base = {
    state,
    endToEndDays: e2eDays,
    endToEndGoal: e2eGoal?.businessDays ?? null,
    endToEndStanding: e2eGoal && e2eDays !== null ? standing(e2eDays, e2eGoal) : null,
  };
  if (state === 'returned') {
    return { ...base, daysInStage: timing.withRequester.businessDays, calendarDaysInStage: timing.withRequester.calendarDays, goal: null, dueOn: null, standing: null };
  }
  const stage = isReviewStage(state) ? timing.stages[state] : undefined;
  if (!isReviewStage(state) || !stage) {
    return { ...base, daysInStage: 0, calendarDaysInStage: 0, goal: null, dueOn: null, standing: null };
  }
  const goal = goalOn(goals, state, judgedOn);
  let dueOn: IsoDate | null = null;
  if (goal) {
    // Earlier visits to this stage used part of the goal; the rest runs from the current visit.
    const currentVisit = businessDaysBetween(stage.lastEnteredAt, now, zone);
    const remaining = Math.max(0, goal.businessDays - (stage.businessDays - currentVisit));
    dueOn = addBusinessDays(calendarDate(stage.lastEnteredAt, zone), remaining);
  }
  return {
    ...base,
    daysInStage: stage.businessDays,
    calendarDaysInStage: stage.calendarDays,
    goal: goal?.businessDays ?? null,
    dueOn,
    standing: goal ? standing(stage.businessDays, goal) : null,
  };
}

/** Open status for a page of requests (only those under review or returned get one). */
export function openStatuses(db: Db, requests: readonly { id: number; state: State }[], goals: GoalBook, now = Date.now()): Map<number, OpenStatus> {
  const zone = settings().T21_TIME_ZONE;
  const open = requests.filter((r) => SUBMITTED_OPEN_STATES.includes(r.state));
  const events = loadTimingEvents(db, open.map((r) => r.id));
  const result = new Map<number, OpenStatus>();
  for (const request of open) {
    const timing = requestTiming(events.get(request.id) ?? [], zone, now);
    result.set(request.id, openStatusOf(request.state, timing, goals, zone, now));
  }
  return result;
}
