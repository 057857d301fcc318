// The request states and actions. The transitions between them are in lib/workflow/transitions.ts.
export const STATES = [
  'draft',
  'hsi_review',
  'dea_hq_review',
  'division_review',
  'dea_decision',
  'returned',
  // Approved, waiting for required training before it becomes active (see training; unused until a
  // published module is required before activation).
  'pending_training',
  'active',
  'denied',
  'withdrawn',
  'expired',
  'rescinded',
] as const;
export type State = (typeof STATES)[number];

// The stages whose time is measured against goals. Time in `returned` is the requester's time.
export const REVIEW_STAGES = ['hsi_review', 'dea_hq_review', 'division_review', 'dea_decision'] as const;
export type ReviewStage = (typeof REVIEW_STAGES)[number];

export function isReviewStage(state: State | null | undefined): state is ReviewStage {
  return (REVIEW_STAGES as readonly (State | null | undefined)[]).includes(state);
}

export const OPEN_STATES: readonly State[] = ['draft', ...REVIEW_STAGES, 'returned'];
// An agent with a request in one of these may not be proposed again: it is open, or approved and
// waiting for training (it has no designation until it is activated).
export const UNFINISHED_STATES: readonly State[] = [...OPEN_STATES, 'pending_training'];
// Submitted and not yet decided or ended: the work whose clocks still run (a review stage's, or the
// requester's while returned). A draft has no clock until it is first submitted.
export const SUBMITTED_OPEN_STATES: readonly State[] = [...REVIEW_STAGES, 'returned'];
export const END_STATES: readonly State[] = ['denied', 'withdrawn', 'expired', 'rescinded'];

export const REQUEST_KINDS = ['initial', 'renewal'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const ACTIONS = [
  'create',
  'submit',
  'endorse',
  'route',
  'concur',
  'nonconcur',
  'approve',
  'deny',
  'return',
  'resubmit',
  'withdraw',
  'expire',
  'rescind',
  'activate',
  // Not a transition: a supervisor's change to a draft or returned request's fields.
  'edit',
] as const;
export type Action = (typeof ACTIONS)[number];

export const STATE_LABELS: Record<State, string> = {
  draft: 'Draft',
  hsi_review: 'HSI HQ endorsement',
  dea_hq_review: 'DEA HQ review',
  division_review: 'DEA division concurrence',
  dea_decision: 'DEA HQ decision',
  returned: 'Returned to requester',
  pending_training: 'Approved, pending training',
  active: 'Active designation',
  denied: 'Denied',
  withdrawn: 'Withdrawn',
  expired: 'Expired',
  rescinded: 'Rescinded',
};

export const ACTION_LABELS: Record<Action, string> = {
  create: 'Create',
  submit: 'Submit',
  endorse: 'Endorse and forward to DEA',
  route: 'Route to division',
  concur: 'Concur',
  nonconcur: 'Non-concur',
  approve: 'Approve',
  deny: 'Deny',
  return: 'Return to requester',
  resubmit: 'Resubmit',
  withdraw: 'Withdraw',
  expire: 'Expire',
  rescind: 'Rescind',
  activate: 'Activate',
  edit: 'Edit',
};

// Past tense, for the timeline and for "already approved by … at …".
export const ACTION_PAST: Record<Action, string> = {
  create: 'created',
  submit: 'submitted',
  endorse: 'endorsed',
  route: 'routed',
  concur: 'concurred',
  nonconcur: 'non-concurred',
  approve: 'approved',
  deny: 'denied',
  return: 'returned',
  resubmit: 'resubmitted',
  withdraw: 'withdrawn',
  expire: 'expired',
  rescind: 'rescinded',
  activate: 'activated',
  edit: 'edited',
};

export const KIND_LABELS: Record<RequestKind, string> = {
  initial: 'Initial',
  renewal: 'Renewal',
};

export const RESCIND_CATEGORIES = ['transfer', 'separation', 'misconduct', 'other'] as const;
export type RescindCategory = (typeof RESCIND_CATEGORIES)[number];
export const RESCIND_CATEGORY_LABELS: Record<RescindCategory, string> = {
  transfer: 'Transfer',
  separation: 'Separation',
  misconduct: 'Misconduct',
  other: 'Other',
};

export function isState(value: unknown): value is State {
  return typeof value === 'string' && (STATES as readonly string[]).includes(value);
}
