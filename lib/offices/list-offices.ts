// Offices for pick lists and filters. Office names are not sensitive: every signed-in user may read them.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { offices } from '@/db/schema';
import type { OfficeKind } from '@/lib/domain/offices';

export interface OfficeOption {
  id: number;
  code: string;
  name: string;
}

export function listOffices(db: Db, kind: OfficeKind, options: { includeInactive?: boolean } = {}): OfficeOption[] {
  return db
    .select({ id: offices.id, code: offices.code, name: offices.name })
    .from(offices)
    .where(and(eq(offices.kind, kind), options.includeInactive ? undefined : eq(offices.isActive, true)))
    .orderBy(asc(offices.name))
    .all();
}
