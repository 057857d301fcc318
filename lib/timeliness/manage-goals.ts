// Administrators set timeliness goals by adding a version with an effective date; versions are never
// edited or removed (database triggers refuse it), so the goal each request was judged by stays on
// record with who set it and when.
import { recordAudit } from '@/lib/audit/audit-log';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { timelinessGoals, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { isIsoDate } from '@/lib/calendar/dates';
import { CLOCKED_STAGE_GOALS } from '@/lib/domain/goals';
import { invalid } from '@/lib/errors';
import { parseOrThrow } from '@/lib/validation/parse';

export const goalVersionSchema = z.object({
  stage: z.enum(CLOCKED_STAGE_GOALS, { error: 'Choose a stage.' }),
  businessDays: z.coerce
    .number({ error: 'Enter the goal in business days.' })
    .int('Enter a whole number of business days.')
    .min(1, 'A goal is at least 1 business day.')
    .max(365, 'A goal is at most 365 business days.'),
  warningPercent: z.coerce
    .number({ error: 'Enter the warning share as a percentage.' })
    .min(1, 'The warning share is between 1% and 100%.')
    .max(100, 'The warning share is between 1% and 100%.'),
  effectiveFrom: z.string({ error: 'Enter the date the goal takes effect.' }).refine(isIsoDate, 'Enter the date as YYYY-MM-DD.'),
  note: z.preprocess((v) => (typeof v === 'string' ? v.trim() || null : (v ?? null)), z.string().max(500, 'Keep the note to 500 characters or fewer.').nullable()),
});

export function listGoalVersions(db: Db, actor: Actor) {
  assertCan(actor, 'timeliness:read');
  return db
    .select({
      id: timelinessGoals.id,
      stage: timelinessGoals.stage,
      businessDays: timelinessGoals.businessDays,
      warningShare: timelinessGoals.warningShare,
      effectiveFrom: timelinessGoals.effectiveFrom,
      note: timelinessGoals.note,
      createdAt: timelinessGoals.createdAt,
      createdBy: users.name,
    })
    .from(timelinessGoals)
    .leftJoin(users, eq(users.id, timelinessGoals.createdByUserId))
    .orderBy(asc(timelinessGoals.stage), asc(timelinessGoals.effectiveFrom))
    .all();
}

export function addGoalVersion(db: Db, actor: Actor, input: unknown, now = Date.now()): { id: number } {
  assertCan(actor, 'goals:manage');
  const data = parseOrThrow(goalVersionSchema, input);
  return db.transaction(
    (tx) => {
      const clash = tx
        .select({ id: timelinessGoals.id })
        .from(timelinessGoals)
        .where(and(eq(timelinessGoals.stage, data.stage), eq(timelinessGoals.effectiveFrom, data.effectiveFrom)))
        .get();
      if (clash) {
        throw invalid('Check the highlighted fields.', { effectiveFrom: ['A version of this goal already takes effect on that date; choose another date.'] });
      }
      recordAudit(tx, actor, { action: 'goal_added', objectType: 'goal', objectId: data.stage, details: { ...data } }, now);
      return tx
        .insert(timelinessGoals)
        .values({
          stage: data.stage,
          businessDays: data.businessDays,
          warningShare: data.warningPercent / 100,
          effectiveFrom: data.effectiveFrom,
          note: data.note,
          createdByUserId: actor.kind === 'user' ? actor.id : null,
          createdAt: now,
        })
        .returning({ id: timelinessGoals.id })
        .get();
    },
    { behavior: 'immediate' },
  );
}
