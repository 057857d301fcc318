// Who owes what: every read of training status (a person's page, an office's agents × modules, the
// offices × modules matrix, the dashboard panel and their CSV downloads) goes through peopleStatuses,
// which applies the one rule in person-status.ts to what the roster, the modules' history and the
// completions say. Scope is the roster's: a supervisor sees their office, a division coordinator their
// division's DEA agents (and agents routed to them), headquarters, auditors and administrators everyone.
import { and, asc, eq, gt, isNull, lte, min, ne, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents, offices, requests, trainingCompletions, trainingDisputes, trainingModuleEvents, trainingModules } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { visibleAgentsCondition } from '@/lib/auth/request-scope';
import { calendarDate, daysBetween, type IsoDate } from '@/lib/calendar/dates';
import { settings } from '@/lib/config';
import type { Agency } from '@/lib/domain/offices';
import type { PersonStatus } from '@/lib/domain/training';
import { notFound } from '@/lib/errors';
import { personModuleStatus, type PersonModuleStatus } from './person-status';
import { loadModuleFacts, loadRecords, personFacts, type ModuleFacts } from './training-facts';

export interface RosterPerson {
  id: number;
  badge: string;
  name: string;
  agency: Agency;
  officeId: number;
  officeName: string;
  officeCode: string;
}

export interface PersonRow extends RosterPerson {
  /** Status per module id; absent where the module is not theirs (audience, retired). */
  statuses: Map<number, PersonModuleStatus>;
}

/** The modules people may owe or be waiting for: every module but the retired. */
function currentModules(db: Db): ModuleFacts[] {
  return loadModuleFacts(db, ne(trainingModules.status, 'retired'));
}

/** The visible roster (optionally narrowed) with each person's status on each module. */
export function peopleStatuses(db: Db, actor: Actor, where: SQL | undefined, modules: readonly ModuleFacts[], now: number): PersonRow[] {
  const { T21_TIME_ZONE, T21_TRAINING_EXPIRING_DAYS } = settings();
  const today = calendarDate(now, T21_TIME_ZONE);
  const people = db
    .select({ id: agents.id, badge: agents.badge, name: agents.name, agency: agents.agency, createdAt: agents.createdAt, officeId: agents.officeId, officeName: offices.name, officeCode: offices.code })
    .from(agents)
    .innerJoin(offices, eq(offices.id, agents.officeId))
    .where(and(visibleAgentsCondition(actor), where))
    .orderBy(asc(agents.name), asc(agents.id))
    .all();
  const records = people.length > 2000 ? loadRecords(db) : loadRecords(db, people.map((p) => p.id));
  return people.map(({ createdAt, ...person }) => {
    const facts = personFacts({ id: person.id, agency: person.agency, createdAt });
    const statuses = new Map<number, PersonModuleStatus>();
    for (const m of modules) {
      const status = personModuleStatus(m, facts, records.get(person.id)?.get(m.id) ?? [], today, T21_TRAINING_EXPIRING_DAYS);
      if (status) statuses.set(m.id, status);
    }
    return { ...person, statuses };
  });
}

/** Status counts over people, grouped as the matrix and the panel show them. */
export interface StatusCounts {
  /** People in the module's audience. */
  audience: number;
  completed: number;
  expiringSoon: number;
  waived: number;
  /** Owed with a deadline still ahead, or no deadline (not started). */
  due: number;
  overdue: number;
  notYetAvailable: number;
}

const EMPTY: StatusCounts = { audience: 0, completed: 0, expiringSoon: 0, waived: 0, due: 0, overdue: 0, notYetAvailable: 0 };
const BUCKET: Record<PersonStatus, keyof Omit<StatusCounts, 'audience'>> = {
  completed: 'completed',
  expiring_soon: 'expiringSoon',
  waived: 'waived',
  due: 'due',
  not_started: 'due',
  overdue: 'overdue',
  not_yet_available: 'notYetAvailable',
};

export function countStatuses(rows: readonly PersonRow[], moduleId: number): StatusCounts {
  const counts = { ...EMPTY };
  for (const row of rows) {
    const status = row.statuses.get(moduleId);
    if (!status) continue;
    counts.audience += 1;
    counts[BUCKET[status.status]] += 1;
  }
  return counts;
}

/** Trained: a completion that still counts (expiring soon included); waivers are shown on their own. */
export const trainedOf = (c: StatusCounts) => c.completed + c.expiringSoon;

// ---------------------------------------------------------------------------------------------------
// The views

function moduleColumns(modules: readonly ModuleFacts[]) {
  return modules.map((m) => ({ id: m.id, code: m.code, title: m.title, status: m.status, version: m.version, isRequiredBeforeActivation: m.isRequiredBeforeActivation, requiredSince: m.requiredSince }));
}

// ---------------------------------------------------------------------------------------------------
// Whole-roster figures are recomputed only when something they depend on has changed: every table
// they read is append-only or versioned by an id or timestamp, so the newest ids (and the roster's
// latest change) say whether the answer for a given scope and day can still stand. The dashboard asks
// on every load; at national scale the computation takes a few hundred milliseconds, the check one.

const MEMO_LIMIT = 50;
const memo = new Map<string, unknown>();

function dataVersion(db: Db, actor: Actor): string {
  return `${trainingVersion(db, actor)}|${rosterStamp(db)}`;
}

/** Everything but the roster: modules, disputes, completions (and, for division scope, routing). */
function trainingVersion(db: Db, actor: Actor): string {
  const row = db.$client
    .prepare(
      `SELECT (SELECT max(id) FROM training_completions) AS c, (SELECT max(id) FROM training_module_events) AS m,
              (SELECT max(id) FROM training_disputes) AS d, (SELECT count(*) FROM training_disputes WHERE resolved_on IS NULL) AS o,
              (SELECT max(id) FROM training_dispute_steps) AS s`,
    )
    .get() as Record<string, unknown>;
  // Only a division coordinator's roster depends on the workflow (the HSI agents routed to them), so
  // only their key follows the event log; everyone else's figures stand while requests move.
  const events = isDivisionScoped(actor) ? (db.$client.prepare('SELECT max(id) AS e FROM request_events').get() as { e: number | null }).e : '';
  return `${Object.values(row).join('|')}|${events}`;
}

/** The roster's state: people added (ids), changed (updated_at) or removed (the count), up to an id. */
function rosterStamp(db: Db, throughId?: number): string {
  const row = db.$client
    .prepare(`SELECT max(id) AS id, max(updated_at) AS updated, count(*) AS n FROM agents${throughId === undefined ? '' : ' WHERE id <= ?'}`)
    .get(...(throughId === undefined ? [] : [throughId])) as { id: number | null; updated: number | null; n: number };
  return `${row.id}:${row.updated}:${row.n}`;
}

const isDivisionScoped = (actor: Actor) => actor.kind === 'user' && actor.role === 'dea_division';

function scopeKey(actor: Actor): string {
  return actor.kind === 'system' ? 'system' : `${actor.role}:${actor.officeId ?? ''}`;
}

/** What any remembered figure is for: which database, whose scope, which day, which settings. */
function scopeDayKey(db: Db, actor: Actor, now: number): string {
  return `${db.$client.name}|${scopeKey(actor)}|${calendarDate(now, settings().T21_TIME_ZONE)}|${settings().T21_TRAINING_EXPIRING_DAYS}`;
}

function memoised<T>(name: string, db: Db, actor: Actor, now: number, compute: () => T): T {
  const key = `${name}|${scopeDayKey(db, actor, now)}|${dataVersion(db, actor)}`;
  if (memo.has(key)) return memo.get(key) as T;
  const value = compute();
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value!);
  memo.set(key, value);
  return value;
}

/** Offices × modules: counts and shares per cell, for coordinators and auditors. */
export function trainingMatrix(db: Db, actor: Actor, now = Date.now()) {
  assertCan(actor, 'training:read');
  return memoised('matrix', db, actor, now, () => computeMatrix(db, actor, now));
}

function computeMatrix(db: Db, actor: Actor, now: number) {
  const modules = currentModules(db);
  const people = peopleStatuses(db, actor, undefined, modules, now);
  const byOffice = new Map<number, PersonRow[]>();
  for (const p of people) byOffice.set(p.officeId, [...(byOffice.get(p.officeId) ?? []), p]);
  const officeRows = [...byOffice.values()]
    .map((rows) => ({ officeId: rows[0]!.officeId, officeName: rows[0]!.officeName, officeCode: rows[0]!.officeCode, agency: rows[0]!.agency, people: rows.length, cells: new Map(modules.map((m) => [m.id, countStatuses(rows, m.id)])) }))
    .sort((a, b) => a.agency.localeCompare(b.agency) || a.officeName.localeCompare(b.officeName));
  return { modules: moduleColumns(modules), offices: officeRows, totals: new Map(modules.map((m) => [m.id, countStatuses(people, m.id)])), today: calendarDate(now, settings().T21_TIME_ZONE) };
}
export type TrainingMatrix = ReturnType<typeof computeMatrix>;

/** One office's people × modules: what each still owes and by when (the supervisor's view). */
export function officeTraining(db: Db, actor: Actor, officeCode: string, now = Date.now()) {
  assertCan(actor, 'training:read');
  const office = db.select({ id: offices.id, code: offices.code, name: offices.name, agency: offices.agency }).from(offices).where(eq(offices.code, officeCode)).get();
  if (!office) throw notFound('Office');
  const modules = currentModules(db);
  const people = peopleStatuses(db, actor, eq(agents.officeId, office.id), modules, now);
  // An office the actor may not see reads as missing, not as an empty office.
  const isVisible = people.length > 0 || actor.kind === 'system' || ['admin', 'auditor', 'hsi_hq', 'dea_hq'].includes(actor.role) || (actor.officeId === office.id);
  if (!isVisible) throw notFound('Office');
  const relevant = modules.filter((m) => people.some((p) => p.statuses.has(m.id)) || people.length === 0);
  return { office, modules: moduleColumns(relevant), people, today: calendarDate(now, settings().T21_TIME_ZONE) };
}
export type OfficeTraining = ReturnType<typeof officeTraining>;

/** One person's training: status per module and every record ever made for them. */
export function personTraining(db: Db, actor: Actor, agentId: number, now = Date.now()) {
  assertCan(actor, 'training:read');
  const modules = currentModules(db);
  const [person] = peopleStatuses(db, actor, eq(agents.id, agentId), modules, now);
  if (!person) throw notFound('Agent');
  const history = db
    .select({
      id: trainingCompletions.id,
      moduleCode: trainingModules.code,
      moduleTitle: trainingModules.title,
      version: trainingCompletions.version,
      kind: trainingCompletions.kind,
      completedOn: trainingCompletions.completedOn,
      reason: trainingCompletions.reason,
      source: trainingCompletions.source,
      recordedByName: trainingCompletions.recordedByName,
      recordedAt: trainingCompletions.recordedAt,
    })
    .from(trainingCompletions)
    .innerJoin(trainingModules, eq(trainingModules.id, trainingCompletions.moduleId))
    .where(eq(trainingCompletions.agentId, agentId))
    .orderBy(asc(trainingCompletions.completedOn), asc(trainingCompletions.id))
    .all();
  const pending = db
    .select({ id: requests.id, ref: requests.ref })
    .from(requests)
    .where(and(eq(requests.agentId, agentId), eq(requests.state, 'pending_training')))
    .all();
  return { person, modules: moduleColumns(modules).filter((m) => person.statuses.has(m.id)), history, pending, today: calendarDate(now, settings().T21_TIME_ZONE) };
}
export type PersonTraining = ReturnType<typeof personTraining>;

/**
 * The dashboard's training panel, answering GAO's second and third recommendations: per module,
 * finalised or not (and since when), disputes open, and the share of its audience trained.
 */
export function trainingPanel(db: Db, actor: Actor, now = Date.now()) {
  assertCan(actor, 'training:read');
  return memoised('panel', db, actor, now, () => computePanel(db, actor, now));
}

// The panel's counts, kept per scope and day and carried forward as people join the roster. Every
// proposal of a new agent adds a person, and recounting a national roster (40,000 people at twenty
// years of history) took half a second on each dashboard view after one; a newcomer is counted
// alone and added. Anything else (a record, a module's change, a change to anyone already counted,
// another day) counts everyone again.
interface CarriedCounts {
  through: number;
  stamp: string;
  counts: Map<number, StatusCounts>;
}
const carried = new Map<string, CarriedCounts>();

function addCounts(into: Map<number, StatusCounts>, people: readonly PersonRow[], modules: readonly ModuleFacts[]): void {
  for (const m of modules) {
    const add = countStatuses(people, m.id);
    const sum = { ...(into.get(m.id) ?? EMPTY) };
    for (const key of Object.keys(sum) as (keyof StatusCounts)[]) sum[key] += add[key];
    into.set(m.id, sum);
  }
}

function panelCounts(db: Db, actor: Actor, modules: readonly ModuleFacts[], now: number): Map<number, StatusCounts> {
  const key = `${scopeDayKey(db, actor, now)}|${trainingVersion(db, actor)}`;
  const through = (db.$client.prepare('SELECT max(id) AS id FROM agents').get() as { id: number | null }).id ?? 0;
  const previous = carried.get(key);
  let counts: Map<number, StatusCounts>;
  if (previous && previous.through <= through && rosterStamp(db, previous.through) === previous.stamp) {
    if (through === previous.through) return previous.counts;
    counts = new Map(previous.counts);
    addCounts(counts, peopleStatuses(db, actor, and(gt(agents.id, previous.through), lte(agents.id, through)), modules, now), modules);
  } else {
    counts = new Map();
    addCounts(counts, peopleStatuses(db, actor, lte(agents.id, through), modules, now), modules);
  }
  if (!previous && carried.size >= MEMO_LIMIT) carried.delete(carried.keys().next().value!);
  carried.set(key, { through, stamp: rosterStamp(db, through), counts });
  return counts;
}

function computePanel(db: Db, actor: Actor, now: number) {
  const modules = loadModuleFacts(db);
  const countsByModule = panelCounts(db, actor, modules, now);
  const today = calendarDate(now, settings().T21_TIME_ZONE);
  // Open disputes per module: how many, and the day the oldest was raised.
  const openDisputes = new Map<number, { n: number; oldest: IsoDate }>();
  for (const d of db.select({ moduleId: trainingDisputes.moduleId, raisedOn: trainingDisputes.raisedOn }).from(trainingDisputes).where(isNull(trainingDisputes.resolvedOn)).all()) {
    const seen = openDisputes.get(d.moduleId);
    openDisputes.set(d.moduleId, { n: (seen?.n ?? 0) + 1, oldest: seen && seen.oldest < d.raisedOn ? seen.oldest : d.raisedOn });
  }
  // A module exists from its first recorded event (reference modules are dated to the 2021 letter).
  const created = new Map(
    db.select({ id: trainingModuleEvents.moduleId, at: min(trainingModuleEvents.at) }).from(trainingModuleEvents).groupBy(trainingModuleEvents.moduleId).all().map((m) => [m.id, m.at!]),
  );
  return modules.map((m) => {
    const counts = countsByModule.get(m.id) ?? EMPTY;
    const isFinalised = m.status === 'published' || m.status === 'retired';
    const createdOn = calendarDate(created.get(m.id) ?? now, settings().T21_TIME_ZONE);
    const oldest = openDisputes.get(m.id)?.oldest ?? null;
    return {
      id: m.id,
      code: m.code,
      title: m.title,
      status: m.status,
      isFinalised,
      /** Published since (finalised), or created on (not yet). */
      since: isFinalised ? m.requiredSince : createdOn,
      daysUnfinalised: isFinalised ? null : Math.max(0, daysBetween(createdOn, today)),
      openDisputes: openDisputes.get(m.id)?.n ?? 0,
      oldestOpenDisputeDays: oldest ? Math.max(0, daysBetween(oldest, today)) : null,
      audience: counts.audience,
      trained: trainedOf(counts),
      waived: counts.waived,
      /** Percent of the audience trained, one decimal; null while not published or with no audience. */
      trainedPct: isFinalised && counts.audience > 0 ? Math.round((trainedOf(counts) * 1000) / counts.audience) / 10 : null,
    };
  });
}
export type TrainingPanelRow = ReturnType<typeof computePanel>[number];


/** The code of the actor's own office, for links to "what your agents owe". */
export function ownOfficeCode(db: Db, actor: Actor): string | null {
  if (actor.kind !== 'user' || actor.officeId === null) return null;
  return db.select({ code: offices.code }).from(offices).where(eq(offices.id, actor.officeId)).get()?.code ?? null;
}
