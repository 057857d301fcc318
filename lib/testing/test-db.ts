// A real SQLite file per test, migrated and loaded with reference data, plus helpers to make users.
// Integration tests use it instead of any mock of our own database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { migrateDatabase, openDatabase, type Db } from '@/db/client';
import { offices, users } from '@/db/schema';
import type { UserActor } from '@/lib/auth/actor';
import type { Role } from '@/lib/domain/roles';
import { loadReferenceData } from '@/lib/setup/reference-data';

export interface TestDb {
  db: Db;
  file: string;
  close: () => void;
}

export function createTestDb(): TestDb {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 't21-test-'));
  const file = path.join(dir, 't21.db');
  const db = openDatabase(file);
  migrateDatabase(db);
  loadReferenceData(db);
  return {
    db,
    file,
    close: () => {
      db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function officeId(db: Db, code: string): number {
  const row = db.select({ id: offices.id }).from(offices).where(eq(offices.code, code)).get();
  if (!row) throw new Error(`No office ${code} in the reference data`);
  return row.id;
}

// Tests do not sign in, so they skip the deliberately slow password hash.
const TEST_PASSWORD_HASH = 'scrypt$1$1$1$AAAA$AAAA';

let userCounter = 0;
export function makeUser(db: Db, role: Role, officeCode?: string, name?: string): UserActor {
  userCounter += 1;
  const email = `${role}.${userCounter}.${process.pid}@test.example`;
  const now = Date.now();
  const row = db
    .insert(users)
    .values({
      email,
      name: name ?? `${role} ${userCounter}`,
      passwordHash: TEST_PASSWORD_HASH,
      role,
      officeId: officeCode ? officeId(db, officeCode) : null,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
  return { kind: 'user', id: row.id, name: row.name, email: row.email, role: row.role, officeId: row.officeId };
}
