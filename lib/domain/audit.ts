// The audit trail's vocabulary. Actions are free text named here so that pages can filter by them.
export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const AUDIT_ACTIONS = [
  'notice_acknowledged',
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'session_ended',
  'account_locked',
  'account_unlocked',
  'mfa_enrolled',
  'password_changed',
  'request_created',
  'request_edited',
  'transition',
  'history_imported',
  'training_imported',
  'roster_imported',
  'completion_recorded',
  'module_changed',
  'dispute_changed',
  'user_changed',
  'office_changed',
  'goal_added',
  'export',
  'accounts_swept',
  'audit_read',
  'audit_exported',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
