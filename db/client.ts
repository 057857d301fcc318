import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { databasePath, settings } from '@/lib/config';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations');

/**
 * Opens the SQLite file with the settings the tracker relies on: WAL so readers never wait for the
 * writer, synchronous=FULL so an acknowledged write survives a power cut, a busy timeout so two
 * writers queue instead of failing, and foreign keys enforced.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return drizzle(sqlite, { schema }) as Db;
}

export function migrateDatabase(db: Db): void {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}

// One connection per server process; kept on globalThis so development reloads reuse it.
const globalForDb = globalThis as unknown as { t21Db?: Db };

export function getDb(): Db {
  if (!globalForDb.t21Db) {
    globalForDb.t21Db = openDatabase(databasePath(settings().DATABASE_URL));
  }
  return globalForDb.t21Db;
}
