// Keeps request_timings, the cache of decided requests' times, in step with the event log. The writer
// refreshes a request's row when it is approved or denied; rebuildTimings recomputes every row (after
// a change of the calendar's zone or holiday rules, or whenever an auditor wants proof the cache matches the log).
import { eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { preparedQuery } from '@/db/prepared';
import type { Db } from '@/db/client';
import { appMeta, requestEvents, requestTimings } from '@/db/schema';
import { settings } from '@/lib/config';
import type { ReviewStage } from '@/lib/domain/workflow-states';
import type { DbOrTx } from '@/lib/workflow/transition-request';
import { calendarFingerprint } from '@/lib/calendar/business-days';
import { calendarDate } from '@/lib/calendar/dates';
import { requestTiming, type TimingEvent } from './request-timing';
import { loadRequestTimingEvents, loadTimingEvents } from './timing-events';

function timingRow(requestId: number, events: TimingEvent[], zone: string): typeof requestTimings.$inferInsert | null {
  const timing = requestTiming(events, zone, events.at(-1)?.at ?? 0);
  if (!timing.decision) return null;
  const days = (stage: ReviewStage) => timing.stages[stage]?.businessDays ?? null;
  return {
    requestId,
    firstSubmittedOn: timing.firstSubmittedAt === null ? null : calendarDate(timing.firstSubmittedAt, zone),
    decision: timing.decision.action,
    decidedAt: timing.decision.at,
    decidedOn: timing.decision.date,
    hsiReviewDays: days('hsi_review'),
    deaHqReviewDays: days('dea_hq_review'),
    divisionReviewDays: days('division_review'),
    deaDecisionDays: days('dea_decision'),
    endToEndDays: timing.endToEnd?.businessDays ?? null,
    endToEndCalendarDays: timing.endToEnd?.calendarDays ?? null,
    requesterDays: timing.withRequester.businessDays,
    requesterCalendarDays: timing.withRequester.calendarDays,
    returns: timing.withRequester.visits,
    // A pending visit still running is not cached: only finished spans are facts.
    pendingTrainingDays: timing.pendingTraining && !timing.pendingTraining.isOpen ? timing.pendingTraining.businessDays : null,
    pendingTrainingCalendarDays: timing.pendingTraining && !timing.pendingTraining.isOpen ? timing.pendingTraining.calendarDays : null,
    activatedAt: timing.pendingTraining?.activatedAt ?? null,
  };
}

/** Recomputes one request's cached times; called by the writer inside its transaction. */
export function refreshTiming(tx: DbOrTx, requestId: number): void {
  const row = timingRow(requestId, loadRequestTimingEvents(tx, requestId), settings().T21_TIME_ZONE);
  if (!row) return;
  upsertTiming(tx, row);
}

type TimingRow = typeof requestTimings.$inferInsert;
const TIMING_COLUMNS = Object.keys(getTableColumns(requestTimings)) as (keyof TimingRow)[];

/** Insert or replace one request's row; prepared once per connection, as it runs on every decision. */
function upsertTiming(tx: DbOrTx, row: TimingRow): void {
  preparedQuery(tx, 'timing.upsert', (d) => {
    const values = Object.fromEntries(TIMING_COLUMNS.map((key) => [key, sql`${sql.placeholder(key)}`]));
    const { requestId: _key, ...set } = values;
    return d
      .insert(requestTimings)
      .values(values as unknown as TimingRow)
      .onConflictDoUpdate({ target: requestTimings.requestId, set })
      .prepare();
  }).run(Object.fromEntries(TIMING_COLUMNS.map((key) => [key, row[key] ?? null])));
}

/** Recomputes every decided request's times from the event log, in one transaction. */
export function rebuildTimings(db: Db): { requests: number } {
  const zone = settings().T21_TIME_ZONE;
  return db.transaction(
    (tx) => {
      tx.delete(requestTimings).where(eq(requestTimings.requestId, requestTimings.requestId)).run();
      const decided = tx
        .selectDistinct({ requestId: requestEvents.requestId })
        .from(requestEvents)
        .where(inArray(requestEvents.action, ['approve', 'deny']))
        .all()
        .map((r) => r.requestId);
      let count = 0;
      for (let i = 0; i < decided.length; i += 500) {
        const batch = decided.slice(i, i + 500);
        const events = loadTimingEvents(tx, batch);
        for (const requestId of batch) {
          const row = timingRow(requestId, events.get(requestId) ?? [], zone);
          if (row) {
            tx.insert(requestTimings).values(row).run();
            count += 1;
          }
        }
      }
      const fingerprint = calendarFingerprint(zone);
      tx.insert(appMeta).values({ key: 'timings_calendar', value: fingerprint }).onConflictDoUpdate({ target: appMeta.key, set: { value: fingerprint } }).run();
      return { requests: count };
    },
    { behavior: 'immediate' },
  );
}

/** Whether the cache was computed with another calendar (zone or holiday rules) than today's. */
export function isTimingCacheStale(db: Db): boolean {
  const stored = db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, 'timings_calendar')).get()?.value;
  return stored !== calendarFingerprint(settings().T21_TIME_ZONE);
}
