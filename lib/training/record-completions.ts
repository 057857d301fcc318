// The one writer of completions and waivers, by hand or from an LMS export. Each record is checked
// against the roster and the module (published, the person in its audience, a version that exists, a
// date not in the future); the same record twice is one record; and when a completion clears the last
// module an approved request was waiting for, the request is activated in the same transaction.
import { recordAudit } from '@/lib/audit/audit-log';
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { agents, requests, trainingCompletions, trainingModules } from '@/db/schema';
import type { Actor, SystemActor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { visibleAgentsCondition } from '@/lib/auth/request-scope';
import { calendarDate, isIsoDate, type IsoDate } from '@/lib/calendar/dates';
import { settings } from '@/lib/config';
import type { Agency } from '@/lib/domain/offices';
import { COMPLETION_KINDS, MODULE_AUDIENCE_LABELS, MODULE_STATUS_LABELS, type CompletionKind, type CompletionSource, type ModuleAudience, type ModuleStatus } from '@/lib/domain/training';
import { invalid } from '@/lib/errors';
import { formatDate } from '@/lib/format';
import { parseOrThrow } from '@/lib/validation/parse';
import { badgeSchema } from '@/lib/validation/request-input';
import { applyTransition, type DbOrTx } from '@/lib/workflow/transition-request';
import { trainingOwedForActivation } from './activation-gate';
import { isInAudience } from './person-status';

export const REASON_MAX = 2000;
/** Who activates an approval once its agent's training is complete: the tracker itself. */
export const ACTIVATION_ACTOR: SystemActor = { kind: 'system', name: 'T21 Tracker (training complete)' };

/** The fields of one record as typed in a form or read from a CSV row (before lookups). */
export const completionFieldsSchema = z.object({
  badge: badgeSchema,
  moduleCode: z.string({ error: 'Enter the module code.' }).trim().toUpperCase().min(1, 'Enter the module code.').max(40, 'Module codes are at most 40 characters.'),
  completedOn: z.string({ error: 'Enter the completion date.' }).trim().refine(isIsoDate, 'Enter the completion date as a real date in the form YYYY-MM-DD.'),
  // Trimmed like every other cell; only digits, so "0x2" or "1e0" is not read as a version.
  version: z.preprocess(
    (v) => {
      const text = typeof v === 'string' ? v.trim() : v;
      if (text === '' || text == null) return undefined;
      // Anything but text or a number is left for the schema to refuse with its message.
      return typeof text === 'number' ? String(text) : text;
    },
    z
      .string()
      .regex(/^\d+$/, 'Enter the version as a whole number.')
      .transform(Number)
      .pipe(z.number().int().positive('Versions start at 1.'))
      .optional(),
  ),
});

export const manualRecordSchema = completionFieldsSchema.extend({
  kind: z.enum(COMPLETION_KINDS, { error: 'Choose completed, or waived or exempted.' }),
  // NUL is not text (SQLite's length() stops at it, and the database would then see no reason).
  reason: z.preprocess((v) => (typeof v === 'string' ? v.replace(/\u0000/g, '').trim() || null : null), z.string().max(REASON_MAX, `Keep the reason to ${REASON_MAX.toLocaleString('en-US')} characters or fewer.`).nullable()),
});
export type ManualRecord = z.infer<typeof manualRecordSchema>;

export interface CompletionRecord {
  agentId: number;
  moduleId: number;
  version: number;
  kind: CompletionKind;
  completedOn: IsoDate;
  reason: string | null;
}

interface KnownModule {
  id: number;
  code: string;
  status: ModuleStatus;
  version: number;
  audience: ModuleAudience;
}
interface KnownAgent {
  id: number;
  badge: string;
  agency: Agency;
}

/** The roster and modules the checks look records up in, read once for a whole file. */
export interface Lookups {
  agentsByBadge: Map<string, KnownAgent>;
  modulesByCode: Map<string, KnownModule>;
  today: IsoDate;
}

export function loadLookups(tx: DbOrTx, actor: Actor, badges: readonly string[], at: number): Lookups {
  const agentsByBadge = new Map<string, KnownAgent>();
  const unique = [...new Set(badges)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = tx
      .select({ id: agents.id, badge: agents.badge, agency: agents.agency })
      .from(agents)
      .where(and(inArray(agents.badge, unique.slice(i, i + 500)), visibleAgentsCondition(actor)))
      .all();
    for (const row of rows) agentsByBadge.set(row.badge, row);
  }
  const modules = tx
    .select({ id: trainingModules.id, code: trainingModules.code, status: trainingModules.status, version: trainingModules.version, audience: trainingModules.audience })
    .from(trainingModules)
    .all();
  return { agentsByBadge, modulesByCode: new Map(modules.map((m) => [m.code, m])), today: calendarDate(at, settings().T21_TIME_ZONE) };
}

export type RecordProblem = { field: string; message: string };

/** Checks one record against the roster and the module; returns it resolved, or every problem with it. */
export function checkRecord(
  fields: z.infer<typeof completionFieldsSchema> & { kind: CompletionKind; reason: string | null },
  lookups: Lookups,
): { record: CompletionRecord } | { problems: RecordProblem[] } {
  const problems: RecordProblem[] = [];
  const agent = lookups.agentsByBadge.get(fields.badge);
  if (!agent) problems.push({ field: 'badge', message: `No one on the roster you can see has badge ${fields.badge}.` });
  const trainingModule = lookups.modulesByCode.get(fields.moduleCode);
  if (!trainingModule) {
    problems.push({ field: 'module_code', message: `No training module has the code ${fields.moduleCode}.` });
  } else {
    if (trainingModule.status !== 'published' && trainingModule.status !== 'retired') {
      problems.push({ field: 'module_code', message: `${trainingModule.code} is not published (it is ${MODULE_STATUS_LABELS[trainingModule.status].toLowerCase()}), so nobody can have completed it yet.` });
    }
    if (agent && !isInAudience(trainingModule.audience, agent.agency)) {
      problems.push({ field: 'badge', message: `${trainingModule.code} is for ${MODULE_AUDIENCE_LABELS[trainingModule.audience]}; ${agent.badge} is a ${agent.agency} agent.` });
    }
    if (fields.version !== undefined && fields.version > trainingModule.version) {
      problems.push({ field: 'version', message: `${trainingModule.code} has no version ${fields.version}; its latest is ${trainingModule.version}.` });
    }
  }
  if (fields.completedOn > lookups.today) {
    problems.push({ field: 'completed_on', message: `${formatDate(fields.completedOn)} is in the future.` });
  }
  if (fields.kind === 'waiver' && !fields.reason) {
    problems.push({ field: 'reason', message: 'Give the reason for the waiver or exemption.' });
  }
  if (problems.length > 0 || !agent || !trainingModule) return { problems };
  return {
    record: {
      agentId: agent.id,
      moduleId: trainingModule.id,
      version: fields.version ?? trainingModule.version,
      kind: fields.kind,
      completedOn: fields.completedOn,
      reason: fields.kind === 'waiver' ? fields.reason : null,
    },
  };
}

export interface RecordSummary {
  added: number;
  alreadyRecorded: number;
  /** Requests activated because their agent no longer owes required training. */
  activated: string[];
}

/** Writes checked records inside the caller's transaction, then activates what no longer waits. */
export function writeRecords(tx: DbOrTx, actor: Actor, records: readonly CompletionRecord[], source: CompletionSource, at: number): RecordSummary {
  let added = 0;
  for (const record of records) {
    const result = tx
      .insert(trainingCompletions)
      .values({ ...record, source, recordedByUserId: actor.kind === 'user' ? actor.id : null, recordedByName: actor.name, recordedAt: at })
      .onConflictDoNothing()
      .run();
    added += result.changes;
  }
  const activated = added > 0 ? activateWaiting(tx, [...new Set(records.map((r) => r.agentId))], at) : [];
  return { added, alreadyRecorded: records.length - added, activated };
}

/**
 * Activates the approvals waiting for training whose agents no longer owe any: after a completion is
 * recorded (for those agents), and after a module stops gating (retired, no longer required, a new
 * version accepted as equivalent) for every waiting request. Returns the references activated.
 */
export function activateWaiting(tx: DbOrTx, agentIds: readonly number[] | 'all', at: number): string[] {
  const today = calendarDate(at, settings().T21_TIME_ZONE);
  const activated: string[] = [];
  const batches = agentIds === 'all' ? [undefined] : Array.from({ length: Math.ceil(agentIds.length / 500) }, (_, i) => agentIds.slice(i * 500, i * 500 + 500));
  for (const batch of batches) {
    const waiting = tx
      .select({ id: requests.id, ref: requests.ref, agentId: requests.agentId, lastEventAt: requests.lastEventAt })
      .from(requests)
      .where(and(eq(requests.state, 'pending_training'), batch ? inArray(requests.agentId, [...batch]) : undefined))
      .all();
    for (const request of waiting) {
      if (trainingOwedForActivation(tx, request.agentId, today).length > 0) continue;
      applyTransition(tx, ACTIVATION_ACTOR, { requestId: request.id, action: 'activate', at: Math.max(at, request.lastEventAt) });
      activated.push(request.ref);
    }
  }
  return activated;
}

/** Records one completion or waiver typed into the form on a person's page. */
export function recordCompletion(db: Db, actor: Actor, input: unknown, at = Date.now()): RecordSummary {
  assertCan(actor, 'training:record');
  const fields = parseOrThrow(manualRecordSchema, input);
  return db.transaction(
    (tx) => {
      const checked = checkRecord(fields, loadLookups(tx, actor, [fields.badge], at));
      if ('problems' in checked) {
        const fieldErrors: Record<string, string[]> = {};
        for (const p of checked.problems) (fieldErrors[FORM_FIELD[p.field] ?? p.field] ??= []).push(p.message);
        throw invalid('Check the highlighted fields.', fieldErrors);
      }
      const summary = writeRecords(tx, actor, [checked.record], 'manual', at);
      recordAudit(tx, actor, { action: 'completion_recorded', objectType: 'agent', objectId: checked.record.agentId, details: { ...checked.record, added: summary.added, activated: summary.activated } }, at);
      return summary;
    },
    { behavior: 'immediate' },
  );
}

// CSV column names → the form's field names, so a problem lands next to the field that caused it.
const FORM_FIELD: Record<string, string> = { module_code: 'moduleCode', completed_on: 'completedOn' };

