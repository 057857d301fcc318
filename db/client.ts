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
  reusePreparedStatements(sqlite);
  return drizzle(sqlite, { schema }) as Db;
}

const STATEMENT_CACHE_LIMIT = 500;

/**
 * drizzle asks better-sqlite3 to prepare (compile) every query anew, which is most of the cost of a
 * small write; the writer runs the same few statements over and over. Compiled statements are kept
 * per connection, keyed by their SQL. drizzle switches a statement into raw (array) mode when it maps
 * columns itself, so a reused statement is switched back first.
 */
function reusePreparedStatements(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement) {
      if (statement.reader) statement.raw(false);
      return statement;
    }
    statement = prepare(source);
    // Queries with IN lists of varying length make many distinct texts: start afresh past the limit.
    if (cache.size >= STATEMENT_CACHE_LIMIT) cache.clear();
    cache.set(source, statement);
    return statement;
  }) as typeof sqlite.prepare;
}

/**
 * Applies pending migrations. A migration that changes a column SQLite cannot alter rebuilds the table
 * (copy, drop, rename), which foreign keys would refuse while other tables point at it; SQLite's
 * documented procedure is to switch enforcement off around the change (it cannot be switched inside
 * the migration's own transaction) and then check that every reference still holds.
 */
export function migrateDatabase(db: Db): void {
  db.$client.pragma('foreign_keys = OFF');
  try {
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    const broken = db.$client.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
    if (broken.length > 0) {
      const first = broken[0]!;
      throw new Error(`After migrating, ${broken.length} row(s) point at missing records (first: ${first.table} row ${first.rowid} → ${first.parent}).`);
    }
  } finally {
    db.$client.pragma('foreign_keys = ON');
  }
}

// One connection per server process; kept on globalThis so development reloads reuse it.
const globalForDb = globalThis as unknown as { t21Db?: Db };

export function getDb(): Db {
  if (!globalForDb.t21Db) {
    globalForDb.t21Db = openDatabase(databasePath(settings().DATABASE_URL));
  }
  return globalForDb.t21Db;
}
