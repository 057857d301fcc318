// Reference data every installation starts with: offices (from db/reference/offices.csv, a copy of
// the shared reference list), the proposed default timeliness goals, and the two 2021 training
// modules in their real, unpublished state. Loading is idempotent: rows already present are kept.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { eq } from 'drizzle-orm';
import { offices, timelinessGoals, trainingDisputes, trainingDisputeSteps, trainingModules } from '@/db/schema';
import type { SystemActor } from '@/lib/auth/actor';
import { recordModuleCreated } from '@/lib/training/module-writer';
import { CLOCKED_STAGE_GOALS, DEFAULT_WARNING_SHARE, PROPOSED_DEFAULT_GOALS } from '@/lib/domain/goals';
import { AGENCIES, OFFICE_KINDS } from '@/lib/domain/offices';

export const OFFICES_CSV = path.join(process.cwd(), 'db', 'reference', 'offices.csv');

// The proposed goals apply to all history, so that imported and demo requests are measured too.
export const DEFAULT_GOALS_EFFECTIVE_FROM = '2000-01-01';

const officeRowSchema = z.object({
  code: z.string().regex(/^[a-z0-9-]+$/, 'use lower-case letters, digits and hyphens'),
  agency: z.enum(AGENCIES),
  kind: z.enum(OFFICE_KINDS),
  name: z.string().trim().min(1),
});

export function readOfficesCsv(file = OFFICES_CSV) {
  const rows: unknown[] = parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true });
  return rows.map((row, index) => {
    const parsed = officeRowSchema.safeParse(row);
    if (!parsed.success) {
      const problem = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`${file} line ${index + 2}: ${problem}`);
    }
    return parsed.data;
  });
}

// The joint DEA–HSI letter of January 2021 that called for the two modules.
const LETTER_2021 = Date.UTC(2021, 0, 15, 17);
const REFERENCE_ACTOR: SystemActor = { kind: 'system', name: 'Reference data (GAO-25-107839)' };
const JOINT_MODULE_DISPUTE = 'The content of the joint training on the 2009 agreement: the agencies disagree, and the module remained unfinished in February 2025.';

export function loadReferenceData(db: Db, now = Date.now()): void {
  db.transaction(
    (tx) => {
      for (const office of readOfficesCsv()) {
        tx.insert(offices).values(office).onConflictDoNothing({ target: offices.code }).run();
      }
      for (const stage of CLOCKED_STAGE_GOALS) {
        tx.insert(timelinessGoals)
          .values({
            stage,
            businessDays: PROPOSED_DEFAULT_GOALS[stage],
            warningShare: DEFAULT_WARNING_SHARE,
            effectiveFrom: DEFAULT_GOALS_EFFECTIVE_FROM,
            note: 'Proposed default: no official goal has been set.',
            createdAt: now,
          })
          .onConflictDoNothing()
          .run();
      }
      const modules = [
        {
          code: 'JOINT-IAA-2009',
          title: 'Joint DEA–HSI training on the 2009 interagency agreement',
          ownerAgency: 'joint' as const,
          audience: 'both' as const,
          status: 'disputed' as const,
          // The letter's purpose: agents hear the rules with one voice before they use the authority.
          isRequiredBeforeActivation: true,
          completionWindowDays: 90,
          statusNote: 'Called for by the January 2021 joint letter; content disputed between the agencies.',
        },
        {
          code: 'MODULE-2021-2',
          title: 'Second 2021 training module (topic not yet agreed)',
          ownerAgency: 'joint' as const,
          audience: 'hsi_agents' as const,
          status: 'draft' as const,
          isRequiredBeforeActivation: false,
          completionWindowDays: 180,
          statusNote: 'Called for by the January 2021 joint letter; its topic is still open.',
        },
      ];
      for (const trainingModule of modules) {
        const inserted = tx
          .insert(trainingModules)
          .values({ ...trainingModule, version: 1, statusSince: LETTER_2021, createdAt: LETTER_2021, updatedAt: now })
          .onConflictDoNothing({ target: trainingModules.code })
          .returning({ id: trainingModules.id })
          .get();
        if (!inserted) continue;
        recordModuleCreated(tx, REFERENCE_ACTOR, inserted.id, LETTER_2021);
        if (trainingModule.status === 'disputed') {
          // The module's real state: GAO reported the content dispute unresolved in February 2025, and
          // the formal dispute-resolution mechanism never used.
          tx.insert(trainingDisputes)
            .values({ moduleId: inserted.id, point: JOINT_MODULE_DISPUTE, raisedByAgency: 'both', raisedOn: '2025-02-01', level: 'headquarters', createdAt: now })
            .run();
          const dispute = tx.select({ id: trainingDisputes.id }).from(trainingDisputes).where(eq(trainingDisputes.moduleId, inserted.id)).get()!;
          tx.insert(trainingDisputeSteps)
            .values({ disputeId: dispute.id, level: 'headquarters', on: '2025-02-01', actorName: REFERENCE_ACTOR.name, at: now, note: 'As reported in GAO-25-107839 (March 2025).' })
            .run();
        }
      }
    },
    { behavior: 'immediate' },
  );
}
