// The training views on a real temporary SQLite file: the offices × modules matrix and the dashboard
// panel count people by the one status rule, within the reader's scope; a supervisor's office view
// holds their agents only and another office is missing; and the remembered figures change as soon as
// a completion is recorded or a module changes.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agents } from '@/db/schema';
import type { UserActor } from '@/lib/auth/actor';
import { createTestDb, makeUser, officeId, type TestDb } from '@/lib/testing/test-db';
import { createModule } from './manage-modules';
import { moveModule } from './module-writer';
import { recordCompletion } from './record-completions';
import { officeTraining, trainingMatrix, trainingPanel } from './training-status';

// 2 November 2026, 10:00 in New York; people joined on 1 September 2026.
const NOW = Date.UTC(2026, 10, 2, 15);
const JOINED = Date.UTC(2026, 8, 1, 15);

let t: TestDb;
let admin: UserActor;
let hsi: UserActor;
let auditor: UserActor;

function person(badge: string, agency: 'HSI' | 'DEA', office: string) {
  t.db.insert(agents).values({ badge, name: `Person ${badge}`, agency, officeId: officeId(t.db, office), dutyStation: 'Somewhere', createdAt: JOINED, updatedAt: JOINED }).run();
}

beforeEach(() => {
  t = createTestDb();
  admin = makeUser(t.db, 'admin', undefined, 'Abe Admin');
  hsi = makeUser(t.db, 'hsi_hq', undefined, 'Hal HSI-HQ');
  auditor = makeUser(t.db, 'auditor', undefined, 'Ada Auditor');
  for (const badge of ['EP1', 'EP2', 'EP3']) person(badge, 'HSI', 'hsi-el-paso');
  person('HO1', 'HSI', 'hsi-houston');
  person('DEA1', 'DEA', 'dea-el-paso');
  // Published on creation day (today), 30 days to complete: every HSI agent is due, none overdue yet.
  const { id } = createModule(t.db, admin, { code: 'HSI-ORIENT', title: 'Orientation', ownerAgency: 'HSI', audience: 'hsi_agents', refresherMonths: '', completionWindowDays: '30' }, NOW - 3_600_000);
  moveModule(t.db, admin, { moduleId: id, action: 'submit_for_review' }, NOW - 3_600_000);
  moveModule(t.db, admin, { moduleId: id, action: 'publish' }, NOW - 3_600_000);
});
afterEach(() => t.close());

const complete = (badge: string, kind: 'completion' | 'waiver' = 'completion') =>
  recordCompletion(t.db, hsi, { badge, moduleCode: 'HSI-ORIENT', completedOn: '2026-11-01', kind, reason: kind === 'waiver' ? 'Equivalent course at the academy.' : '' }, NOW);

describe('the offices × modules matrix', () => {
  it('counts each office’s audience by status, and the unpublished joint module as not yet available', () => {
    complete('EP1');
    complete('EP2', 'waiver');
    const matrix = trainingMatrix(t.db, auditor, NOW);
    const orient = matrix.modules.find((m) => m.code === 'HSI-ORIENT')!.id;
    const joint = matrix.modules.find((m) => m.code === 'JOINT-IAA-2009')!.id;
    const row = (code: string) => matrix.offices.find((o) => o.officeCode === code)!;
    expect(row('hsi-el-paso').cells.get(orient)).toEqual({ audience: 3, completed: 1, expiringSoon: 0, waived: 1, due: 1, overdue: 0, notYetAvailable: 0 });
    expect(row('hsi-houston').cells.get(orient)).toMatchObject({ audience: 1, due: 1 });
    // The DEA agent is not in an HSI-only module's audience, but is in the joint module's.
    expect(row('dea-el-paso').cells.get(orient)!.audience).toBe(0);
    expect(row('dea-el-paso').cells.get(joint)).toMatchObject({ audience: 1, notYetAvailable: 1 });
    expect(matrix.totals.get(orient)).toMatchObject({ audience: 4, completed: 1, waived: 1, due: 2 });
  });

  it('shows a division coordinator only their division’s DEA agents', () => {
    const division = makeUser(t.db, 'dea_division', 'dea-el-paso', 'Dee Division');
    expect(trainingMatrix(t.db, division, NOW).offices.map((o) => o.officeCode)).toEqual(['dea-el-paso']);
  });
});

describe('a supervisor’s office view', () => {
  it('lists their agents with a status per module, and another office is missing', () => {
    const supervisor = makeUser(t.db, 'supervisor', 'hsi-el-paso', 'Sam Supervisor');
    complete('EP3');
    const view = officeTraining(t.db, supervisor, 'hsi-el-paso', NOW);
    const orient = view.modules.find((m) => m.code === 'HSI-ORIENT')!.id;
    expect(view.people.map((p) => [p.badge, p.statuses.get(orient)?.status, p.statuses.get(orient)?.dueOn])).toEqual([
      ['EP1', 'due', '2026-12-02'],
      ['EP2', 'due', '2026-12-02'],
      ['EP3', 'completed', null],
    ]);
    expect(() => officeTraining(t.db, supervisor, 'hsi-houston', NOW)).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});

describe('the dashboard panel', () => {
  it('answers per module: finalised or not, open disputes, and the share of the audience trained', () => {
    const before = trainingPanel(t.db, auditor, NOW);
    expect(before.find((r) => r.code === 'HSI-ORIENT')).toMatchObject({ isFinalised: true, since: '2026-11-02', audience: 4, trained: 0, trainedPct: 0 });
    expect(before.find((r) => r.code === 'JOINT-IAA-2009')).toMatchObject({ isFinalised: false, since: '2021-01-15', openDisputes: 1, oldestOpenDisputeDays: 639, trainedPct: null });

    // Remembered figures do not outlive the data: a completion changes them at once.
    complete('EP1');
    expect(trainingPanel(t.db, auditor, NOW).find((r) => r.code === 'HSI-ORIENT')).toMatchObject({ trained: 1, trainedPct: 25 });
    complete('HO1', 'waiver');
    expect(trainingPanel(t.db, auditor, NOW).find((r) => r.code === 'HSI-ORIENT')).toMatchObject({ trained: 1, waived: 1, trainedPct: 25 });
  });

  it('counts people who join the roster after it was counted, and recounts everyone when someone counted changes', () => {
    const supervisor = makeUser(t.db, 'supervisor', 'hsi-el-paso', 'Sam Supervisor');
    const orient = (actor: UserActor) => trainingPanel(t.db, actor, NOW).find((r) => r.code === 'HSI-ORIENT')!;
    const matrixTotals = (actor: UserActor) => {
      const matrix = trainingMatrix(t.db, actor, NOW);
      return matrix.totals.get(matrix.modules.find((m) => m.code === 'HSI-ORIENT')!.id)!;
    };
    expect(orient(auditor)).toMatchObject({ audience: 4 });
    expect(orient(supervisor)).toMatchObject({ audience: 3 });

    // Two newcomers (one in El Paso, one DEA agent outside the module's audience): added to what was counted.
    person('EP4', 'HSI', 'hsi-el-paso');
    person('DEA2', 'DEA', 'dea-el-paso');
    expect(orient(auditor)).toMatchObject({ audience: 5, trained: 0 });
    expect(orient(supervisor)).toMatchObject({ audience: 4 });
    complete('EP4');
    expect(orient(auditor)).toMatchObject({ audience: 5, trained: 1, trainedPct: 20 });

    // Someone already counted moves to an office outside the supervisor's: everyone is counted again.
    t.db.update(agents).set({ officeId: officeId(t.db, 'hsi-houston'), updatedAt: NOW }).where(eq(agents.badge, 'EP1')).run();
    expect(orient(supervisor)).toMatchObject({ audience: 3 });
    // The panel always agrees with the matrix, which counts everyone from scratch.
    for (const actor of [auditor, supervisor]) {
      const totals = matrixTotals(actor);
      expect(orient(actor)).toMatchObject({ audience: totals.audience, trained: totals.completed + totals.expiringSoon, waived: totals.waived });
    }
  });
});

