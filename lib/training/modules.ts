// Reading training modules: the list with where each stands and for how long, and one module with its
// full history and every dispute ever raised on it.
import { asc, count, eq, isNull, min } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { trainingDisputes, trainingModuleEvents, trainingModules } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { can, assertCan } from '@/lib/auth/permissions';
import { calendarDate, daysBetween } from '@/lib/calendar/dates';
import { settings } from '@/lib/config';
import { notFound } from '@/lib/errors';
import { disputesOf } from './disputes';
import { allowedModuleMoves } from './module-writer';

function daysSince(at: number, now: number): number {
  const zone = settings().T21_TIME_ZONE;
  return Math.max(0, daysBetween(calendarDate(at, zone), calendarDate(now, zone)));
}

export function listModules(db: Db, actor: Actor, now = Date.now()) {
  assertCan(actor, 'training:read');
  const openDisputes = new Map(
    db
      .select({ moduleId: trainingDisputes.moduleId, n: count() })
      .from(trainingDisputes)
      .where(isNull(trainingDisputes.resolvedOn))
      .groupBy(trainingDisputes.moduleId)
      .all()
      .map((r) => [r.moduleId, r.n]),
  );
  const createdAt = new Map(
    db
      .select({ moduleId: trainingModuleEvents.moduleId, at: min(trainingModuleEvents.at) })
      .from(trainingModuleEvents)
      .groupBy(trainingModuleEvents.moduleId)
      .all()
      .map((r) => [r.moduleId, r.at ?? now]),
  );
  return db
    .select()
    .from(trainingModules)
    .orderBy(asc(trainingModules.code))
    .all()
    .map((m) => {
      const since = createdAt.get(m.id) ?? m.createdAt;
      const isFinal = m.status === 'published' || m.status === 'retired';
      return {
        id: m.id,
        code: m.code,
        title: m.title,
        ownerAgency: m.ownerAgency,
        audience: m.audience,
        status: m.status,
        version: m.version,
        minimumCompletionVersion: m.minimumCompletionVersion,
        isRequiredBeforeActivation: m.isRequiredBeforeActivation,
        refresherMonths: m.refresherMonths,
        completionWindowDays: m.completionWindowDays,
        statusNote: m.statusNote,
        statusSince: m.statusSince,
        daysInStatus: daysSince(m.statusSince, now),
        createdAt: since,
        /** Days from the module's creation until now, for a module not yet published. */
        daysUnpublished: isFinal ? null : daysSince(since, now),
        openDisputes: openDisputes.get(m.id) ?? 0,
      };
    });
}

export type ModuleSummary = ReturnType<typeof listModules>[number];

export function getModuleDetail(db: Db, actor: Actor, code: string, now = Date.now()) {
  const summary = listModules(db, actor, now).find((m) => m.code === code);
  if (!summary) throw notFound('Training module');
  const history = db.select().from(trainingModuleEvents).where(eq(trainingModuleEvents.moduleId, summary.id)).orderBy(asc(trainingModuleEvents.at), asc(trainingModuleEvents.id)).all();
  return {
    ...summary,
    history: history.map((e) => ({ id: e.id, action: e.action, fromStatus: e.fromStatus, toStatus: e.toStatus, version: e.version, actorName: e.actorName, at: e.at, note: e.note, details: e.details })),
    disputes: disputesOf(db, summary.id),
    moves: can(actor, 'training:manage') ? allowedModuleMoves(summary.status, summary.openDisputes) : [],
    mayManageDisputes: can(actor, 'dispute:manage'),
  };
}

export type ModuleDetail = ReturnType<typeof getModuleDetail>;
