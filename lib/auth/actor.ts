import type { Role } from '@/lib/domain/roles';

/**
 * Who is acting. A user is always loaded from the database for the request at hand (never trusted
 * from a cookie's claims); the system acts for scheduled jobs and for imported history, under the
 * name given (the actor column of an imported row).
 */
export type UserActor = {
  kind: 'user';
  id: number;
  name: string;
  email: string;
  role: Role;
  officeId: number | null;
  /** Where the request came from (for the audit trail); absent outside a web request. */
  sourceAddress?: string | null;
  /** The server-side session the request belongs to. */
  sessionId?: string | null;
};
export type SystemActor = { kind: 'system'; name: string; isImport?: boolean };
export type Actor = UserActor | SystemActor;

export const SYSTEM_ACTOR: SystemActor = { kind: 'system', name: 'T21 Tracker (scheduled job)' };
