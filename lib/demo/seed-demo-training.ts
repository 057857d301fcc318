// Demo training: DEA agents on the roster (the joint module's audience), one published module that
// is required before activation (the two real 2021 modules stay unpublished, as they are), its
// completions, waivers and gaps spread so every status shows, and a few approvals waiting for
// training. Everything goes through the same writers as live work.
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents, offices, requests } from '@/db/schema';
import type { UserActor } from '@/lib/auth/actor';
import { calendarDate, type IsoDate } from '@/lib/calendar/dates';
import { settings } from '@/lib/config';
import { createModule, editModule } from '@/lib/training/manage-modules';
import { applyModuleMove } from '@/lib/training/module-writer';
import { writeRecords, type CompletionRecord } from '@/lib/training/record-completions';
import { applyTransition } from '@/lib/workflow/transition-request';
import { DEMO_FIRST_NAMES, DEMO_LAST_NAMES } from './names';
import type { Random } from './random';

export const DEMO_MODULE_CODE = 'T21-ORIENTATION';
const DAY = 86_400_000;

export function seedDemoTraining(db: Db, accounts: { admin: UserActor; deaHq: UserActor }, options: { perYear: number; now: number; random: Random }): void {
  const { now, random } = options;
  if (db.select({ id: agents.id }).from(agents).where(eq(agents.agency, 'DEA')).limit(1).get()) return;
  const zone = settings().T21_TIME_ZONE;
  const date = (at: number): IsoDate => calendarDate(at, zone);

  // DEA agents: a handful per division, scaled with the demo.
  const perDivision = Math.max(3, Math.round(options.perYear / 100));
  db.transaction(
    (tx) => {
      let badge = 500000;
      for (const division of tx.select().from(offices).where(eq(offices.kind, 'division')).all()) {
        for (let i = 0; i < perDivision; i += 1) {
          badge += 1 + random.int(0, 5);
          const joined = now - random.int(30, 3000) * DAY;
          tx.insert(agents)
            .values({ badge: `DEA${badge}`, name: `${random.pick(DEMO_FIRST_NAMES)} ${random.pick(DEMO_LAST_NAMES)}`, agency: 'DEA', officeId: division.id, dutyStation: division.name.replace(/ Division$/, ''), createdAt: joined, updatedAt: joined })
            .run();
        }
      }
    },
    { behavior: 'immediate' },
  );

  // The demo module: drafted 14 months ago, published ten months ago, required before activation
  // from three weeks ago (approvals before that went active at once, as they did).
  const createdAt = now - 425 * DAY;
  const publishedAt = now - 300 * DAY;
  const { id: moduleId } = createModule(
    db,
    accounts.admin,
    { code: DEMO_MODULE_CODE, title: 'Title 21 authority: orientation for cross-designated HSI agents (demo module)', ownerAgency: 'DEA', audience: 'hsi_agents', isRequiredBeforeActivation: 'no', refresherMonths: 12, completionWindowDays: 60 },
    createdAt,
  );
  db.transaction(
    (tx) => {
      applyModuleMove(tx, accounts.admin, { moduleId, action: 'submit_for_review' }, createdAt + 30 * DAY);
      applyModuleMove(tx, accounts.admin, { moduleId, action: 'publish' }, publishedAt);
    },
    { behavior: 'immediate' },
  );
  editModule(db, accounts.admin, { moduleId, title: 'Title 21 authority: orientation for cross-designated HSI agents (demo module)', ownerAgency: 'DEA', audience: 'hsi_agents', isRequiredBeforeActivation: 'yes', refresherMonths: 12, completionWindowDays: 60 }, now - 21 * DAY);

  // Completions: most agents within a few months of publication or of joining; some waived; the rest owe.
  // A few requests waiting for a decision are for agents who have not done it yet: approved below,
  // they wait in pending_training until a completion is recorded.
  const waiting = db
    .select({ id: requests.id, agentId: requests.agentId, lastEventAt: requests.lastEventAt })
    .from(requests)
    .where(eq(requests.state, 'dea_decision'))
    .orderBy(requests.id)
    .limit(3)
    .all();
  const stillOwing = new Set(waiting.map((r) => r.agentId));
  const hsiAgents = db.select({ id: agents.id, createdAt: agents.createdAt }).from(agents).where(eq(agents.agency, 'HSI')).all();
  const records: CompletionRecord[] = [];
  for (const agent of hsiAgents) {
    if (stillOwing.has(agent.id)) continue;
    const roll = random.next();
    const from = Math.max(publishedAt, agent.createdAt);
    if (roll < 0.72) {
      const at = from + random.exponential(30) * DAY;
      if (at < now - DAY) records.push({ agentId: agent.id, moduleId, version: 1, kind: 'completion', completedOn: date(at), reason: null });
    } else if (roll < 0.76) {
      records.push({ agentId: agent.id, moduleId, version: 1, kind: 'waiver', completedOn: date(Math.min(now - DAY, from + random.int(1, 20) * DAY)), reason: 'Completed the equivalent DEA Title 21 course at the DEA Academy.' });
    }
  }
  db.transaction((tx) => writeRecords(tx, { kind: 'system', name: 'LMS import (demo)' }, records, 'import', now - 2 * DAY), { behavior: 'immediate' });

  db.transaction(
    (tx) => {
      for (const request of waiting) {
        const at = Math.max(request.lastEventAt + 3_600_000, now - 5 * DAY + random.int(0, 3) * DAY);
        if (at < now) applyTransition(tx, accounts.deaHq, { requestId: request.id, action: 'approve', at });
      }
    },
    { behavior: 'immediate' },
  );
}
