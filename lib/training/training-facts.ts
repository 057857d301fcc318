// What the person-status rule needs, read from the database in a few queries: each module with the day
// its counting version was published (from the module's own history), each person's agency and the
// day they joined the roster, and the completions and waivers on record.
import { and, eq, inArray, min, type SQL } from 'drizzle-orm';
import { agents, trainingCompletions, trainingModuleEvents, trainingModules } from '@/db/schema';
import { calendarDate, type IsoDate } from '@/lib/calendar/dates';
import { settings } from '@/lib/config';
import type { Agency } from '@/lib/domain/offices';
import type { DbOrTx } from '@/lib/workflow/transition-request';
import type { StatusModule, StatusPerson, StatusRecord } from './person-status';

export interface ModuleFacts extends StatusModule {
  id: number;
  code: string;
  title: string;
  version: number;
  isRequiredBeforeActivation: boolean;
}

/** Every module, or those matching `where`, with the day its counting version was first published. */
export function loadModuleFacts(tx: DbOrTx, where?: SQL): ModuleFacts[] {
  const modules = tx.select().from(trainingModules).where(where).orderBy(trainingModules.code).all();
  if (modules.length === 0) return [];
  const published = tx
    .select({ moduleId: trainingModuleEvents.moduleId, version: trainingModuleEvents.version, at: min(trainingModuleEvents.at) })
    .from(trainingModuleEvents)
    .where(and(eq(trainingModuleEvents.toStatus, 'published'), inArray(trainingModuleEvents.moduleId, modules.map((m) => m.id))))
    .groupBy(trainingModuleEvents.moduleId, trainingModuleEvents.version)
    .all();
  const zone = settings().T21_TIME_ZONE;
  return modules.map((m) => {
    const firstAt = published
      .filter((p) => p.moduleId === m.id && p.version >= m.minimumCompletionVersion && p.at !== null)
      .reduce<number | null>((earliest, p) => (earliest === null || p.at! < earliest ? p.at! : earliest), null);
    return {
      id: m.id,
      code: m.code,
      title: m.title,
      version: m.version,
      audience: m.audience,
      status: m.status,
      minimumCompletionVersion: m.minimumCompletionVersion,
      refresherMonths: m.refresherMonths,
      completionWindowDays: m.completionWindowDays,
      isRequiredBeforeActivation: m.isRequiredBeforeActivation,
      requiredSince: firstAt === null ? null : calendarDate(firstAt, zone),
    };
  });
}

export interface PersonFacts extends StatusPerson {
  id: number;
}

export function personFacts(row: { id: number; agency: Agency; createdAt: number }): PersonFacts {
  return { id: row.id, agency: row.agency, joinedOn: calendarDate(row.createdAt, settings().T21_TIME_ZONE) };
}

/** Completions and waivers by person, then module; for the given people, or everyone. */
export function loadRecords(tx: DbOrTx, agentIds?: readonly number[]): Map<number, Map<number, StatusRecord[]>> {
  const byPerson = new Map<number, Map<number, StatusRecord[]>>();
  const add = (rows: { agentId: number; moduleId: number; kind: StatusRecord['kind']; version: number; completedOn: IsoDate; reason: string | null }[]) => {
    for (const r of rows) {
      const byModule = byPerson.get(r.agentId) ?? new Map<number, StatusRecord[]>();
      byPerson.set(r.agentId, byModule);
      const list = byModule.get(r.moduleId) ?? [];
      byModule.set(r.moduleId, list);
      list.push({ kind: r.kind, version: r.version, completedOn: r.completedOn, reason: r.reason });
    }
  };
  const columns = {
    agentId: trainingCompletions.agentId,
    moduleId: trainingCompletions.moduleId,
    kind: trainingCompletions.kind,
    version: trainingCompletions.version,
    completedOn: trainingCompletions.completedOn,
    reason: trainingCompletions.reason,
  };
  if (agentIds === undefined) {
    add(tx.select(columns).from(trainingCompletions).all());
  } else {
    const ids = [...new Set(agentIds)];
    for (let i = 0; i < ids.length; i += 500) {
      add(tx.select(columns).from(trainingCompletions).where(inArray(trainingCompletions.agentId, ids.slice(i, i + 500))).all());
    }
  }
  return byPerson;
}

export function loadPerson(tx: DbOrTx, agentId: number): PersonFacts | null {
  const row = tx.select({ id: agents.id, agency: agents.agency, createdAt: agents.createdAt }).from(agents).where(eq(agents.id, agentId)).get();
  return row ? personFacts(row) : null;
}
