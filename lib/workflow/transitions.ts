// The workflow as data: every move a request can make, from which states, by whom, and whether a
// reason is required. transitionRequest (transition-request.ts) is the only code that moves a request,
// and it consults only this table; the UI asks allowedActions (same table) what to offer.
import type { Role } from '@/lib/domain/roles';
import type { Action, ReviewStage, State } from '@/lib/domain/workflow-states';
import { isReviewStage, REVIEW_STAGES } from '@/lib/domain/workflow-states';

// How an actor relates to a request: supervisors act only on their own office's requests, division
// coordinators only on requests routed to their division. 'any' roles see every request.
export type Scope = 'own_office' | 'routed_division' | 'any';

export type Performer = { role: Role; scope: Scope } | { role: 'system'; scope: 'any' };

export interface TransitionRule {
  action: Exclude<Action, 'create' | 'edit'>;
  from: readonly State[];
  // A fixed state, or 'returned_from' for a resubmission resuming at the stage that returned it.
  to: State | 'returned_from';
  // Who may perform it, per from-state (a return is made by the reviewer of the stage it leaves).
  by: (from: State) => readonly Performer[];
  isReasonRequired: boolean;
  // A decision on the request: the person who submitted it may never make one.
  isDecision: boolean;
  // Approval lands here instead of `to` while the agent owes a published module required before
  // activation (lib/training/activation-gate.ts); `activate` moves it on when the last one is done.
  heldWhileTrainingOwed?: State;
}

// The reviewer of each clocked stage: the role that may act on a request waiting there.
export const STAGE_REVIEWER: Record<ReviewStage, Performer> = {
  hsi_review: { role: 'hsi_hq', scope: 'any' },
  dea_hq_review: { role: 'dea_hq', scope: 'any' },
  division_review: { role: 'dea_division', scope: 'routed_division' },
  dea_decision: { role: 'dea_hq', scope: 'any' },
};

const SUPERVISOR: Performer = { role: 'supervisor', scope: 'own_office' };
const HSI_HQ: Performer = { role: 'hsi_hq', scope: 'any' };
const DEA_HQ: Performer = { role: 'dea_hq', scope: 'any' };
const DIVISION: Performer = { role: 'dea_division', scope: 'routed_division' };
const SYSTEM: Performer = { role: 'system', scope: 'any' };

const always =
  (...performers: Performer[]) =>
  (): readonly Performer[] =>
    performers;

export const TRANSITIONS: readonly TransitionRule[] = [
  { action: 'submit', from: ['draft'], to: 'hsi_review', by: always(SUPERVISOR), isReasonRequired: false, isDecision: false },
  { action: 'endorse', from: ['hsi_review'], to: 'dea_hq_review', by: always(HSI_HQ), isReasonRequired: false, isDecision: true },
  { action: 'route', from: ['dea_hq_review'], to: 'division_review', by: always(DEA_HQ), isReasonRequired: false, isDecision: true },
  { action: 'concur', from: ['division_review'], to: 'dea_decision', by: always(DIVISION), isReasonRequired: false, isDecision: true },
  { action: 'nonconcur', from: ['division_review'], to: 'dea_decision', by: always(DIVISION), isReasonRequired: true, isDecision: true },
  { action: 'approve', from: ['dea_decision'], to: 'active', by: always(DEA_HQ), isReasonRequired: false, isDecision: true, heldWhileTrainingOwed: 'pending_training' },
  { action: 'deny', from: ['dea_hq_review', 'dea_decision'], to: 'denied', by: always(DEA_HQ), isReasonRequired: true, isDecision: true },
  {
    action: 'return',
    from: REVIEW_STAGES,
    to: 'returned',
    by: (from) => (isReviewStage(from) ? [STAGE_REVIEWER[from]] : []),
    isReasonRequired: true,
    isDecision: true,
  },
  { action: 'resubmit', from: ['returned'], to: 'returned_from', by: always(SUPERVISOR), isReasonRequired: false, isDecision: false },
  {
    action: 'withdraw',
    from: ['draft', 'returned', ...REVIEW_STAGES],
    to: 'withdrawn',
    // HSI HQ never sees another office's drafts, so it withdraws only what has been submitted.
    by: (from) => (from === 'draft' ? [SUPERVISOR] : [SUPERVISOR, HSI_HQ]),
    isReasonRequired: true,
    isDecision: false,
  },
  { action: 'expire', from: ['active'], to: 'expired', by: always(SYSTEM), isReasonRequired: false, isDecision: false },
  { action: 'rescind', from: ['active'], to: 'rescinded', by: always(DEA_HQ, HSI_HQ), isReasonRequired: true, isDecision: true },
  // The system's move when the last required completion is recorded (lib/training/record-completions.ts).
  { action: 'activate', from: ['pending_training'], to: 'active', by: always(SYSTEM), isReasonRequired: false, isDecision: false },
];

export function ruleFor(action: Action): TransitionRule | undefined {
  return TRANSITIONS.find((rule) => rule.action === action);
}

/** The state a rule leads to, given the stage that returned the request (for resubmit) and whether
 * the agent owes training required before activation (for approve). */
export function targetState(rule: TransitionRule, returnedFromState: State | null, isTrainingOwed = false): State {
  if (isTrainingOwed && rule.heldWhileTrainingOwed) return rule.heldWhileTrainingOwed;
  if (rule.to !== 'returned_from') return rule.to;
  if (!isReviewStage(returnedFromState)) {
    // Only reachable with a corrupted row: every return records the stage it came from.
    throw new Error('A returned request has no stage to resume at');
  }
  return returnedFromState;
}
