// The tracker's tables. Conventions (see docs/architecture.md):
// - plural snake_case tables; instants are integers in milliseconds since the epoch (UTC), so two steps
//   in the same second never tie; calendar dates are 'YYYY-MM-DD' text in the calendar's zone;
// - every enum is a CHECK constraint, so a bad value cannot reach the file even from a hand-written query;
// - every foreign key and every column a list or dashboard filters by has an index.
// The enum values live in lib/domain/*.ts; this file imports them so the two cannot drift apart.
import { sql } from 'drizzle-orm';
import { check, index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { AGENCIES, OFFICE_KINDS } from '../lib/domain/offices';
import { ROLES } from '../lib/domain/roles';
import { AUDIT_OUTCOMES } from '../lib/domain/audit';
import { ACTIONS, REQUEST_KINDS, STATES } from '../lib/domain/workflow-states';
import { CLOCKED_STAGE_GOALS } from '../lib/domain/goals';
import { COMPLETION_KINDS, COMPLETION_SOURCES, DISPUTING_AGENCIES, ESCALATION_LEVELS, MODULE_AUDIENCES, MODULE_EVENT_ACTIONS, MODULE_OWNERS, MODULE_STATUSES } from '../lib/domain/training';

const inList = (column: string, values: readonly string[]) =>
  `${column} IN (${values.map((v) => `'${v}'`).join(', ')})`;
const oneOf = (column: string, values: readonly string[]) => sql.raw(inList(column, values));
const nullOrOneOf = (column: string, values: readonly string[]) =>
  sql.raw(`${column} IS NULL OR ${inList(column, values)}`);

export const offices = sqliteTable(
  'offices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull(),
    agency: text('agency', { enum: AGENCIES }).notNull(),
    kind: text('kind', { enum: OFFICE_KINDS }).notNull(),
    name: text('name').notNull(),
    isActive: integer('is_active', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [
    uniqueIndex('offices_code_unique').on(t.code),
    index('offices_kind_idx').on(t.kind),
    check('offices_agency_check', oneOf('agency', AGENCIES)),
    check('offices_kind_check', oneOf('kind', OFFICE_KINDS)),
  ],
);

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    // Supervisors belong to an HSI field office, division coordinators to a DEA division; others to none.
    officeId: integer('office_id').references(() => offices.id),
    isActive: integer('is_active', { mode: 'boolean' }).notNull().default(true),
    // Bumped whenever role, office or status changes: a session minted before the bump stops working.
    authVersion: integer('auth_version').notNull().default(1),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    lastSignInAt: integer('last_sign_in_at'),
    // Five failed sign-ins within 15 minutes lock the account until an administrator unlocks it.
    lockedAt: integer('locked_at'),
    unlockedAt: integer('unlocked_at'),
    // Time-based one-time codes: the shared secret (base32), set at enrolment, and the last time
    // step accepted, so that a code cannot be used twice.
    totpSecret: text('totp_secret'),
    totpLastStep: integer('totp_last_step'),
    mfaEnrolledAt: integer('mfa_enrolled_at'),
  },
  (t) => [
    uniqueIndex('users_email_unique').on(t.email),
    index('users_office_idx').on(t.officeId),
    check('users_role_check', oneOf('role', ROLES)),
  ],
);

// The roster: HSI agents (whom DEA cross-designates) and DEA agents (who are in the joint training's
// audience). Only HSI agents are ever proposed for a designation.
export const agents = sqliteTable(
  'agents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    badge: text('badge').notNull(),
    name: text('name').notNull(),
    agency: text('agency', { enum: AGENCIES }).notNull().default('HSI'),
    // An HSI field office for HSI agents, a DEA division for DEA agents.
    officeId: integer('office_id')
      .notNull()
      .references(() => offices.id),
    dutyStation: text('duty_station').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('agents_badge_unique').on(t.badge),
    index('agents_office_idx').on(t.officeId),
    index('agents_name_idx').on(t.name),
    check('agents_agency_check', oneOf('agency', AGENCIES)),
  ],
);

export const requests = sqliteTable(
  'requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ref: text('ref').notNull(),
    kind: text('kind', { enum: REQUEST_KINDS }).notNull(),
    state: text('state', { enum: STATES }).notNull(),
    agentId: integer('agent_id')
      .notNull()
      .references(() => agents.id),
    // The office that proposes the agent: copied from the agent at creation so that a later transfer
    // of the agent does not move old requests out of the office that made them.
    hsiOfficeId: integer('hsi_office_id')
      .notNull()
      .references(() => offices.id),
    // The DEA division where the agent will work, as proposed; DEA HQ may route to another.
    deaDivisionId: integer('dea_division_id')
      .notNull()
      .references(() => offices.id),
    routedDivisionId: integer('routed_division_id').references(() => offices.id),
    borderNexus: text('border_nexus').notNull(),
    // For a renewal: the designation it continues (history imports may leave it empty).
    renewsDesignationId: integer('renews_designation_id'),
    // The review stage that returned the request; resubmission resumes there.
    returnedFromState: text('returned_from_state', { enum: STATES }),
    createdByUserId: integer('created_by_user_id').references(() => users.id),
    // A form's one-time key: posting the same form twice creates one request, not two.
    submissionKey: text('submission_key'),
    isImported: integer('is_imported', { mode: 'boolean' }).notNull().default(false),
    // Caches of facts in the event log, kept by the one writer, for filtering and goal lookup.
    firstSubmittedAt: integer('first_submitted_at'),
    lastEventAt: integer('last_event_at').notNull(),
    stateEnteredAt: integer('state_entered_at').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('requests_ref_unique').on(t.ref),
    uniqueIndex('requests_submission_key_unique').on(t.createdByUserId, t.submissionKey),
    index('requests_agent_idx').on(t.agentId),
    index('requests_state_idx').on(t.state),
    index('requests_office_state_idx').on(t.hsiOfficeId, t.state),
    index('requests_division_idx').on(t.deaDivisionId),
    // Partial: these columns are empty on most rows (not yet routed, not a renewal, imported), and an
    // index entry for an empty value is written on every insert and move for nothing. A lookup by a
    // value (`= ?`) implies NOT NULL, so SQLite still uses them.
    index('requests_routed_division_state_idx').on(t.routedDivisionId, t.state).where(sql`${t.routedDivisionId} IS NOT NULL`),
    index('requests_renews_idx').on(t.renewsDesignationId).where(sql`${t.renewsDesignationId} IS NOT NULL`),
    index('requests_created_by_idx').on(t.createdByUserId).where(sql`${t.createdByUserId} IS NOT NULL`),
    index('requests_first_submitted_idx').on(t.firstSubmittedAt),
    check('requests_kind_check', oneOf('kind', REQUEST_KINDS)),
    check('requests_state_check', oneOf('state', STATES)),
    check('requests_returned_from_check', nullOrOneOf('returned_from_state', STATES)),
  ],
);

// Append-only: triggers in the migration reject UPDATE and DELETE.
export const requestEvents = sqliteTable(
  'request_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: integer('request_id')
      .notNull()
      .references(() => requests.id),
    action: text('action', { enum: ACTIONS }).notNull(),
    fromState: text('from_state', { enum: STATES }),
    toState: text('to_state', { enum: STATES }).notNull(),
    actorUserId: integer('actor_user_id').references(() => users.id),
    // The actor's name and role as they were at the time; for imported history, the free text given.
    actorName: text('actor_name').notNull(),
    actorRole: text('actor_role'),
    at: integer('at').notNull(),
    reason: text('reason'),
    reasonCategory: text('reason_category'),
    // For `route`: the division chosen.
    divisionId: integer('division_id').references(() => offices.id),
    // For `edit`: JSON list of the fields changed.
    details: text('details'),
    isImported: integer('is_imported', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    index('request_events_request_at_idx').on(t.requestId, t.at),
    // Partial, as on requests: only people's events have an actor id, only routes a division.
    index('request_events_actor_idx').on(t.actorUserId).where(sql`${t.actorUserId} IS NOT NULL`),
    index('request_events_division_idx').on(t.divisionId).where(sql`${t.divisionId} IS NOT NULL`),
    index('request_events_action_at_idx').on(t.action, t.at),
    check('request_events_action_check', oneOf('action', ACTIONS)),
    check('request_events_to_state_check', oneOf('to_state', STATES)),
    check('request_events_from_state_check', nullOrOneOf('from_state', STATES)),
  ],
);

export const designations = sqliteTable(
  'designations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: integer('request_id')
      .notNull()
      .references(() => requests.id),
    agentId: integer('agent_id')
      .notNull()
      .references(() => agents.id),
    // Calendar dates in the calendar's zone; valid through ends_on inclusive.
    startsOn: text('starts_on').notNull(),
    endsOn: text('ends_on').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('designations_request_unique').on(t.requestId),
    index('designations_agent_idx').on(t.agentId),
    // Covering for "designations in force on a date" (the dashboard's headline): the range on ends_on
    // reads only designations still running, and the row itself is never visited.
    index('designations_in_force_idx').on(t.endsOn, t.startsOn, t.requestId),
  ],
);

// References per fiscal year: T21-2026-00001.
export const refCounters = sqliteTable('ref_counters', {
  fiscalYear: integer('fiscal_year').primaryKey(),
  lastNumber: integer('last_number').notNull(),
});

// Goals are versioned by effective date; a request is judged by the version in force at its first
// submission, so editing a goal adds a row and never rewrites history.
export const timelinessGoals = sqliteTable(
  'timeliness_goals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    stage: text('stage', { enum: CLOCKED_STAGE_GOALS }).notNull(),
    businessDays: integer('business_days').notNull(),
    warningShare: real('warning_share').notNull().default(0.8),
    effectiveFrom: text('effective_from').notNull(),
    note: text('note'),
    createdByUserId: integer('created_by_user_id').references(() => users.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('timeliness_goals_stage_from_unique').on(t.stage, t.effectiveFrom),
    index('timeliness_goals_created_by_idx').on(t.createdByUserId),
    check('timeliness_goals_stage_check', oneOf('stage', CLOCKED_STAGE_GOALS)),
    check('timeliness_goals_days_check', sql`business_days > 0`),
    check('timeliness_goals_share_check', sql`warning_share > 0 AND warning_share <= 1`),
  ],
);

export const trainingModules = sqliteTable(
  'training_modules',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull(),
    title: text('title').notNull(),
    ownerAgency: text('owner_agency', { enum: MODULE_OWNERS }).notNull(),
    audience: text('audience', { enum: MODULE_AUDIENCES }).notNull(),
    status: text('status', { enum: MODULE_STATUSES }).notNull(),
    version: integer('version').notNull().default(1),
    isRequiredBeforeActivation: integer('is_required_before_activation', { mode: 'boolean' })
      .notNull()
      .default(false),
    refresherMonths: integer('refresher_months'),
    // Days a person has to complete the module once it is published (or once they join the roster,
    // if later); null means no deadline, and people who owe it show as "not started".
    completionWindowDays: integer('completion_window_days'),
    // Completions of versions older than this no longer count (a new version "required again").
    minimumCompletionVersion: integer('minimum_completion_version').notNull().default(1),
    statusNote: text('status_note'),
    statusSince: integer('status_since').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('training_modules_code_unique').on(t.code),
    check('training_modules_owner_check', oneOf('owner_agency', MODULE_OWNERS)),
    check('training_modules_audience_check', oneOf('audience', MODULE_AUDIENCES)),
    check('training_modules_status_check', oneOf('status', MODULE_STATUSES)),
    check('training_modules_refresher_check', sql`refresher_months IS NULL OR refresher_months > 0`),
    check('training_modules_window_check', sql`completion_window_days IS NULL OR completion_window_days > 0`),
  ],
);

// Facts about this database itself, such as whether it holds demo data (then, and only then, the
// sign-in page lists the demo accounts).
export const appMeta = sqliteTable('app_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

// A cache of each decided request's times, computed from its events by lib/timeliness/request-timing.ts
// and kept by the one writer when a request is approved or denied. `npm run t21 -- rebuild-timings`
// recomputes it all from the event log (start-up does so when the calendar's zone has changed).
// Goals are not stored here: a request is judged against its goal version when read.
export const requestTimings = sqliteTable(
  'request_timings',
  {
    requestId: integer('request_id')
      .primaryKey()
      .references(() => requests.id),
    firstSubmittedOn: text('first_submitted_on'),
    decision: text('decision', { enum: ['approve', 'deny'] }).notNull(),
    decidedAt: integer('decided_at').notNull(),
    decidedOn: text('decided_on').notNull(),
    hsiReviewDays: integer('hsi_review_days'),
    deaHqReviewDays: integer('dea_hq_review_days'),
    divisionReviewDays: integer('division_review_days'),
    deaDecisionDays: integer('dea_decision_days'),
    endToEndDays: integer('end_to_end_days'),
    endToEndCalendarDays: integer('end_to_end_calendar_days'),
    requesterDays: integer('requester_days').notNull(),
    requesterCalendarDays: integer('requester_calendar_days').notNull(),
    returns: integer('returns').notNull(),
    // Approved while training was owed: time from approval to activation (or to now, while pending),
    // reported on its own; the end-to-end clock stopped at approval.
    pendingTrainingDays: integer('pending_training_days'),
    pendingTrainingCalendarDays: integer('pending_training_calendar_days'),
    activatedAt: integer('activated_at'),
  },
  (t) => [
    index('request_timings_decided_on_idx').on(t.decidedOn),
    check('request_timings_decision_check', oneOf('decision', ['approve', 'deny'])),
  ],
);

// Every change to a training module, with who and when: status moves, edits and new versions.
// Append-only, like the request event log.
export const trainingModuleEvents = sqliteTable(
  'training_module_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    moduleId: integer('module_id')
      .notNull()
      .references(() => trainingModules.id),
    action: text('action', { enum: MODULE_EVENT_ACTIONS }).notNull(),
    fromStatus: text('from_status', { enum: MODULE_STATUSES }),
    toStatus: text('to_status', { enum: MODULE_STATUSES }).notNull(),
    version: integer('version').notNull(),
    actorUserId: integer('actor_user_id').references(() => users.id),
    actorName: text('actor_name').notNull(),
    at: integer('at').notNull(),
    note: text('note'),
    details: text('details'),
  },
  (t) => [
    index('training_module_events_module_at_idx').on(t.moduleId, t.at),
    index('training_module_events_actor_idx').on(t.actorUserId),
    check('training_module_events_action_check', oneOf('action', MODULE_EVENT_ACTIONS)),
    check('training_module_events_to_status_check', oneOf('to_status', MODULE_STATUSES)),
    check('training_module_events_from_status_check', nullOrOneOf('from_status', MODULE_STATUSES)),
  ],
);

// A content dispute over a module: the point in dispute, who raised it, its escalation, its end.
export const trainingDisputes = sqliteTable(
  'training_disputes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    moduleId: integer('module_id')
      .notNull()
      .references(() => trainingModules.id),
    point: text('point').notNull(),
    raisedByAgency: text('raised_by_agency', { enum: DISPUTING_AGENCIES }).notNull(),
    raisedOn: text('raised_on').notNull(),
    level: text('level', { enum: ESCALATION_LEVELS }).notNull(),
    resolvedOn: text('resolved_on'),
    resolution: text('resolution'),
    createdByUserId: integer('created_by_user_id').references(() => users.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('training_disputes_module_idx').on(t.moduleId),
    index('training_disputes_created_by_idx').on(t.createdByUserId),
    check('training_disputes_agency_check', oneOf('raised_by_agency', DISPUTING_AGENCIES)),
    check('training_disputes_level_check', oneOf('level', ESCALATION_LEVELS)),
    check('training_disputes_resolution_check', sql`(resolved_on IS NULL) = (resolution IS NULL)`),
  ],
);

// Each rung a dispute climbs, dated. The first row of a dispute is the level it was raised at.
export const trainingDisputeSteps = sqliteTable(
  'training_dispute_steps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    disputeId: integer('dispute_id')
      .notNull()
      .references(() => trainingDisputes.id),
    level: text('level', { enum: ESCALATION_LEVELS }).notNull(),
    on: text('on').notNull(),
    note: text('note'),
    actorUserId: integer('actor_user_id').references(() => users.id),
    actorName: text('actor_name').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [
    index('training_dispute_steps_dispute_idx').on(t.disputeId),
    index('training_dispute_steps_actor_idx').on(t.actorUserId),
    check('training_dispute_steps_level_check', oneOf('level', ESCALATION_LEVELS)),
  ],
);

// Who completed which module, in which version, and when; or who was waived or exempted, and why.
// Append-only: a completion recorded in error is corrected by a later record, never rewritten.
export const trainingCompletions = sqliteTable(
  'training_completions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    agentId: integer('agent_id')
      .notNull()
      .references(() => agents.id),
    moduleId: integer('module_id')
      .notNull()
      .references(() => trainingModules.id),
    version: integer('version').notNull(),
    kind: text('kind', { enum: COMPLETION_KINDS }).notNull(),
    completedOn: text('completed_on').notNull(),
    // Required for a waiver or exemption.
    reason: text('reason'),
    source: text('source', { enum: COMPLETION_SOURCES }).notNull(),
    recordedByUserId: integer('recorded_by_user_id').references(() => users.id),
    recordedByName: text('recorded_by_name').notNull(),
    recordedAt: integer('recorded_at').notNull(),
  },
  (t) => [
    // The same completion twice is one record: re-importing an LMS export changes nothing.
    uniqueIndex('training_completions_unique').on(t.agentId, t.moduleId, t.version, t.kind, t.completedOn),
    index('training_completions_module_idx').on(t.moduleId),
    index('training_completions_recorded_by_idx').on(t.recordedByUserId),
    check('training_completions_kind_check', oneOf('kind', COMPLETION_KINDS)),
    check('training_completions_source_check', oneOf('source', COMPLETION_SOURCES)),
    check('training_completions_reason_check', sql`kind = 'completion' OR (reason IS NOT NULL AND length(trim(reason)) > 0)`),
    check('training_completions_version_check', sql`version > 0`),
  ],
);

// Server-side sessions: the cookie names one of these, and every request checks it. A session ends
// after 30 minutes without activity, 12 hours in all, at sign-out, or when the user's access changes.
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    endedAt: integer('ended_at'),
    endReason: text('end_reason'),
    sourceAddress: text('source_address'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

// The audit trail: append-only (triggers) and hash-chained (lib/audit/audit-log.ts). Instants are UTC
// milliseconds.
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey(),
    at: integer('at').notNull(),
    actorUserId: integer('actor_user_id'),
    actorName: text('actor_name').notNull(),
    actorRole: text('actor_role'),
    action: text('action').notNull(),
    objectType: text('object_type'),
    objectId: text('object_id'),
    outcome: text('outcome', { enum: AUDIT_OUTCOMES }).notNull(),
    sourceAddress: text('source_address'),
    details: text('details'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_actor_action_idx').on(t.actorUserId, t.action, t.at),
    index('audit_log_action_idx').on(t.action, t.at),
    check('audit_log_outcome_check', oneOf('outcome', AUDIT_OUTCOMES)),
  ],
);
