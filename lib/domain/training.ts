export const MODULE_OWNERS = ['DEA', 'HSI', 'joint'] as const;
export type ModuleOwner = (typeof MODULE_OWNERS)[number];
export const MODULE_AUDIENCES = ['hsi_agents', 'dea_agents', 'both'] as const;
export type ModuleAudience = (typeof MODULE_AUDIENCES)[number];
export const MODULE_STATUSES = ['draft', 'in_review', 'disputed', 'published', 'retired'] as const;
export type ModuleStatus = (typeof MODULE_STATUSES)[number];

// What can happen to a module: see lib/training/module-transitions.ts.
export const MODULE_EVENT_ACTIONS = ['create', 'edit', 'submit_for_review', 'send_back', 'dispute', 'resume_review', 'publish', 'new_version', 'retire'] as const;
export type ModuleEventAction = (typeof MODULE_EVENT_ACTIONS)[number];

export const MODULE_EVENT_LABELS: Record<ModuleEventAction, string> = {
  create: 'Created',
  edit: 'Edited',
  submit_for_review: 'Submit for review',
  send_back: 'Send back to draft',
  dispute: 'Disputed',
  resume_review: 'Review resumed',
  publish: 'Publish',
  new_version: 'Publish a new version',
  retire: 'Retire',
};

// Moves that need a written reason (mirrors the table in lib/training/module-writer.ts).
export const MODULE_NOTE_REQUIRED: readonly ModuleEventAction[] = ['send_back', 'new_version', 'retire'];

export const MODULE_OWNER_LABELS: Record<ModuleOwner, string> = { DEA: 'DEA', HSI: 'HSI', joint: 'Joint DEA–HSI' };
export const MODULE_AUDIENCE_LABELS: Record<ModuleAudience, string> = { hsi_agents: 'HSI agents', dea_agents: 'DEA agents', both: 'HSI and DEA agents' };
export const MODULE_STATUS_LABELS: Record<ModuleStatus, string> = {
  draft: 'Draft',
  in_review: 'In review',
  disputed: 'Disputed',
  published: 'Published',
  retired: 'Retired',
};

// Content disputes climb these rungs; the third is the dispute-resolution mechanism the agencies set
// up and, GAO found, never used.
export const ESCALATION_LEVELS = ['working_group', 'headquarters', 'formal_mechanism'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];
export const ESCALATION_LABELS: Record<EscalationLevel, string> = {
  working_group: 'Working group',
  headquarters: 'Headquarters',
  formal_mechanism: 'Formal dispute-resolution mechanism',
};

// 'both' where the record shows the agencies disagreeing with no single side raising the point.
export const DISPUTING_AGENCIES = ['DEA', 'HSI', 'both'] as const;
export type DisputingAgency = (typeof DISPUTING_AGENCIES)[number];
export const DISPUTING_AGENCY_LABELS: Record<DisputingAgency, string> = { DEA: 'DEA', HSI: 'HSI', both: 'Both agencies' };

// A completion, or a waiver or exemption (a completion of its own kind, with a required reason).
export const COMPLETION_KINDS = ['completion', 'waiver'] as const;
export type CompletionKind = (typeof COMPLETION_KINDS)[number];
export const COMPLETION_KIND_LABELS: Record<CompletionKind, string> = { completion: 'Completed', waiver: 'Waived or exempted' };
export const COMPLETION_SOURCES = ['manual', 'import'] as const;
export type CompletionSource = (typeof COMPLETION_SOURCES)[number];
export const COMPLETION_SOURCE_LABELS: Record<CompletionSource, string> = { manual: 'Recorded by hand', import: 'Imported from the LMS' };

// Where one person stands on one module (lib/training/person-status.ts decides).
export const PERSON_STATUSES = ['not_yet_available', 'not_started', 'due', 'overdue', 'completed', 'expiring_soon', 'waived'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];
export const PERSON_STATUS_LABELS: Record<PersonStatus, string> = {
  not_yet_available: 'Not yet available',
  not_started: 'Not started',
  due: 'Due',
  overdue: 'Overdue',
  completed: 'Completed',
  expiring_soon: 'Expiring soon',
  waived: 'Waived',
};
/** Statuses in which the person still owes the module. */
export const OWING_STATUSES: readonly PersonStatus[] = ['not_started', 'due', 'overdue'];
