// A supervisor proposes one or more agents of their own office: one request each, created as drafts
// and, when they choose to submit, sent to HSI headquarters in the same transaction.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents, designations, offices, refCounters, requests } from '@/db/schema';
import type { Actor, UserActor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { calendarDate, daysBetween, fiscalYear } from '@/lib/calendar/dates';
import { settings } from '@/lib/config';
import { UNFINISHED_STATES, type RequestKind } from '@/lib/domain/workflow-states';
import { forbidden, invalid, type FieldErrors } from '@/lib/errors';
import { formatDate } from '@/lib/format';
import { newRequestsSchema, submissionKeySchema } from '@/lib/validation/request-input';
import { parseOrThrow } from '@/lib/validation/parse';
import { recordAudit } from '@/lib/audit/audit-log';
import { applyTransition, type DbOrTx } from '@/lib/workflow/transition-request';
import { appendEvent, insertDraft, type NewDraft } from '@/lib/workflow/writer-queries';

export interface CreatedRequest {
  id: number;
  ref: string;
}

export interface CreateRequestsOptions {
  /** Send the requests to HSI HQ at once, rather than keeping them as drafts. */
  submit: boolean;
  /** The form's one-time key: the same form posted twice returns the first result. */
  submissionKey: string;
  /** Check everything, including against what the tracker holds, and write nothing ("check your answers"). */
  isDryRun?: boolean;
  at?: number;
}

export function createRequests(db: Db, actor: Actor, input: unknown, options: CreateRequestsOptions): CreatedRequest[] {
  const supervisor = requireSupervisor(actor);
  const data = parseOrThrow(newRequestsSchema, input);
  const submissionKey = parseOrThrow(submissionKeySchema, options.submissionKey);

  return db.transaction(
    (tx) => {
      const earlier = requestsForKey(tx, supervisor.id, submissionKey);
      if (earlier.length > 0) return earlier;

      const at = options.at ?? Date.now();
      const fieldErrors: FieldErrors = {};
      checkDivision(tx, data.deaDivisionId, fieldErrors);
      const plans = data.agents.map((agent, index) =>
        planAgent(tx, supervisor, data.kind, agent, index, at, fieldErrors),
      );
      if (Object.keys(fieldErrors).length > 0) {
        throw invalid('Some agents cannot be proposed as entered. Check the highlighted fields.', fieldErrors);
      }
      if (options.isDryRun) return [];

      return plans.map((plan, index) => {
        const agentId =
          plan.existingAgentId ??
          tx
            .insert(agents)
            .values({
              badge: plan.badge,
              name: plan.name,
              officeId: supervisor.officeId,
              dutyStation: plan.dutyStation,
              createdAt: at,
              updatedAt: at,
            })
            .returning({ id: agents.id })
            .get().id;
        if (plan.existingAgentId != null) {
          tx.update(agents)
            .set({ name: plan.name, dutyStation: plan.dutyStation, updatedAt: at })
            .where(eq(agents.id, plan.existingAgentId))
            .run();
        }
        const created = insertRequest(tx, {
          ref: nextRef(tx, at),
          kind: data.kind,
          agentId,
          hsiOfficeId: supervisor.officeId,
          deaDivisionId: data.deaDivisionId,
          borderNexus: data.borderNexus,
          renewsDesignationId: plan.renewsDesignationId,
          createdByUserId: supervisor.id,
          submissionKey: `${submissionKey}:${index}`,
          actor: supervisor,
          at,
        });
        recordAudit(tx, supervisor, { action: 'request_created', objectType: 'request', objectId: created.id, details: { ref: created.ref, badge: plan.badge } }, at);
        if (options.submit) applyTransition(tx, supervisor, { requestId: created.id, action: 'submit', at });
        return created;
      });
    },
    { behavior: 'immediate' },
  );
}

function requireSupervisor(actor: Actor): UserActor & { officeId: number } {
  assertCan(actor, 'request:create');
  if (actor.kind !== 'user' || actor.role !== 'supervisor' || actor.officeId === null) {
    throw forbidden('Only a field supervisor with an office may propose agents.');
  }
  return { ...actor, officeId: actor.officeId };
}

function requestsForKey(tx: DbOrTx, userId: number, key: string): CreatedRequest[] {
  return tx
    .select({ id: requests.id, ref: requests.ref })
    .from(requests)
    // GLOB, not LIKE: LIKE ignores case, and API clients choose their own keys. The key's characters
    // ([A-Za-z0-9-], submissionKeySchema) include no GLOB wildcard.
    .where(and(eq(requests.createdByUserId, userId), sql`${requests.submissionKey} GLOB ${`${key}:*`}`))
    .orderBy(requests.id)
    .all();
}

function checkDivision(tx: DbOrTx, divisionId: number, fieldErrors: FieldErrors): void {
  const division = tx
    .select({ kind: offices.kind, isActive: offices.isActive })
    .from(offices)
    .where(eq(offices.id, divisionId))
    .get();
  if (!division || division.kind !== 'division' || !division.isActive) {
    fieldErrors.deaDivisionId = ['Choose an active DEA division.'];
  }
}

interface AgentPlan {
  badge: string;
  name: string;
  dutyStation: string;
  existingAgentId: number | null;
  renewsDesignationId: number | null;
}

/** Checks one proposed agent against what the tracker already holds, recording any problem by field. */
function planAgent(
  tx: DbOrTx,
  supervisor: { officeId: number },
  kind: RequestKind,
  agent: { badge: string; name: string; dutyStation: string },
  index: number,
  at: number,
  fieldErrors: FieldErrors,
): AgentPlan {
  const plan: AgentPlan = { ...agent, existingAgentId: null, renewsDesignationId: null };
  const badgeField = `agents.${index}.badge`;
  const existing = tx
    .select({ id: agents.id, officeId: agents.officeId, agency: agents.agency })
    .from(agents)
    .where(eq(agents.badge, agent.badge))
    .get();

  if (existing && existing.agency !== 'HSI') {
    fieldErrors[badgeField] = [`Badge ${agent.badge} belongs to a DEA agent; only HSI agents are cross-designated.`];
    return plan;
  }
  if (existing && existing.officeId !== supervisor.officeId) {
    fieldErrors[badgeField] = [`Badge ${agent.badge} belongs to an agent of another office.`];
    return plan;
  }
  if (existing) {
    plan.existingAgentId = existing.id;
    const open = tx
      .select({ ref: requests.ref })
      .from(requests)
      .where(and(eq(requests.agentId, existing.id), inArray(requests.state, [...UNFINISHED_STATES])))
      .get();
    if (open) {
      fieldErrors[badgeField] = [`This agent already has an open request, ${open.ref}.`];
      return plan;
    }
  }

  const latest = existing ? latestDesignation(tx, existing.id) : undefined;
  const { T21_TIME_ZONE, T21_RENEWAL_WINDOW_DAYS } = settings();
  const today = calendarDate(at, T21_TIME_ZONE);

  if (kind === 'initial') {
    if (latest && (latest.state === 'active' || latest.state === 'pending_training')) {
      fieldErrors[badgeField] = [
        `This agent holds a designation until ${formatDate(latest.endsOn)}: request a renewal instead.`,
      ];
    }
    return plan;
  }

  // A renewal continues a designation that is running or has ended.
  if (!latest) {
    fieldErrors[badgeField] = ['This agent has no designation to renew: request an initial designation.'];
    return plan;
  }
  const daysLeft = daysBetween(today, latest.endsOn);
  if (latest.state === 'active' && daysLeft > T21_RENEWAL_WINDOW_DAYS) {
    fieldErrors[badgeField] = [
      `A renewal can be requested from ${T21_RENEWAL_WINDOW_DAYS} days before the designation ends (${formatDate(latest.endsOn)}).`,
    ];
    return plan;
  }
  plan.renewsDesignationId = latest.id;
  return plan;
}

function latestDesignation(tx: DbOrTx, agentId: number) {
  return tx
    .select({ id: designations.id, endsOn: designations.endsOn, state: requests.state })
    .from(designations)
    .innerJoin(requests, eq(requests.id, designations.requestId))
    .where(eq(designations.agentId, agentId))
    .orderBy(desc(designations.endsOn), desc(designations.id))
    .get();
}

/** The next reference in the fiscal year of `at`, e.g. T21-2026-00042. */
export function nextRef(tx: DbOrTx, at: number): string {
  const fy = fiscalYear(calendarDate(at, settings().T21_TIME_ZONE));
  const row = tx
    .insert(refCounters)
    .values({ fiscalYear: fy, lastNumber: 1 })
    .onConflictDoUpdate({ target: refCounters.fiscalYear, set: { lastNumber: sql`${refCounters.lastNumber} + 1` } })
    .returning({ lastNumber: refCounters.lastNumber })
    .get();
  return `T21-${fy}-${String(row.lastNumber).padStart(5, '0')}`;
}

/** A draft as the writer inserts it, plus who created it (their `create` event). */
export type NewRequestRow = Omit<NewDraft, 'isImported'> & { isImported?: boolean; actor: Actor };

/** Inserts a draft request and its `create` event: the start of every request's history. */
export function insertRequest(tx: DbOrTx, row: NewRequestRow): CreatedRequest {
  const isImported = row.isImported ?? false;
  const created = insertDraft(tx, {
    ref: row.ref,
    kind: row.kind,
    agentId: row.agentId,
    hsiOfficeId: row.hsiOfficeId,
    deaDivisionId: row.deaDivisionId,
    borderNexus: row.borderNexus,
    renewsDesignationId: row.renewsDesignationId,
    createdByUserId: row.createdByUserId,
    submissionKey: row.submissionKey,
    isImported,
    at: row.at,
  });
  appendEvent(tx, {
    requestId: created.id,
    action: 'create',
    fromState: null,
    toState: 'draft',
    actorUserId: row.actor.kind === 'user' ? row.actor.id : null,
    actorName: row.actor.name,
    actorRole: row.actor.kind === 'user' ? row.actor.role : null,
    at: row.at,
    reason: null,
    reasonCategory: null,
    divisionId: null,
    isImported,
  });
  return created;
}
