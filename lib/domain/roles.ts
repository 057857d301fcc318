export const ROLES = ['supervisor', 'hsi_hq', 'dea_hq', 'dea_division', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  supervisor: 'HSI field supervisor',
  hsi_hq: 'HSI HQ reviewer',
  dea_hq: 'DEA HQ coordinator',
  dea_division: 'DEA division coordinator',
  auditor: 'Auditor (read-only)',
  admin: 'Administrator',
};

// Which kind of office a role's user must belong to; roles not listed belong to no office.
export const ROLE_OFFICE_KIND: Partial<Record<Role, 'field_office' | 'division'>> = {
  supervisor: 'field_office',
  dea_division: 'division',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
