// Permissions as data: what each role may do beyond moving requests (that is the transition table's
// job, lib/workflow/transitions.ts). Unknown roles get nothing.
import type { Role } from '@/lib/domain/roles';
import { forbidden } from '@/lib/errors';
import type { Actor } from './actor';

export const PERMISSIONS = [
  'request:create',
  'request:edit',
  'request:read',
  'agent:read',
  'user:manage',
  'office:manage',
  // The timeliness dashboard, its CSV downloads and reports (read-only; scoped like requests).
  'timeliness:read',
  'goals:manage',
  // Training modules and their disputes: everyone reads; administrators manage modules; the
  // headquarters of either agency and administrators record disputes.
  'training:read',
  'training:manage',
  'dispute:manage',
  // Recording completions, waivers and LMS imports: the two headquarters and administrators.
  'training:record',
  // The audit trail: read and exported by auditors and administrators only.
  'audit:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  supervisor: ['request:create', 'request:edit', 'request:read', 'agent:read', 'training:read'],
  hsi_hq: ['request:read', 'agent:read', 'timeliness:read', 'training:read', 'dispute:manage', 'training:record'],
  dea_hq: ['request:read', 'agent:read', 'timeliness:read', 'training:read', 'dispute:manage', 'training:record'],
  dea_division: ['request:read', 'agent:read', 'timeliness:read', 'training:read'],
  auditor: ['request:read', 'agent:read', 'timeliness:read', 'training:read', 'audit:read'],
  admin: ['request:read', 'agent:read', 'user:manage', 'office:manage', 'timeliness:read', 'goals:manage', 'training:read', 'training:manage', 'dispute:manage', 'training:record', 'audit:read'],
};

export function can(actor: Actor, permission: Permission): boolean {
  if (actor.kind === 'system') return true;
  return ROLE_PERMISSIONS[actor.role]?.includes(permission) ?? false;
}

export function assertCan(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw forbidden();
}
