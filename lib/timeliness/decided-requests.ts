// The decided requests of a period, with their cached times: what the stage table, the trends, the
// by-office and by-division tables and the CLI report are computed from.
import { and, between, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { requests, requestTimings } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { visibleRequestsCondition } from '@/lib/auth/request-scope';
import { isIsoDate } from '@/lib/calendar/dates';
import { REQUEST_KINDS } from '@/lib/domain/workflow-states';
import type { DecidedTiming } from './stage-summary';

const isoDate = (label: string) =>
  z.string({ error: `Enter the ${label} date as YYYY-MM-DD.` }).refine(isIsoDate, `Enter the ${label} date as a real date in the form YYYY-MM-DD.`);
const blank = (v: unknown) => (v === '' || v == null ? undefined : v);

/** The office, division and kind filters, shared by the report's period and the dashboard's filters. */
export const requestFilterFields = {
  office: z.preprocess(blank, z.coerce.number().int().positive().optional()),
  division: z.preprocess(blank, z.coerce.number().int().positive().optional()),
  kind: z.preprocess(blank, z.enum(REQUEST_KINDS, { error: 'Choose initial or renewal.' }).optional()),
};

export const periodFiltersSchema = z
  .object({
    from: isoDate('start'),
    to: isoDate('end'),
    ...requestFilterFields,
  })
  .refine((f) => f.from <= f.to, { path: ['to'], message: 'The end date must be on or after the start date.' });
export type PeriodFilters = z.infer<typeof periodFiltersSchema>;

export interface DecidedRow extends DecidedTiming {
  hsiOfficeId: number;
  divisionId: number;
  kind: 'initial' | 'renewal';
  /** Business days from approval to activation, when approval waited for training. */
  pendingTrainingDays: number | null;
}

/** Office, division and kind filters, within what the actor may see. */
export function requestFilterConditions(actor: Actor, filters: Pick<PeriodFilters, 'office' | 'division' | 'kind'>): (SQL | undefined)[] {
  return [
    visibleRequestsCondition(actor),
    filters.office ? eq(requests.hsiOfficeId, filters.office) : undefined,
    filters.division ? sql`coalesce(${requests.routedDivisionId}, ${requests.deaDivisionId}) = ${filters.division}` : undefined,
    filters.kind ? eq(requests.kind, filters.kind) : undefined,
  ];
}

/** Requests approved or denied between `from` and `to` (calendar dates, both inclusive). */
export function decidedInPeriod(db: Db, actor: Actor, filters: PeriodFilters): DecidedRow[] {
  assertCan(actor, 'timeliness:read');
  const rows = db
    .select({
      requestId: requests.id,
      ref: requests.ref,
      kind: requests.kind,
      hsiOfficeId: requests.hsiOfficeId,
      divisionId: sql<number>`coalesce(${requests.routedDivisionId}, ${requests.deaDivisionId})`,
      firstSubmittedOn: requestTimings.firstSubmittedOn,
      decidedOn: requestTimings.decidedOn,
      decision: requestTimings.decision,
      hsiReview: requestTimings.hsiReviewDays,
      deaHqReview: requestTimings.deaHqReviewDays,
      divisionReview: requestTimings.divisionReviewDays,
      deaDecision: requestTimings.deaDecisionDays,
      endToEnd: requestTimings.endToEndDays,
      pendingTrainingDays: requestTimings.pendingTrainingDays,
    })
    .from(requestTimings)
    .innerJoin(requests, eq(requests.id, requestTimings.requestId))
    .where(and(between(requestTimings.decidedOn, filters.from, filters.to), ...requestFilterConditions(actor, filters)))
    .all();
  return rows.map((r) => ({
    requestId: r.requestId,
    ref: r.ref,
    kind: r.kind,
    hsiOfficeId: r.hsiOfficeId,
    divisionId: r.divisionId,
    firstSubmittedOn: r.firstSubmittedOn,
    decidedOn: r.decidedOn,
    decision: r.decision,
    pendingTrainingDays: r.pendingTrainingDays,
    days: {
      hsi_review: r.hsiReview,
      dea_hq_review: r.deaHqReview,
      division_review: r.divisionReview,
      dea_decision: r.deaDecision,
      end_to_end: r.endToEnd,
    },
  }));
}
