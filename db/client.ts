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
  const isInMemory = file === ':memory:';
  if (!isInMemory) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  try {
    // This build of SQLite (SQLITE_DEFAULT_WAL_SYNCHRONOUS=1) gives a connection to a file already in
    // WAL synchronous=NORMAL unless it sets it: each setting is explicit, and then read back.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma(`busy_timeout = ${REQUIRED_BUSY_TIMEOUT_MS}`);
    sqlite.pragma('foreign_keys = ON');
    // SQLite's default page cache is 2 MB. At twenty years of history the indexes the writer and the
    // dashboard touch are far larger, and a cold page is a read from disk: 64 MB keeps them in memory
    // (a cap, not an allocation; the server's whole budget is 500 MB).
    sqlite.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    // Setting a pragma can fail silently (a file system without the shared memory WAL needs keeps the
    // old journal mode): the tracker refuses to run rather than acknowledge writes it might lose.
    checkDurabilitySettings(sqlite, { isInMemory });
  } catch (error) {
    sqlite.close();
    throw error;
  }
  reusePreparedStatements(sqlite);
  return drizzle(sqlite, { schema }) as Db;
}

const PAGE_CACHE_KIB = 64 * 1024;

/** The least busy timeout a connection may have: a writer queues this long for the lock before failing. */
export const REQUIRED_BUSY_TIMEOUT_MS = 5000;

const SYNCHRONOUS_NAMES: Record<number, string> = { 0: 'OFF', 1: 'NORMAL', 2: 'FULL', 3: 'EXTRA' };

/**
 * Reads back the settings a connection must have for an acknowledged write to be durable and for
 * concurrent writers to queue safely, and throws an Error naming every one that is wrong:
 * journal_mode=wal, synchronous=FULL (2), busy_timeout of at least 5000 ms, foreign_keys on. An
 * in-memory database has no file to journal (its mode is `memory`), so only the other three apply.
 */
export function checkDurabilitySettings(db: Db | Database.Database, options: { isInMemory?: boolean } = {}): void {
  const sqlite = '$client' in db ? db.$client : db;
  const read = (name: string): unknown => sqlite.pragma(name, { simple: true });
  const journalMode = String(read('journal_mode')).toLowerCase();
  const synchronous = Number(read('synchronous'));
  const busyTimeout = Number(read('busy_timeout'));
  const foreignKeys = Number(read('foreign_keys'));

  const wrong: string[] = [];
  const requiredJournalMode = options.isInMemory ? 'memory' : 'wal';
  if (journalMode !== requiredJournalMode) wrong.push(`journal_mode is ${journalMode} (required: ${requiredJournalMode})`);
  if (synchronous !== 2) {
    wrong.push(`synchronous is ${synchronous} (${SYNCHRONOUS_NAMES[synchronous] ?? 'unknown'}) (required: 2 (FULL))`);
  }
  if (!(busyTimeout >= REQUIRED_BUSY_TIMEOUT_MS)) {
    wrong.push(`busy_timeout is ${busyTimeout} ms (required: at least ${REQUIRED_BUSY_TIMEOUT_MS} ms)`);
  }
  if (foreignKeys !== 1) wrong.push(`foreign_keys is ${foreignKeys} (required: 1, enforced)`);
  if (wrong.length > 0) {
    throw new Error(
      `The database connection to ${sqlite.name} lacks the settings that keep acknowledged writes safe: ${wrong.join('; ')}. ` +
        'The tracker will not run without them.',
    );
  }
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
