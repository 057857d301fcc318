// The authorization matrix, on a real SQLite file. Every lib/ use case that a page, a server action or
// a route calls is run by every kind of user (a supervisor of El Paso and one of Houston, HSI HQ,
// DEA HQ, the El Paso and Miami division coordinators, an auditor, an administrator) against a record
// of El Paso, a record of Houston (routed to the Miami division) and an id that does not exist, each
// case in a transaction that is rolled back, so that every case starts from the same records. The
// outcome of each case ('allowed', the AppError code, or 'absent' when a list left the record out) is
// compared with EXPECTED below, which is written out by hand from the permission table
// (permissions.ts), the scope rule (request-scope.ts) and the workflow table (transitions.ts), not
// computed from them: a change to any of them, or to a use case's own checks, shows up as a named
// difference. Then the rules the issue names, asserted on their own: no unexpected allow, the auditor
// changes nothing, a supervisor never reads another office's requests or agents, and nobody decides a
// request they proposed.
import { eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agents, auditLog, requests, trainingDisputes, trainingModules, users } from '@/db/schema';
import { createOffice, listAllOffices, updateOffice } from '@/lib/admin/manage-offices';
import { createUser, getUserForEdit, listUsers, resetPassword, updateUser } from '@/lib/admin/manage-users';
import { getAgent, listAgents } from '@/lib/agents/list-agents';
import { exportAuditTrail, readAuditTrail } from '@/lib/audit/audit-trail';
import { calendarDate } from '@/lib/calendar/dates';
import { settings } from '@/lib/config';
import { CLOCKED_STAGE_GOALS } from '@/lib/domain/goals';
import type { State } from '@/lib/domain/workflow-states';
import { isAppError, type ErrorCode } from '@/lib/errors';
import { createRequests } from '@/lib/requests/create-requests';
import { editRequest } from '@/lib/requests/edit-request';
import { getRequestDetail } from '@/lib/requests/get-request';
import { inboxFor } from '@/lib/requests/inbox';
import { listRequests } from '@/lib/requests/list-requests';
import { importRoster } from '@/lib/roster/import-roster';
import { createTestDb, makeUser, officeId, type TestDb } from '@/lib/testing/test-db';
import { advance, propose, TEST_NEXUS, type Reviewers } from '@/lib/testing/workflow';
import { dashboardData } from '@/lib/timeliness/dashboard';
import { addGoalVersion, listGoalVersions } from '@/lib/timeliness/manage-goals';
import { escalateDispute, raiseDispute, resolveDispute } from '@/lib/training/disputes';
import { importTraining } from '@/lib/training/import-training';
import { createModule, editModule } from '@/lib/training/manage-modules';
import { moveModule } from '@/lib/training/module-writer';
import { getModuleDetail, listModules } from '@/lib/training/modules';
import { recordCompletion } from '@/lib/training/record-completions';
import { officeTraining, personTraining, trainingMatrix, trainingPanel } from '@/lib/training/training-status';
import { transitionRefusal, transitionRequest } from '@/lib/workflow/transition-request';
import { TRANSITIONS } from '@/lib/workflow/transitions';
import type { UserActor } from './actor';
import { resetAuthenticator, unlockAccount } from './sign-in';

// ---------------------------------------------------------------------------------------------------
// Who, and against what.

const ROLE_KEYS = ['sup_ep', 'sup_hou', 'hsi_hq', 'dea_hq', 'div_ep', 'div_mia', 'auditor', 'admin'] as const;
type RoleKey = (typeof ROLE_KEYS)[number];

/** el_paso: a record of HSI El Paso (routed, once routed, to the DEA El Paso division); houston: one of
 * HSI Houston (routed to the DEA Miami division); none: an id or code that does not exist; any: the
 * use case has no office-scoped record (an administrator's list, a training module, a new record). */
type TargetKey = 'el_paso' | 'houston' | 'none' | 'any';
const OFFICE_TARGETS: readonly TargetKey[] = ['el_paso', 'houston', 'none'];
const LIST_TARGETS: readonly TargetKey[] = ['el_paso', 'houston'];

type Outcome = 'allowed' | 'absent' | ErrorCode | `unexpected: ${string}`;
const LETTERS: Record<string, Outcome> = {
  A: 'allowed',
  '-': 'absent',
  F: 'forbidden',
  N: 'not_found',
  I: 'invalid',
  C: 'conflict',
  U: 'unauthenticated',
};

// ---------------------------------------------------------------------------------------------------
// THE EXPECTED TABLE, by hand. One row per use case; one column per user, in ROLE_KEYS order; in each
// column one letter per target of that use case, in the order of its `targets` (most rows: El Paso,
// Houston, nonexistent).
//   A allowed   F forbidden (403)   N not found (404: out of scope, or no such record)
//   I invalid (400)   C conflict (409)   - absent (a list or reader succeeded but left the record out)
//
// How the letters follow from the rules:
// - A permission the role lacks is F before anything is looked up (assertCan comes first), so even a
//   nonexistent id is F. Roles: supervisor create/edit/read requests, read agents and training;
//   HSI HQ and DEA HQ read, timeliness, training, disputes, record training; division read,
//   timeliness, training; auditor read, timeliness, training, audit; admin everything but requests.
// - A request outside the user's scope is N, never F: supervisors see their office's requests, HQ
//   everything but drafts, a division what was routed to it, auditors and admins everything.
// - A visible request: a role that never takes the action is F; a role that takes it, but not from
//   this state or not for this request (another division), is F. Fixtures sit in the action's state.
// - The El Paso returned request was returned by the El Paso division, so it stays routed there.
// ---------------------------------------------------------------------------------------------------

type Row = readonly [string, string, string, string, string, string, string, string];

const EXPECTED: Record<string, Row> = {
  //                                                   sup_ep   sup_hou  hsi_hq   dea_hq   div_ep   div_mia  auditor  admin
  // The workflow: transitionRequest (requests/actions.ts transitionAction, POST /api/requests/[id]/transitions).
  'transitionRequest submit from draft':              ['A N N', 'N A N', 'N N N', 'N N N', 'N N N', 'N N N', 'F F N', 'F F N'],
  'transitionRequest endorse from hsi_review':        ['F N N', 'N F N', 'A A N', 'F F N', 'N N N', 'N N N', 'F F N', 'F F N'],
  'transitionRequest route from dea_hq_review':       ['F N N', 'N F N', 'F F N', 'A A N', 'N N N', 'N N N', 'F F N', 'F F N'],
  'transitionRequest concur from division_review':    ['F N N', 'N F N', 'F F N', 'F F N', 'A N N', 'N A N', 'F F N', 'F F N'],
  'transitionRequest nonconcur from division_review': ['F N N', 'N F N', 'F F N', 'F F N', 'A N N', 'N A N', 'F F N', 'F F N'],
  'transitionRequest approve from dea_decision':      ['F N N', 'N F N', 'F F N', 'A A N', 'F N N', 'N F N', 'F F N', 'F F N'],
  'transitionRequest deny from dea_hq_review':        ['F N N', 'N F N', 'F F N', 'A A N', 'N N N', 'N N N', 'F F N', 'F F N'],
  'transitionRequest deny from dea_decision':         ['F N N', 'N F N', 'F F N', 'A A N', 'F N N', 'N F N', 'F F N', 'F F N'],
  'transitionRequest return from hsi_review':         ['F N N', 'N F N', 'A A N', 'F F N', 'N N N', 'N N N', 'F F N', 'F F N'],
  'transitionRequest return from dea_hq_review':      ['F N N', 'N F N', 'F F N', 'A A N', 'N N N', 'N N N', 'F F N', 'F F N'],
  'transitionRequest return from division_review':    ['F N N', 'N F N', 'F F N', 'F F N', 'A N N', 'N A N', 'F F N', 'F F N'],
  'transitionRequest return from dea_decision':       ['F N N', 'N F N', 'F F N', 'A A N', 'F N N', 'N F N', 'F F N', 'F F N'],
  'transitionRequest resubmit from returned':         ['A N N', 'N A N', 'F F N', 'F F N', 'F N N', 'N F N', 'F F N', 'F F N'],
  'transitionRequest withdraw from draft':            ['A N N', 'N A N', 'N N N', 'N N N', 'N N N', 'N N N', 'F F N', 'F F N'],
  'transitionRequest withdraw from returned':         ['A N N', 'N A N', 'A A N', 'F F N', 'F N N', 'N F N', 'F F N', 'F F N'],
  'transitionRequest withdraw from hsi_review':       ['A N N', 'N A N', 'A A N', 'F F N', 'N N N', 'N N N', 'F F N', 'F F N'],
  'transitionRequest withdraw from dea_hq_review':    ['A N N', 'N A N', 'A A N', 'F F N', 'N N N', 'N N N', 'F F N', 'F F N'],
  'transitionRequest withdraw from division_review':  ['A N N', 'N A N', 'A A N', 'F F N', 'F N N', 'N F N', 'F F N', 'F F N'],
  'transitionRequest withdraw from dea_decision':     ['A N N', 'N A N', 'A A N', 'F F N', 'F N N', 'N F N', 'F F N', 'F F N'],
  'transitionRequest expire from active':             ['F N N', 'N F N', 'F F N', 'F F N', 'F N N', 'N F N', 'F F N', 'F F N'],
  'transitionRequest rescind from active':            ['F N N', 'N F N', 'A A N', 'A A N', 'F N N', 'N F N', 'F F N', 'F F N'],
  'transitionRequest activate from pending_training': ['F N N', 'N F N', 'F F N', 'F F N', 'F N N', 'N F N', 'F F N', 'F F N'],

  // Proposing and changing requests (requests/actions.ts, POST /api/requests). Targets: an agent of
  // El Paso with no open request, one of Houston, a badge nobody has. A badge of another office is
  // refused as invalid input (the form names the field); a supervisor only ever proposes for their own.
  'createRequests':                                   ['A I A', 'I A A', 'F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'F F F'],
  'createRequests (check your answers)':              ['A I A', 'I A A', 'F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'F F F'],
  // Targets: a draft (or returned, or submitted) request of El Paso, of Houston, none.
  'editRequest (draft)':                              ['A N N', 'N A N', 'F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'F F F'],
  'editRequest (returned)':                           ['A N N', 'N A N', 'F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'F F F'],
  'editRequest (hsi_review)':                         ['C N N', 'N C N', 'F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'F F F'],

  // Administration (admin/actions.ts and the admin pages). Users: a user of El Paso, of Houston, no such
  // user (createUser: a new supervisor for El Paso, for Houston, for an office that does not exist).
  'createUser':                                       ['F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'A A I'],
  'updateUser':                                       ['F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'A A N'],
  'resetPassword':                                    ['F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'A A N'],
  // Unlocking an account that does not exist (or is not locked) changes nothing and reports nothing.
  'unlockAccount':                                    ['F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'A A N'],
  'resetAuthenticator':                               ['F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'A A N'],
  'getUserForEdit':                                   ['F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'A A N'],
  'listUsers':                                        ['F',     'F',     'F',     'F',     'F',     'F',     'F',     'A'],
  'createOffice':                                     ['F',     'F',     'F',     'F',     'F',     'F',     'F',     'A'],
  // Offices: hsi-el-paso, hsi-houston, no such office.
  'updateOffice':                                     ['F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'A A N'],
  'listAllOffices':                                   ['F',     'F',     'F',     'F',     'F',     'F',     'F',     'A'],
  // The roster import (the CLI's import-roster; no page or route): a row updating an El Paso agent,
  // a Houston agent, a new badge.
  'importRoster':                                     ['F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'F F F', 'A A A'],

  // Goals (goals/actions.ts, /goals).
  'addGoalVersion':                                   ['F',     'F',     'F',     'F',     'F',     'F',     'F',     'A'],
  'listGoalVersions':                                 ['F',     'F',     'A',     'A',     'A',     'A',     'A',     'A'],

  // Training (training/actions.ts, the training pages). Modules and disputes: an existing one, none.
  'createModule':                                     ['F',     'F',     'F',     'F',     'F',     'F',     'F',     'A'],
  'editModule':                                       ['F F',   'F F',   'F F',   'F F',   'F F',   'F F',   'F F',   'A N'],
  'moveModule':                                       ['F F',   'F F',   'F F',   'F F',   'F F',   'F F',   'F F',   'A N'],
  'raiseDispute':                                     ['F F',   'F F',   'A N',   'A N',   'F F',   'F F',   'F F',   'A N'],
  'escalateDispute':                                  ['F F',   'F F',   'A N',   'A N',   'F F',   'F F',   'F F',   'A N'],
  'resolveDispute':                                   ['F F',   'F F',   'A N',   'A N',   'F F',   'F F',   'F F',   'A N'],
  'listModules':                                      ['A',     'A',     'A',     'A',     'A',     'A',     'A',     'A'],
  'getModuleDetail':                                  ['A N',   'A N',   'A N',   'A N',   'A N',   'A N',   'A N',   'A N'],
  // Completions: an El Paso agent, a Houston agent, a badge nobody has (a problem with the input).
  'recordCompletion':                                 ['F F F', 'F F F', 'A A I', 'A A I', 'F F F', 'F F F', 'F F F', 'A A I'],
  'importTraining':                                   ['F F F', 'F F F', 'A A I', 'A A I', 'F F F', 'F F F', 'F F F', 'A A I'],

  // The audit trail (/audit, /audit/csv).
  'readAuditTrail':                                   ['F',     'F',     'F',     'F',     'F',     'F',     'A',     'A'],
  'exportAuditTrail':                                 ['F',     'F',     'F',     'F',     'F',     'F',     'A',     'A'],

  // Readers. A request waiting for division review (routed), and a draft (only its office, auditors
  // and administrators see drafts).
  'getRequestDetail':                                 ['A N N', 'N A N', 'A A N', 'A A N', 'A N N', 'N A N', 'A A N', 'A A N'],
  'getRequestDetail (draft)':                         ['A N N', 'N A N', 'N N N', 'N N N', 'N N N', 'N N N', 'A A N', 'A A N'],
  'listRequests':                                     ['A -',   '- A',   'A A',   'A A',   'A -',   '- A',   'A A',   'A A'],
  'listRequests (draft)':                             ['A -',   '- A',   '- -',   '- -',   '- -',   '- -',   'A A',   'A A'],
  // The inbox holds what waits on the user: drafts and returns on their supervisor, each review stage
  // on its reviewer (a division only for what was routed to it); auditors and admins wait on nothing.
  'inboxFor (draft)':                                 ['A -',   '- A',   '- -',   '- -',   '- -',   '- -',   '- -',   '- -'],
  'inboxFor (returned)':                              ['A -',   '- A',   '- -',   '- -',   '- -',   '- -',   '- -',   '- -'],
  'inboxFor (hsi_review)':                            ['- -',   '- -',   'A A',   '- -',   '- -',   '- -',   '- -',   '- -'],
  'inboxFor (dea_hq_review)':                         ['- -',   '- -',   '- -',   'A A',   '- -',   '- -',   '- -',   '- -'],
  'inboxFor (division_review)':                       ['- -',   '- -',   '- -',   '- -',   'A -',   '- A',   '- -',   '- -'],
  'inboxFor (dea_decision)':                          ['- -',   '- -',   '- -',   'A A',   '- -',   '- -',   '- -',   '- -'],
  // Agents: a supervisor's roster is their office; a division's is its DEA agents and the HSI agents
  // whose requests were routed to it; the rest see everyone.
  'listAgents':                                       ['A -',   '- A',   'A A',   'A A',   'A -',   '- A',   'A A',   'A A'],
  'listAgents (agent with only a draft)':             ['A -',   '- A',   'A A',   'A A',   '- -',   '- -',   'A A',   'A A'],
  'getAgent':                                         ['A N N', 'N A N', 'A A N', 'A A N', 'A N N', 'N A N', 'A A N', 'A A N'],
  'personTraining':                                   ['A N N', 'N A N', 'A A N', 'A A N', 'A N N', 'N A N', 'A A N', 'A A N'],
  // Offices' training: hsi-el-paso, hsi-houston, a code no office has.
  'officeTraining':                                   ['A N N', 'N A N', 'A A N', 'A A N', 'A N N', 'N A N', 'A A N', 'A A N'],
  'trainingMatrix':                                   ['A -',   '- A',   'A A',   'A A',   'A -',   '- A',   'A A',   'A A'],
  'trainingPanel':                                    ['A',     'A',     'A',     'A',     'A',     'A',     'A',     'A'],
  // The dashboard (and its CSVs): the request waiting for division review in its aging list.
  'dashboardData':                                    ['F F',   'F F',   'A A',   'A A',   'A -',   '- A',   'A A',   'A A'],
};

// ---------------------------------------------------------------------------------------------------
// The records every case starts from.

const FIXTURE_STATES = ['draft', 'hsi_review', 'dea_hq_review', 'division_review', 'dea_decision', 'returned', 'active', 'pending_training'] as const;
type FixtureState = (typeof FIXTURE_STATES)[number];
const ABBREVIATION: Record<FixtureState, string> = {
  draft: 'DRF',
  hsi_review: 'HSI',
  dea_hq_review: 'DHQ',
  division_review: 'DIV',
  dea_decision: 'DEC',
  returned: 'RET',
  active: 'ACT',
  pending_training: 'PEN',
};

interface Fixture {
  id: number;
  badge: string;
  agentId: number;
}
interface OfficeRecords {
  officeCode: string;
  officeId: number;
  divisionCode: string;
  divisionId: number;
  supervisor: UserActor;
  requests: Record<FixtureState, Fixture>;
  /** An agent of the office with no open request (their request was withdrawn). */
  idle: Fixture;
  /** A user of the office, for the administrator's functions. */
  user: UserActor;
}

const NO_SUCH_ID = 999_999;
const GATE_MODULE = 'GATE-MATRIX';
const REASON = 'Reason given by the authorization matrix test.';

let t: TestDb;
let actors: Record<RoleKey, UserActor>;
let office: Record<'el_paso' | 'houston', OfficeRecords>;
let draftModuleId: number;
let disputeId: number;
let today: string;

function makeReviewers(): Reviewers {
  return {
    hsi: actors.hsi_hq,
    dea: actors.dea_hq,
    division: (code) => {
      if (code === 'dea-el-paso') return actors.div_ep;
      if (code === 'dea-miami') return actors.div_mia;
      throw new Error(`No coordinator for ${code}`);
    },
  };
}

function trainAgent(badge: string): void {
  recordCompletion(t.db, actors.hsi_hq, { badge, moduleCode: GATE_MODULE, completedOn: today, kind: 'completion', reason: '' });
}

function officeRecords(prefix: string, officeCode: string, divisionCode: string, supervisor: UserActor): OfficeRecords {
  const reviewers = makeReviewers();
  const agentOf = (requestId: number) => t.db.select({ agentId: requests.agentId }).from(requests).where(eq(requests.id, requestId)).get()!.agentId;
  const make = (state: FixtureState | 'idle'): Fixture => {
    const badge = `${prefix}-${state === 'idle' ? 'IDL' : ABBREVIATION[state]}`;
    const created = propose(t.db, supervisor, { badge, division: divisionCode, dutyStation: `${prefix} duty station`, submit: state !== 'draft' && state !== 'idle' });
    const id = created.id;
    switch (state) {
      case 'idle':
        transitionRequest(t.db, supervisor, { requestId: id, action: 'withdraw', reason: REASON });
        break;
      case 'draft':
      case 'hsi_review':
        break;
      case 'dea_hq_review':
      case 'division_review':
      case 'dea_decision':
        advance(t.db, reviewers, id, state);
        break;
      case 'returned':
        advance(t.db, reviewers, id, 'division_review');
        transitionRequest(t.db, reviewers.division(divisionCode), { requestId: id, action: 'return', reason: REASON });
        break;
      case 'active':
        trainAgent(badge);
        advance(t.db, reviewers, id, 'active');
        break;
      case 'pending_training':
        advance(t.db, reviewers, id, 'dea_decision');
        transitionRequest(t.db, actors.dea_hq, { requestId: id, action: 'approve' });
        break;
    }
    const state_ = t.db.select({ state: requests.state }).from(requests).where(eq(requests.id, id)).get()!.state;
    const expectedState: State = state === 'idle' ? 'withdrawn' : state;
    if (state_ !== expectedState) throw new Error(`Fixture ${badge} is ${state_}, not ${expectedState}`);
    return { id, badge, agentId: agentOf(id) };
  };
  const fixtures = Object.fromEntries(FIXTURE_STATES.map((s) => [s, make(s)])) as Record<FixtureState, Fixture>;
  return {
    officeCode,
    officeId: officeId(t.db, officeCode),
    divisionCode,
    divisionId: officeId(t.db, divisionCode),
    supervisor,
    requests: fixtures,
    idle: make('idle'),
    user: makeUser(t.db, 'supervisor', officeCode, `Target user ${prefix}`),
  };
}

beforeAll(() => {
  t = createTestDb();
  today = calendarDate(Date.now(), settings().T21_TIME_ZONE);
  actors = {
    sup_ep: makeUser(t.db, 'supervisor', 'hsi-el-paso', 'Supervisor El Paso'),
    sup_hou: makeUser(t.db, 'supervisor', 'hsi-houston', 'Supervisor Houston'),
    hsi_hq: makeUser(t.db, 'hsi_hq', undefined, 'HSI HQ reviewer'),
    dea_hq: makeUser(t.db, 'dea_hq', undefined, 'DEA HQ coordinator'),
    div_ep: makeUser(t.db, 'dea_division', 'dea-el-paso', 'Division El Paso'),
    div_mia: makeUser(t.db, 'dea_division', 'dea-miami', 'Division Miami'),
    auditor: makeUser(t.db, 'auditor', undefined, 'Auditor'),
    admin: makeUser(t.db, 'admin', undefined, 'Administrator'),
  };
  // A published module required before activation: approving an untrained agent waits for it.
  const gate = createModule(t.db, actors.admin, {
    code: GATE_MODULE,
    title: 'Module gating activation',
    ownerAgency: 'joint',
    audience: 'hsi_agents',
    isRequiredBeforeActivation: 'yes',
    refresherMonths: '',
    completionWindowDays: '',
  });
  moveModule(t.db, actors.admin, { moduleId: gate.id, action: 'submit_for_review' });
  moveModule(t.db, actors.admin, { moduleId: gate.id, action: 'publish' });

  office = {
    el_paso: officeRecords('EP', 'hsi-el-paso', 'dea-el-paso', actors.sup_ep),
    houston: officeRecords('HO', 'hsi-houston', 'dea-miami', actors.sup_hou),
  };
  // Target users locked, so that unlocking them writes.
  t.db.update(users).set({ lockedAt: Date.now() - 1000 }).where(eq(users.id, office.el_paso.user.id)).run();
  t.db.update(users).set({ lockedAt: Date.now() - 1000 }).where(eq(users.id, office.houston.user.id)).run();
  draftModuleId = t.db.select({ id: trainingModules.id }).from(trainingModules).where(eq(trainingModules.code, 'MODULE-2021-2')).get()!.id;
  disputeId = t.db.select({ id: trainingDisputes.id }).from(trainingDisputes).get()!.id;
});
afterAll(() => t?.close());

// ---------------------------------------------------------------------------------------------------
// The use cases, each as the page, action or route calls it.

interface UseCase {
  name: string;
  targets: readonly TargetKey[];
  /** Writes when allowed (the auditor must be refused every one of these). */
  writes: boolean;
  /** Runs the use case; returns 'absent' or 'not_found' when a reader leaves the target out. */
  run: (actor: UserActor, target: TargetKey) => Outcome | void;
}

function records(target: TargetKey): OfficeRecords | null {
  return target === 'el_paso' || target === 'houston' ? office[target] : null;
}
const requestId = (target: TargetKey, state: FixtureState) => records(target)?.requests[state].id ?? NO_SUCH_ID;
const agentId = (target: TargetKey, state: FixtureState = 'division_review') => records(target)?.requests[state].agentId ?? NO_SUCH_ID;
const badgeOf = (target: TargetKey, state: FixtureState = 'division_review') => records(target)?.requests[state].badge ?? 'NOBODY-HAS-THIS';
const officeCodeOf = (target: TargetKey) => records(target)?.officeCode ?? 'no-such-office';
const officeIdOf = (target: TargetKey) => records(target)?.officeId ?? NO_SUCH_ID;
const userIdOf = (target: TargetKey) => records(target)?.user.id ?? NO_SUCH_ID;
const moduleIdOf = (target: TargetKey) => (target === 'none' ? NO_SUCH_ID : draftModuleId);
const disputeIdOf = (target: TargetKey) => (target === 'none' ? NO_SUCH_ID : disputeId);
const present = (isThere: boolean): Outcome => (isThere ? 'allowed' : 'absent');

let uniqueCounter = 0;
const unique = () => `${process.pid}-${(uniqueCounter += 1)}`;

function newRequestsInput(target: TargetKey) {
  const agent = records(target)?.idle;
  const badge = agent?.badge ?? `NEW-${uniqueCounter + 1}`;
  return {
    kind: 'initial',
    deaDivisionId: officeId(t.db, 'dea-el-paso'),
    borderNexus: TEST_NEXUS,
    agents: [{ name: `Agent ${badge}`, badge, dutyStation: 'El Paso, TX' }],
  };
}

function allUseCases(): UseCase[] {
  const cases: UseCase[] = [];
  const add = (name: string, targets: readonly TargetKey[], writes: boolean, run: UseCase['run']) => cases.push({ name, targets, writes, run });

  for (const rule of TRANSITIONS) {
    for (const from of rule.from) {
      if (!(FIXTURE_STATES as readonly string[]).includes(from)) throw new Error(`No fixture in ${from} for ${rule.action}`);
      add(`transitionRequest ${rule.action} from ${from}`, OFFICE_TARGETS, true, (actor, target) => {
        transitionRequest(t.db, actor, {
          requestId: requestId(target, from as FixtureState),
          action: rule.action,
          reason: REASON,
          reasonCategory: rule.action === 'rescind' ? 'other' : null,
          divisionId: rule.action === 'route' ? (records(target)?.divisionId ?? officeId(t.db, 'dea-el-paso')) : null,
        });
      });
    }
  }

  add('createRequests', OFFICE_TARGETS, true, (actor, target) => {
    createRequests(t.db, actor, newRequestsInput(target), { submit: true, submissionKey: `matrix-${unique()}` });
  });
  add('createRequests (check your answers)', OFFICE_TARGETS, false, (actor, target) => {
    createRequests(t.db, actor, newRequestsInput(target), { submit: false, submissionKey: `matrix-${unique()}`, isDryRun: true });
  });
  for (const state of ['draft', 'returned', 'hsi_review'] as const) {
    add(`editRequest (${state})`, OFFICE_TARGETS, true, (actor, target) => {
      editRequest(t.db, actor, requestId(target, state), { name: 'Renamed Agent', dutyStation: 'Changed station', deaDivisionId: officeId(t.db, 'dea-el-paso'), borderNexus: TEST_NEXUS });
    });
  }

  add('createUser', OFFICE_TARGETS, true, (actor, target) => {
    createUser(t.db, actor, { email: `matrix.${unique()}@test.example`, password: 'violet harbour tractor lamp river', name: 'New Person', role: 'supervisor', officeId: String(officeIdOf(target)) });
  });
  add('updateUser', OFFICE_TARGETS, true, (actor, target) => {
    updateUser(t.db, actor, userIdOf(target), { name: 'Renamed Person', role: 'supervisor', officeId: String(records(target)?.officeId ?? officeId(t.db, 'hsi-el-paso')), isActive: true });
  });
  add('resetPassword', OFFICE_TARGETS, true, (actor, target) => {
    resetPassword(t.db, actor, userIdOf(target), 'violet harbour tractor lamp river');
  });
  add('unlockAccount', OFFICE_TARGETS, true, (actor, target) => unlockAccount(t.db, actor, userIdOf(target)));
  add('resetAuthenticator', OFFICE_TARGETS, true, (actor, target) => resetAuthenticator(t.db, actor, userIdOf(target)));
  add('getUserForEdit', OFFICE_TARGETS, false, (actor, target) => {
    getUserForEdit(t.db, actor, userIdOf(target));
  });
  add('listUsers', ['any'], false, (actor) => {
    listUsers(t.db, actor);
  });
  add('createOffice', ['any'], true, (actor) => {
    createOffice(t.db, actor, { code: `hsi-matrix-${uniqueCounter + 1}`, agency: 'HSI', kind: 'field_office', name: 'HSI Matrix Test Office' });
    unique();
  });
  add('updateOffice', OFFICE_TARGETS, true, (actor, target) => updateOffice(t.db, actor, officeIdOf(target), { name: 'Renamed office', isActive: true }));
  add('listAllOffices', ['any'], false, (actor) => {
    listAllOffices(t.db, actor);
  });
  add('importRoster', OFFICE_TARGETS, true, (actor, target) => {
    const badge = records(target) ? badgeOf(target) : `NEW-ROSTER-${uniqueCounter + 1}`;
    unique();
    importRoster(t.db, actor, `badge,name,agency,office_code,duty_station\n${badge},Roster Name,HSI,${records(target)?.officeCode ?? 'hsi-el-paso'},Roster station\n`);
  });

  add('addGoalVersion', ['any'], true, (actor) => {
    addGoalVersion(t.db, actor, { stage: CLOCKED_STAGE_GOALS[0], businessDays: '7', warningPercent: '80', effectiveFrom: '2031-01-01', note: '' });
  });
  add('listGoalVersions', ['any'], false, (actor) => {
    listGoalVersions(t.db, actor);
  });

  add('createModule', ['any'], true, (actor) => {
    createModule(t.db, actor, { code: `MATRIX-${uniqueCounter + 1}`, title: 'New module', ownerAgency: 'joint', audience: 'both', isRequiredBeforeActivation: '', refresherMonths: '', completionWindowDays: '' });
    unique();
  });
  const moduleTargets: readonly TargetKey[] = ['any', 'none'];
  add('editModule', moduleTargets, true, (actor, target) => {
    editModule(t.db, actor, { moduleId: moduleIdOf(target), title: 'Renamed module', ownerAgency: 'joint', audience: 'hsi_agents', isRequiredBeforeActivation: '', refresherMonths: '', completionWindowDays: '180' });
  });
  add('moveModule', moduleTargets, true, (actor, target) => {
    moveModule(t.db, actor, { moduleId: moduleIdOf(target), action: 'submit_for_review' });
  });
  add('raiseDispute', moduleTargets, true, (actor, target) => {
    raiseDispute(t.db, actor, { moduleId: moduleIdOf(target), point: 'A point of the content in dispute.', raisedByAgency: 'HSI', raisedOn: today, level: 'working_group' });
  });
  add('escalateDispute', moduleTargets, true, (actor, target) => {
    escalateDispute(t.db, actor, { disputeId: disputeIdOf(target), level: 'formal_mechanism', on: today, note: '' });
  });
  add('resolveDispute', moduleTargets, true, (actor, target) => {
    resolveDispute(t.db, actor, { disputeId: disputeIdOf(target), resolvedOn: today, resolution: 'Agreed by both agencies.' });
  });
  add('listModules', ['any'], false, (actor) => {
    listModules(t.db, actor);
  });
  add('getModuleDetail', moduleTargets, false, (actor, target) => {
    getModuleDetail(t.db, actor, target === 'none' ? 'NO-SUCH-MODULE' : 'MODULE-2021-2');
  });
  add('recordCompletion', OFFICE_TARGETS, true, (actor, target) => {
    recordCompletion(t.db, actor, { badge: badgeOf(target), moduleCode: GATE_MODULE, completedOn: today, kind: 'completion', reason: '' });
  });
  add('importTraining', OFFICE_TARGETS, true, (actor, target) => {
    importTraining(t.db, actor, `badge,module_code,completed_on\n${badgeOf(target)},${GATE_MODULE},${today}\n`, { fileName: 'matrix.csv' });
  });

  add('readAuditTrail', ['any'], false, (actor) => {
    readAuditTrail(t.db, actor, {});
  });
  add('exportAuditTrail', ['any'], false, (actor) => {
    exportAuditTrail(t.db, actor, {});
  });

  add('getRequestDetail', OFFICE_TARGETS, false, (actor, target) => {
    getRequestDetail(t.db, actor, requestId(target, 'division_review'));
  });
  add('getRequestDetail (draft)', OFFICE_TARGETS, false, (actor, target) => {
    getRequestDetail(t.db, actor, requestId(target, 'draft'));
  });
  add('listRequests', LIST_TARGETS, false, (actor, target) =>
    present(listRequests(t.db, actor, { q: badgeOf(target) }).rows.some((r) => r.id === requestId(target, 'division_review'))),
  );
  add('listRequests (draft)', LIST_TARGETS, false, (actor, target) =>
    present(listRequests(t.db, actor, { q: badgeOf(target, 'draft') }).rows.some((r) => r.id === requestId(target, 'draft'))),
  );
  for (const state of ['draft', 'returned', 'hsi_review', 'dea_hq_review', 'division_review', 'dea_decision'] as const) {
    add(`inboxFor (${state})`, LIST_TARGETS, false, (actor, target) =>
      present(inboxFor(t.db, actor).some((group) => group.rows.some((r) => r.id === requestId(target, state)))),
    );
  }
  add('listAgents', LIST_TARGETS, false, (actor, target) =>
    present(listAgents(t.db, actor, { q: badgeOf(target) }).rows.some((a) => a.id === agentId(target))),
  );
  add('listAgents (agent with only a draft)', LIST_TARGETS, false, (actor, target) =>
    present(listAgents(t.db, actor, { q: badgeOf(target, 'draft') }).rows.some((a) => a.id === agentId(target, 'draft'))),
  );
  add('getAgent', OFFICE_TARGETS, false, (actor, target) => (getAgent(t.db, actor, agentId(target)) ? 'allowed' : 'not_found'));
  add('personTraining', OFFICE_TARGETS, false, (actor, target) => {
    personTraining(t.db, actor, agentId(target));
  });
  add('officeTraining', OFFICE_TARGETS, false, (actor, target) => {
    officeTraining(t.db, actor, officeCodeOf(target));
  });
  add('trainingMatrix', LIST_TARGETS, false, (actor, target) => present(trainingMatrix(t.db, actor).offices.some((o) => o.officeCode === officeCodeOf(target))));
  add('trainingPanel', ['any'], false, (actor) => {
    trainingPanel(t.db, actor);
  });
  add('dashboardData', LIST_TARGETS, false, (actor, target) =>
    present(dashboardData(t.db, actor, {}).aging.some((r) => r.id === requestId(target, 'division_review'))),
  );
  return cases;
}

// ---------------------------------------------------------------------------------------------------
// Running them.

function outcomeOf(run: () => Outcome | void): Outcome {
  try {
    return run() ?? 'allowed';
  } catch (error) {
    if (isAppError(error)) return error.code;
    return `unexpected: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Runs `work` in a transaction that is always rolled back: the use cases' own transactions nest in
 * it as savepoints (better-sqlite3), so each case sees exactly the fixtures and leaves nothing. */
function rolledBack<T>(work: () => T): T {
  const client = t.db.$client;
  client.exec('BEGIN IMMEDIATE');
  try {
    return work();
  } finally {
    if (client.inTransaction) client.exec('ROLLBACK');
  }
}

function expectedOutcome(useCase: UseCase, role: RoleKey, targetIndex: number): Outcome | undefined {
  const row = EXPECTED[useCase.name];
  if (!row) return undefined;
  const letters = row[ROLE_KEYS.indexOf(role)]!.split(' ');
  const letter = letters[targetIndex];
  if (letters.length !== useCase.targets.length || letter === undefined || !(letter in LETTERS)) {
    throw new Error(`EXPECTED['${useCase.name}'] for ${role} should have ${useCase.targets.length} letters (${useCase.targets.join(', ')})`);
  }
  return LETTERS[letter];
}

interface Observation {
  useCase: UseCase;
  role: RoleKey;
  target: TargetKey;
  expected: Outcome;
  observed: Outcome;
}

/** A checksum of the whole database: each table's row count and highest rowid. */
function checksum(options: { except?: readonly string[] } = {}): Record<string, string> {
  const tables = (t.db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[])
    .map((r) => r.name)
    .filter((name) => !(options.except ?? []).includes(name));
  return Object.fromEntries(
    tables.map((name) => {
      const row = t.db.$client.prepare(`SELECT count(*) AS n, max(rowid) AS m FROM "${name}"`).get() as { n: number; m: number | null };
      return [name, `${row.n} rows, max rowid ${row.m ?? '-'}`];
    }),
  );
}

describe('the authorization matrix', () => {
  let observations: Observation[] = [];
  const cases = () => allUseCases();

  beforeAll(() => {
    const before = checksum();
    observations = [];
    for (const useCase of cases()) {
      useCase.targets.forEach((target, index) => {
        for (const role of ROLE_KEYS) {
          const expected = expectedOutcome(useCase, role, index);
          if (expected === undefined) continue;
          const observed = rolledBack(() => outcomeOf(() => useCase.run(actors[role], target)));
          observations.push({ useCase, role, target, expected, observed });
        }
      });
    }
    // Every case was rolled back.
    expect(checksum()).toEqual(before);
  });

  it('has an expected row for every use case, and no row for a use case that does not exist', () => {
    const names = cases().map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => !(n in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((n) => !names.includes(n))).toEqual([]);
    // Every human or system action of the workflow, from every state it leaves.
    expect(names.filter((n) => n.startsWith('transitionRequest ')).length).toBe(TRANSITIONS.reduce((n, rule) => n + rule.from.length, 0));
  });

  it('observes exactly the expected table', () => {
    const differences = observations
      .filter((o) => o.observed !== o.expected)
      .map((o) => `${o.useCase.name} | ${o.role} | ${o.target}: expected ${o.expected}, observed ${o.observed}`);
    expect(differences, `\n${differences.join('\n')}\n`).toEqual([]);
    expect(observations.length).toBeGreaterThan(900);
  });

  it('allows nothing the table does not allow', () => {
    const unexpectedAllows = observations
      .filter((o) => o.observed === 'allowed' && o.expected !== 'allowed')
      .map((o) => `${o.useCase.name} | ${o.role} | ${o.target}: allowed, expected ${o.expected}`);
    expect(unexpectedAllows, `\n${unexpectedAllows.join('\n')}\n`).toEqual([]);
  });

  it('refuses the auditor every use case that writes', () => {
    const allowed = observations.filter((o) => o.role === 'auditor' && o.useCase.writes && o.observed === 'allowed').map((o) => `${o.useCase.name} | ${o.target}`);
    expect(allowed).toEqual([]);
    // And the auditor's writes were refused for want of permission or scope, whatever the target.
    for (const o of observations.filter((o) => o.role === 'auditor' && o.useCase.writes)) expect(['forbidden', 'not_found'], `${o.useCase.name} | ${o.target}`).toContain(o.observed);
  });

  it('reads no request or agent of another office or division for a supervisor or a division coordinator', () => {
    const leaks = observations.filter((o) => {
      if (o.useCase.writes || o.observed !== 'allowed') return false;
      const own: Partial<Record<RoleKey, TargetKey>> = { sup_ep: 'el_paso', div_ep: 'el_paso', sup_hou: 'houston', div_mia: 'houston' };
      return own[o.role] !== undefined && (o.target === 'el_paso' || o.target === 'houston') && o.target !== own[o.role];
    });
    expect(leaks.map((o) => `${o.useCase.name} | ${o.role} | ${o.target}`)).toEqual([]);
  });
});

describe('the auditor changes nothing', () => {
  it('runs every use case on every target, committed, and only their reading of the trail is recorded', () => {
    const auditor = actors.auditor;
    const domainBefore = checksum({ except: ['audit_log', 'app_meta'] });
    const lastAuditId = t.db.$client.prepare('SELECT coalesce(max(id), 0) AS id FROM audit_log').get() as { id: number };
    const outcomes: string[] = [];
    for (const useCase of allUseCases()) {
      for (const target of useCase.targets) {
        const outcome = outcomeOf(() => useCase.run(auditor, target));
        if (useCase.writes) outcomes.push(`${useCase.name} | ${target}: ${outcome}`);
        if (useCase.writes) expect(outcome, `${useCase.name} | ${target}`).not.toBe('allowed');
      }
    }
    expect(outcomes.length).toBeGreaterThan(80);
    // Not a row added, removed or replaced anywhere but the audit trail.
    expect(checksum({ except: ['audit_log', 'app_meta'] })).toEqual(domainBefore);
    // The trail holds only the auditor's reading and export of the trail itself.
    const added = t.db.select({ action: auditLog.action, actorUserId: auditLog.actorUserId }).from(auditLog).where(gt(auditLog.id, lastAuditId.id)).all();
    expect(added.length).toBeGreaterThan(0);
    for (const row of added) {
      expect(row.actorUserId).toBe(auditor.id);
      expect(['audit_read', 'audit_exported']).toContain(row.action);
    }
  });
});

describe('a supervisor never reads another office’s requests or agents', () => {
  it.each(['sup_ep', 'sup_hou'] as const)('%s: lists, inbox, roster, training and every record by id', (role) => {
    const actor = actors[role];
    const own = role === 'sup_ep' ? office.el_paso : office.houston;
    const allRequests = t.db.select({ id: requests.id, hsiOfficeId: requests.hsiOfficeId }).from(requests).all();
    const allAgents = t.db.select({ id: agents.id, officeId: agents.officeId }).from(agents).all();
    const officeOfRequest = new Map(allRequests.map((r) => [r.id, r.hsiOfficeId]));
    const officeOfAgent = new Map(allAgents.map((a) => [a.id, a.officeId]));

    const listed: number[] = [];
    for (let page = 1; ; page += 1) {
      const list = listRequests(t.db, actor, { page: String(page) });
      listed.push(...list.rows.map((r) => r.id));
      if (page >= list.pageCount) break;
    }
    const inbox = inboxFor(t.db, actor).flatMap((g) => g.rows.map((r) => r.id));
    const roster: number[] = [];
    for (let page = 1; ; page += 1) {
      const list = listAgents(t.db, actor, { page: String(page) });
      roster.push(...list.rows.map((a) => a.id));
      if (page >= list.pageCount) break;
    }
    const trained = officeTraining(t.db, actor, own.officeCode).people.map((p) => p.id);
    const matrixOffices = trainingMatrix(t.db, actor).offices.map((o) => o.officeId);

    expect(listed.length).toBeGreaterThan(0);
    expect(listed.filter((id) => officeOfRequest.get(id) !== own.officeId)).toEqual([]);
    expect(inbox.filter((id) => officeOfRequest.get(id) !== own.officeId)).toEqual([]);
    expect(roster.length).toBeGreaterThan(0);
    expect(roster.filter((id) => officeOfAgent.get(id) !== own.officeId)).toEqual([]);
    expect(trained.filter((id) => officeOfAgent.get(id) !== own.officeId)).toEqual([]);
    expect(matrixOffices).toEqual([own.officeId]);
    // Every request and agent in the database, by id: their own office's are found, the rest are not.
    for (const r of allRequests) {
      const outcome = outcomeOf(() => {
        getRequestDetail(t.db, actor, r.id);
      });
      expect(outcome, `request ${r.id}`).toBe(r.hsiOfficeId === own.officeId ? 'allowed' : 'not_found');
    }
    for (const a of allAgents) {
      expect(getAgent(t.db, actor, a.id) !== null, `agent ${a.id}`).toBe(a.officeId === own.officeId);
      const outcome = outcomeOf(() => {
        personTraining(t.db, actor, a.id);
      });
      expect(outcome, `agent ${a.id}`).toBe(a.officeId === own.officeId ? 'allowed' : 'not_found');
    }
    // The dashboard is not theirs at all.
    expect(outcomeOf(() => {
      dashboardData(t.db, actor, {});
    })).toBe('forbidden');
    expect(officeOfRequest.size).toBeGreaterThan(listed.length);
  });
});

describe('nobody decides a request they proposed', () => {
  const DECISIONS = TRANSITIONS.filter((rule) => rule.isDecision).flatMap((rule) =>
    rule.from.flatMap((from) => rule.by(from).flatMap((p) => (p.role === 'system' ? [] : [{ rule, from, role: p.role, scope: p.scope }]))),
  );

  it('covers every decision in the workflow table', () => {
    expect(new Set(DECISIONS.map((d) => d.rule.action))).toEqual(new Set(['endorse', 'route', 'concur', 'nonconcur', 'approve', 'deny', 'return', 'rescind']));
  });

  // On the database: a supervisor proposes, and is later given the role that takes the decision (an
  // administrator's change, through updateUser). Their own request is refused to them; a colleague of
  // the same role may take it; and withdrawing, which is not a decision, stays open to them.
  it.each(DECISIONS.map((d) => [`${d.rule.action} from ${d.from} as ${d.role}`, d] as const))('%s', (_label, decision) => {
    rolledBack(() => {
      const proposer = makeUser(t.db, 'supervisor', 'hsi-el-paso', 'Pat Proposer');
      const badge = `PAT-${unique()}`.slice(0, 20);
      const { id } = propose(t.db, proposer, { badge, division: 'dea-el-paso', submit: true });
      const reviewers = makeReviewers();
      if (decision.from === 'active') trainAgent(badge);
      if (decision.from !== 'hsi_review') advance(t.db, reviewers, id, decision.from as 'dea_hq_review' | 'division_review' | 'dea_decision' | 'active');
      const officeIdForRole = decision.scope === 'routed_division' ? officeId(t.db, 'dea-el-paso') : null;
      updateUser(t.db, actors.admin, proposer.id, { name: proposer.name, role: decision.role, officeId: officeIdForRole === null ? '' : String(officeIdForRole), isActive: true });
      const asReviewer: UserActor = { ...proposer, role: decision.role, officeId: officeIdForRole };
      const input = {
        requestId: id,
        action: decision.rule.action,
        reason: REASON,
        reasonCategory: decision.rule.action === 'rescind' ? 'other' : null,
        divisionId: decision.rule.action === 'route' ? officeId(t.db, 'dea-el-paso') : null,
      };
      const before = checksum();
      let refusal: unknown;
      try {
        transitionRequest(t.db, asReviewer, input);
      } catch (error) {
        refusal = error;
      }
      expect(isAppError(refusal) && refusal.code).toBe('forbidden');
      expect((refusal as Error).message).toMatch(/you proposed this request/i);
      expect(checksum()).toEqual(before);
      // The same role, another person: allowed (so the refusal above is the proposer rule's).
      const colleague = decision.role === 'dea_division' ? actors.div_ep : decision.role === 'hsi_hq' ? actors.hsi_hq : actors.dea_hq;
      expect(outcomeOf(() => void rolledBack2(() => transitionRequest(t.db, colleague, input)))).toBe('allowed');
      // Withdrawing is not a decision: the proposer, now at HSI HQ, may still withdraw a request under review.
      if (decision.role === 'hsi_hq' && decision.from !== 'active') {
        expect(outcomeOf(() => void rolledBack2(() => transitionRequest(t.db, asReviewer, { requestId: id, action: 'withdraw', reason: REASON })))).toBe('allowed');
      }
    });
  });

  // The rule itself, for every role and scope the table names, on a crafted request (no database):
  // the proposer is refused, anyone else of the same role and scope is not.
  it('transitionRefusal refuses the proposer every decision, whatever their role', () => {
    const PROPOSER = 4242;
    const problems: string[] = [];
    for (const { rule, from, role, scope } of DECISIONS) {
      const subject = { id: 1, state: from, hsiOfficeId: 10, routedDivisionId: 20, returnedFromState: null, createdByUserId: PROPOSER };
      const officeIdForScope = scope === 'own_office' ? 10 : scope === 'routed_division' ? 20 : null;
      const proposer: UserActor = { kind: 'user', id: PROPOSER, name: 'Proposer', email: 'p@test.example', role, officeId: officeIdForScope };
      const other: UserActor = { ...proposer, id: PROPOSER + 1, name: 'Colleague' };
      const refusal = transitionRefusal(proposer, rule, subject);
      if (refusal?.code !== 'forbidden' || !/you proposed/i.test(refusal.message)) problems.push(`${rule.action} from ${from} as ${role}: proposer ${refusal ? refusal.message : 'allowed'}`);
      if (transitionRefusal(other, rule, subject) !== null) problems.push(`${rule.action} from ${from} as ${role}: colleague refused`);
    }
    expect(problems).toEqual([]);
  });
});

/** A savepoint inside the case's rolled-back transaction, itself rolled back. */
function rolledBack2<T>(work: () => T): T {
  const client = t.db.$client;
  client.exec('SAVEPOINT matrix_inner');
  try {
    return work();
  } finally {
    client.exec('ROLLBACK TO matrix_inner');
    client.exec('RELEASE matrix_inner');
  }
}
