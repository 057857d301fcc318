// Timeliness goals, versioned by effective date. A request is judged by the version in force on the
// date of its first submission (in the calendar's zone), so changing a goal never rewrites history.
import { asc } from 'drizzle-orm';
import type { DbOrTx } from '@/lib/workflow/transition-request';
import { timelinessGoals } from '@/db/schema';
import type { IsoDate } from '@/lib/calendar/dates';
import type { GoalStage } from '@/lib/domain/goals';

export interface GoalVersion {
  id: number;
  stage: GoalStage;
  businessDays: number;
  warningShare: number;
  effectiveFrom: IsoDate;
  note: string | null;
  createdAt: number;
}

export type GoalBook = Map<GoalStage, GoalVersion[]>;

export function loadGoals(db: DbOrTx): GoalBook {
  const book: GoalBook = new Map();
  const rows = db.select().from(timelinessGoals).orderBy(asc(timelinessGoals.effectiveFrom), asc(timelinessGoals.id)).all();
  for (const row of rows) {
    const list = book.get(row.stage) ?? [];
    list.push({ id: row.id, stage: row.stage, businessDays: row.businessDays, warningShare: row.warningShare, effectiveFrom: row.effectiveFrom, note: row.note, createdAt: row.createdAt });
    book.set(row.stage, list);
  }
  return book;
}

/** The goal in force for `stage` on `date`: the latest version effective on or before it. */
export function goalOn(book: GoalBook, stage: GoalStage, date: IsoDate): GoalVersion | null {
  const versions = book.get(stage) ?? [];
  let found: GoalVersion | null = null;
  for (const version of versions) {
    if (version.effectiveFrom <= date) found = version;
    else break;
  }
  return found;
}

export type Standing = 'on_track' | 'at_risk' | 'overdue';

export const STANDING_LABELS: Record<Standing, string> = { on_track: 'On track', at_risk: 'At risk', overdue: 'Overdue' };

/** Open work against its goal: overdue past the goal, at risk from the warning share of it. */
export function standing(businessDays: number, goal: Pick<GoalVersion, 'businessDays' | 'warningShare'>): Standing {
  if (businessDays > goal.businessDays) return 'overdue';
  // The share times the goal can overshoot a whole number in floating point (0.28 · 25 =
  // 7.000000000000001), which would call exactly the warning share on track; twelve significant
  // digits drop that error.
  if (businessDays >= Number((goal.warningShare * goal.businessDays).toPrecision(12))) return 'at_risk';
  return 'on_track';
}

export function isWithinGoal(businessDays: number, goal: Pick<GoalVersion, 'businessDays'>): boolean {
  return businessDays <= goal.businessDays;
}
