// Training figures as CSV, from the same functions the pages show (training-status.ts): the
// dashboard panel, the offices × modules matrix and one office's people × modules. The dashboard's
// download, the training pages' downloads and `npm run t21 -- training-report` all call these.
import { toCsv, type Cell } from '@/lib/csv/to-csv';
import type { OfficeTraining, TrainingMatrix, TrainingPanelRow } from './training-status';
import { trainedOf } from './training-status';

const pct = (part: number, whole: number) => (whole === 0 ? null : ((part * 100) / whole).toFixed(1));

export function trainingPanelCsv(rows: readonly TrainingPanelRow[]): string {
  return toCsv(
    ['module_code', 'title', 'status', 'finalised', 'since', 'days_unfinalised', 'open_disputes', 'oldest_open_dispute_days', 'audience', 'trained', 'waived', 'trained_pct'],
    rows.map((r) => [r.code, r.title, r.status, r.isFinalised ? 'yes' : 'no', r.since, r.daysUnfinalised, r.openDisputes, r.oldestOpenDisputeDays, r.audience, r.trained, r.waived, r.trainedPct?.toFixed(1)]),
  );
}

export function trainingMatrixCsv(matrix: TrainingMatrix): string {
  const rows: Cell[][] = [];
  for (const office of matrix.offices) {
    for (const m of matrix.modules) {
      const c = office.cells.get(m.id)!;
      if (c.audience === 0) continue;
      rows.push([office.officeCode, office.officeName, m.code, c.audience, trainedOf(c), c.expiringSoon, c.waived, c.due, c.overdue, c.notYetAvailable, pct(trainedOf(c), c.audience), pct(c.overdue, c.audience)]);
    }
  }
  return toCsv(['office_code', 'office', 'module_code', 'audience', 'completed', 'of_which_expiring_soon', 'waived', 'due', 'overdue', 'not_yet_available', 'completed_pct', 'overdue_pct'], rows);
}

export function officeTrainingCsv(data: OfficeTraining): string {
  const rows: Cell[][] = [];
  for (const person of data.people) {
    for (const m of data.modules) {
      const s = person.statuses.get(m.id);
      if (!s) continue;
      rows.push([person.badge, person.name, person.agency, data.office.code, m.code, s.status, s.dueOn, s.validUntil, s.record?.completedOn ?? null, s.record?.version ?? null, s.record?.kind === 'waiver' ? s.record.reason : null]);
    }
  }
  return toCsv(['badge', 'name', 'agency', 'office_code', 'module_code', 'status', 'due_on', 'valid_until', 'completed_on', 'version', 'waiver_reason'], rows);
}
