// A small world for the fuzz tests to attack: one user of every role (and the odd ones: a supervisor
// and a division coordinator without an office), requests in every state, agents of both agencies,
// an inactive division, and published training modules (one required before activation, with an
// approval waiting for it). Built through the real use cases, never by writing rows by hand.
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents, offices, requests, trainingDisputes, trainingModules, users } from '@/db/schema';
import { SYSTEM_ACTOR, type Actor, type UserActor } from '@/lib/auth/actor';
import { updateOffice } from '@/lib/admin/manage-offices';
import type { State } from '@/lib/domain/workflow-states';
import { importRoster } from '@/lib/roster/import-roster';
import { makeUser, officeId } from '@/lib/testing/test-db';
import { advance, makeReviewers, propose } from '@/lib/testing/workflow';
import { raiseDispute } from '@/lib/training/disputes';
import { createModule } from '@/lib/training/manage-modules';
import { moveModule } from '@/lib/training/module-writer';
import { transitionRequest } from '@/lib/workflow/transition-request';

export interface World {
  people: {
    supervisor: UserActor;
    otherSupervisor: UserActor;
    officelessSupervisor: UserActor;
    hsi: UserActor;
    dea: UserActor;
    division: UserActor;
    officelessDivision: UserActor;
    auditor: UserActor;
    admin: UserActor;
  };
  /** Every actor, the system's included. */
  actors: Actor[];
  requestIds: Record<string, number>;
  /** Every id a test may throw at an id field: requests, users, offices, modules, disputes, plus a few that exist nowhere. */
  ids: { requests: number[]; users: number[]; offices: number[]; divisions: number[]; fieldOffices: number[]; modules: number[]; disputes: number[] };
  badges: { own: string[]; other: string[]; dea: string[]; all: string[] };
  inactiveDivisionId: number;
  moduleCodes: string[];
  moduleIds: Record<string, number>;
}

const DAY = 86_400_000;

export function seedWorld(db: Db): World {
  const people = {
    supervisor: makeUser(db, 'supervisor', 'hsi-el-paso', 'Sam <b>Supervisor</b>'),
    otherSupervisor: makeUser(db, 'supervisor', 'hsi-houston', 'Olive Other'),
    officelessSupervisor: makeUser(db, 'supervisor', undefined, 'Nobody Office'),
    hsi: makeUser(db, 'hsi_hq', undefined, 'Hana HSI-HQ'),
    dea: makeUser(db, 'dea_hq', undefined, 'Dana DEA-HQ'),
    division: makeUser(db, 'dea_division', 'dea-el-paso', 'Diego Division'),
    officelessDivision: makeUser(db, 'dea_division', undefined, 'Nina Nowhere'),
    auditor: makeUser(db, 'auditor', undefined, 'Ada Auditor'),
    admin: makeUser(db, 'admin', undefined, 'Abe Admin'),
  };
  const reviewers = { ...makeReviewers(db), hsi: people.hsi, dea: people.dea };
  const reviewersWithDivision = { ...reviewers, division: (code: string) => (code === 'dea-el-paso' ? people.division : reviewers.division(code)) };
  const start = Date.now() - 400 * DAY;
  let clock = start;
  const tick = () => (clock += DAY / 4);

  const requestIds: Record<string, number> = {};
  const put = (name: string, supervisor: UserActor, badge: string, target: State | 'submitted' | 'draft') => {
    const created = propose(db, supervisor, { badge, name: `Agent <i>${badge}</i>`, submit: target !== 'draft', at: tick() });
    requestIds[name] = created.id;
    const reviewStages = ['hsi_review', 'dea_hq_review', 'division_review', 'dea_decision', 'active'] as const;
    if ((reviewStages as readonly string[]).includes(target)) {
      advance(db, reviewersWithDivision, created.id, target as (typeof reviewStages)[number], { at: tick() });
    }
    return created.id;
  };

  // Approved before any module gates activation.
  put('active', people.supervisor, 'FZ-ACTIVE', 'active');
  put('draft', people.supervisor, 'FZ-DRAFT', 'draft');
  put('hsiReview', people.supervisor, 'FZ-HSI', 'hsi_review');
  put('deaHqReview', people.supervisor, 'FZ-DEAHQ', 'dea_hq_review');
  put('divisionReview', people.supervisor, 'FZ-DIV', 'division_review');
  put('deaDecision', people.supervisor, 'FZ-DECIDE', 'dea_decision');
  const returned = put('returned', people.supervisor, 'FZ-RETURNED', 'dea_hq_review');
  transitionRequest(db, people.dea, { requestId: returned, action: 'return', reason: 'Say more <script>x</script>', at: tick() });
  const denied = put('denied', people.supervisor, 'FZ-DENIED', 'dea_decision');
  transitionRequest(db, people.dea, { requestId: denied, action: 'deny', reason: "'; DROP TABLE requests; --", at: tick() });
  const withdrawn = put('withdrawn', people.supervisor, 'FZ-WITHDRAWN', 'draft');
  transitionRequest(db, people.supervisor, { requestId: withdrawn, action: 'withdraw', reason: 'No longer needed', at: tick() });
  const rescinded = put('rescinded', people.supervisor, 'FZ-RESCINDED', 'active');
  transitionRequest(db, people.hsi, { requestId: rescinded, action: 'rescind', reason: 'transfer', reasonCategory: 'transfer', at: tick() });
  put('otherDraft', people.otherSupervisor, 'FZ-OTHER-1', 'draft');
  put('otherHsiReview', people.otherSupervisor, 'FZ-OTHER-2', 'hsi_review');
  // Routed elsewhere: the El Paso coordinator may not see it.
  const routedAway = put('routedAway', people.supervisor, 'FZ-AWAY', 'dea_hq_review');
  transitionRequest(db, people.dea, { requestId: routedAway, action: 'route', divisionId: officeId(db, 'dea-houston'), at: tick() });

  // DEA agents and an agent of another office, from a roster file.
  importRoster(
    db,
    people.admin,
    ['badge,name,agency,office_code,duty_station', 'FZ-DEA-1,Dee <b>Agent</b>,DEA,dea-el-paso,El Paso', 'FZ-DEA-2,Dax Agent,DEA,dea-houston,Houston', 'FZ-HOU-1,Hugo Houston,HSI,hsi-houston,Houston'].join('\n'),
    { at: tick() },
  );

  // Training: a published module for everyone, and one required before activation, then an approval
  // that waits for it.
  const published = createModule(db, people.admin, { code: 'FZ-PUB', title: 'Published <em>module</em>', ownerAgency: 'joint', audience: 'both', isRequiredBeforeActivation: false, refresherMonths: '', completionWindowDays: '30' }, tick());
  moveModule(db, people.admin, { moduleId: published.id, action: 'submit_for_review' }, tick());
  moveModule(db, people.admin, { moduleId: published.id, action: 'publish' }, tick());
  const gate = createModule(db, people.admin, { code: 'FZ-GATE', title: 'Gate & <script>', ownerAgency: 'HSI', audience: 'hsi_agents', isRequiredBeforeActivation: 'on', refresherMonths: '12', completionWindowDays: '' }, tick());
  moveModule(db, people.admin, { moduleId: gate.id, action: 'submit_for_review' }, tick());
  moveModule(db, people.admin, { moduleId: gate.id, action: 'publish' }, tick());
  const inReview = createModule(db, people.admin, { code: 'FZ-REVIEW', title: 'In review', ownerAgency: 'DEA', audience: 'dea_agents', isRequiredBeforeActivation: false, refresherMonths: '', completionWindowDays: '' }, tick());
  moveModule(db, people.admin, { moduleId: inReview.id, action: 'submit_for_review' }, tick());
  const retired = createModule(db, people.admin, { code: 'FZ-RETIRED', title: 'Retired', ownerAgency: 'DEA', audience: 'both', isRequiredBeforeActivation: false, refresherMonths: '', completionWindowDays: '' }, tick());
  moveModule(db, people.admin, { moduleId: retired.id, action: 'submit_for_review' }, tick());
  moveModule(db, people.admin, { moduleId: retired.id, action: 'publish' }, tick());
  moveModule(db, people.admin, { moduleId: retired.id, action: 'retire', note: 'Superseded' }, tick());
  raiseDispute(db, people.hsi, { moduleId: inReview.id, point: 'Point <script>1</script>', raisedByAgency: 'HSI', raisedOn: '2025-01-02', level: 'working_group' }, tick());
  const pending = put('pendingTraining', people.supervisor, 'FZ-PENDING', 'dea_decision');
  transitionRequest(db, people.dea, { requestId: pending, action: 'approve', at: tick() });

  // An inactive division.
  const inactiveDivisionId = officeId(db, 'dea-omaha');
  updateOffice(db, people.admin, inactiveDivisionId, { name: 'DEA Omaha Division', isActive: false });

  const state = (name: string) => db.select({ state: requests.state }).from(requests).where(eq(requests.id, requestIds[name]!)).get()?.state;
  if (state('pendingTraining') !== 'pending_training') throw new Error(`seed: expected pending_training, got ${state('pendingTraining')}`);

  const allOffices = db.select({ id: offices.id, kind: offices.kind }).from(offices).all();
  const agentRows = db.select({ badge: agents.badge, officeId: agents.officeId, agency: agents.agency }).from(agents).all();
  const elPaso = officeId(db, 'hsi-el-paso');
  const maxOf = (ids: number[]) => Math.max(0, ...ids);
  const requestIdList = Object.values(requestIds);
  const userIds = db.select({ id: users.id }).from(users).all().map((r) => r.id);
  const moduleIds = db.select({ id: trainingModules.id }).from(trainingModules).all().map((r) => r.id);
  const disputeIds = db.select({ id: trainingDisputes.id }).from(trainingDisputes).all().map((r) => r.id);
  const missing = (ids: number[]) => [maxOf(ids) + 1, maxOf(ids) + 1000];

  return {
    people,
    actors: [...Object.values(people), SYSTEM_ACTOR, { kind: 'system', name: 'Importer <script>', isImport: true }],
    requestIds,
    ids: {
      requests: [...requestIdList, ...missing(requestIdList)],
      users: [...userIds, ...missing(userIds)],
      offices: [...allOffices.map((o) => o.id), ...missing(allOffices.map((o) => o.id))],
      divisions: allOffices.filter((o) => o.kind === 'division').map((o) => o.id),
      fieldOffices: allOffices.filter((o) => o.kind === 'field_office').map((o) => o.id),
      modules: [...moduleIds, ...missing(moduleIds)],
      disputes: [...disputeIds, ...missing(disputeIds)],
    },
    badges: {
      own: agentRows.filter((a) => a.officeId === elPaso).map((a) => a.badge),
      other: agentRows.filter((a) => a.officeId !== elPaso && a.agency === 'HSI').map((a) => a.badge),
      dea: agentRows.filter((a) => a.agency === 'DEA').map((a) => a.badge),
      all: agentRows.map((a) => a.badge),
    },
    inactiveDivisionId,
    moduleCodes: db.select({ code: trainingModules.code }).from(trainingModules).all().map((r) => r.code),
    moduleIds: Object.fromEntries(db.select({ code: trainingModules.code, id: trainingModules.id }).from(trainingModules).all().map((r) => [r.code, r.id])),
  };
}
