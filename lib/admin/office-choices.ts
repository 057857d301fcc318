import type { Db } from '@/db/client';
import { listOffices } from '@/lib/offices/list-offices';

/** Offices a user can belong to: HSI field offices and DEA divisions. */
export function userOfficeChoices(db: Db) {
  return [
    ...listOffices(db, 'field_office').map((o) => ({ ...o, kind: 'field_office' })),
    ...listOffices(db, 'division').map((o) => ({ ...o, kind: 'division' })),
  ];
}
