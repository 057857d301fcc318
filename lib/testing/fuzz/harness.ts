// The checks every fuzz property makes: a use case either returns or throws one of our typed errors
// (anything else becomes a 500), the error is safe to show (no stack trace, field errors of the shape
// forms expect), and a refusal leaves the database exactly as it was.
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import type { Db } from '@/db/client';
import { AppError, HTTP_STATUS, type ErrorCode } from '@/lib/errors';

/** Codes a refusal of user input may carry. 'unauthenticated' is the route layer's, never a use case's. */
export const REFUSAL_CODES: readonly ErrorCode[] = ['invalid', 'forbidden', 'not_found', 'conflict'];

/** Scales every property's runs, e.g. FUZZ_SCALE=10 for a long local soak. */
export function runs(n: number): number {
  const scale = Number(process.env.FUZZ_SCALE ?? 1);
  return Math.max(1, Math.round(n * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

/** The tables of the file (migrations' own bookkeeping aside). */
export function tableNames(db: Db): string[] {
  return (
    db.$client
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name")
      .all() as { name: string }[]
  ).map((r) => r.name);
}

/** Rows per table. */
export function rowCounts(db: Db): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of tableNames(db)) {
    counts[name] = (db.$client.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n;
  }
  return counts;
}

/** A hash of every row of every table (and the autoincrement counters): equal means unchanged. */
export function fingerprint(db: Db): string {
  const hash = createHash('sha1');
  for (const name of [...tableNames(db), 'sqlite_sequence']) {
    const rows = db.$client.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).raw(true).all();
    hash.update(name);
    hash.update(JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)));
  }
  return hash.digest('hex');
}

let depth = 0;
/**
 * Runs `fn` inside a transaction (or, nested, a savepoint) that is always rolled back, so each fuzz
 * run starts from the seeded state. Use cases' own transactions nest inside it: better-sqlite3 turns a
 * transaction begun while one is open into a savepoint (and ignores IMMEDIATE), and a throw rolls back
 * to that savepoint. Rolling back the outer transaction rather than committing it keeps each run off
 * the disk (the connection is synchronous=FULL).
 */
export function inRollback<T>(db: Db, fn: () => T): T {
  const name = `fuzz_run_${depth}`;
  const isOuter = !db.$client.inTransaction;
  db.$client.exec(isOuter ? 'BEGIN' : `SAVEPOINT ${name}`);
  depth += 1;
  try {
    return fn();
  } finally {
    depth -= 1;
    if (isOuter) {
      db.$client.exec('ROLLBACK');
    } else {
      db.$client.exec(`ROLLBACK TO ${name}`);
      db.$client.exec(`RELEASE ${name}`);
    }
  }
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: AppError };

/** Thrown by a property when a use case fails in a way that would reach the user as a 500. */
export class FuzzFinding extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FuzzFinding';
  }
}

const STACK_LIKE = [/\n\s+at\s/, /\(\/[^)]*:\d+:\d+\)/, /node_modules/, /SqliteError/, /SQLITE_[A-Z]/, /TypeError|RangeError|ReferenceError/];

/** What a route or form would show for this error must be a short, plain message and field messages. */
export function assertSafeRefusal(error: AppError, codes: readonly ErrorCode[] = REFUSAL_CODES): void {
  if (!codes.includes(error.code)) throw new FuzzFinding(`Unexpected error code ${error.code}: ${error.message}`, { cause: error });
  if (!(error.code in HTTP_STATUS)) throw new FuzzFinding(`No HTTP status for ${error.code}`);
  if (typeof error.message !== 'string' || error.message.trim() === '') throw new FuzzFinding('An AppError with no message', { cause: error });
  const fieldErrors = error.fieldErrors as unknown;
  if (typeof fieldErrors !== 'object' || fieldErrors === null || Array.isArray(fieldErrors)) {
    throw new FuzzFinding(`fieldErrors is not an object: ${String(fieldErrors)}`, { cause: error });
  }
  for (const [field, messages] of Object.entries(fieldErrors)) {
    if (!Array.isArray(messages) || messages.length === 0 || !messages.every((m) => typeof m === 'string' && m.trim() !== '')) {
      throw new FuzzFinding(`fieldErrors[${field}] is not a list of messages`, { cause: error });
    }
  }
  // The JSON a route answers with (lib/web/route-handler.ts jsonError).
  const body = JSON.stringify({ error: error.message, fieldErrors: error.fieldErrors });
  for (const pattern of STACK_LIKE) {
    if (pattern.test(body)) throw new FuzzFinding(`The response would leak internals (${pattern}): ${body.slice(0, 500)}`, { cause: error });
  }
}

/** Runs `fn`: a value, or a safe refusal. Any other throw is a finding (it would be a 500). */
export function attempt<T>(fn: () => T, codes: readonly ErrorCode[] = REFUSAL_CODES): Outcome<T> {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    if (error instanceof FuzzFinding) throw error;
    if (!(error instanceof AppError)) {
      const name = error instanceof Error ? `${error.name}${(error as { code?: unknown }).code ? ` ${(error as { code?: unknown }).code}` : ''}` : typeof error;
      const message = error instanceof Error ? error.message : String(error);
      throw new FuzzFinding(`Not an AppError, so the user would get a 500: ${name}: ${message}`, { cause: error });
    }
    assertSafeRefusal(error, codes);
    return { ok: false, error };
  }
}

const totalChanges = (db: Db) => (db.$client.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

// The fingerprint of the committed database, reused while nothing has been committed: every write
// (committed or rolled back) bumps total_changes(), and every fuzz run is rolled back, so a count
// equal to the one after the last rollback means the committed state is the one fingerprinted.
let baseline: { db: Db; changes: number; fingerprint: string } | null = null;

/**
 * `attempt`, and when `fn` is refused the database must be exactly as before (no partial write).
 * Runs inside a rolled-back transaction, so the seeded state is kept for the next run either way.
 */
export function attemptAtomically<T>(db: Db, fn: () => T, codes: readonly ErrorCode[] = REFUSAL_CODES): Outcome<T> {
  const isOuter = !db.$client.inTransaction;
  let before: string;
  if (isOuter) {
    const changes = totalChanges(db);
    if (!baseline || baseline.db !== db || baseline.changes !== changes) baseline = { db, changes, fingerprint: fingerprint(db) };
    before = baseline.fingerprint;
  } else {
    before = '';
  }
  const outcome = inRollback(db, () => {
    if (!isOuter) before = fingerprint(db);
    const changesBefore = totalChanges(db);
    const result = attempt(fn, codes);
    // No row inserted, updated or deleted (triggers included) means nothing to compare.
    if (!result.ok && totalChanges(db) !== changesBefore) {
      const after = fingerprint(db);
      if (after !== before) throw new FuzzFinding(`Refused (${result.error.code}: ${result.error.message}) but the database changed`);
    }
    return result;
  });
  if (isOuter && baseline?.db === db) baseline.changes = totalChanges(db);
  return outcome;
}

/** Counts a property's outcomes, so a test can insist that the fuzz reached past the first check. */
export class Tally {
  ok = 0;
  readonly refused: Partial<Record<ErrorCode, number>> = {};
  readonly messages = new Map<string, number>();

  record<T>(outcome: Outcome<T>): Outcome<T> {
    if (outcome.ok) this.ok += 1;
    else {
      this.refused[outcome.error.code] = (this.refused[outcome.error.code] ?? 0) + 1;
      this.messages.set(outcome.error.message.slice(0, 60), (this.messages.get(outcome.error.message.slice(0, 60)) ?? 0) + 1);
    }
    return outcome;
  }

  get total(): number {
    return this.ok + Object.values(this.refused).reduce((a, b) => a + (b ?? 0), 0);
  }

  toString(): string {
    return `${this.ok} ok, refused ${JSON.stringify(this.refused)}`;
  }
}

/**
 * The fuzz must get past validation often enough to exercise the writes (at least `minOkShare` of the
 * runs succeed), and be refused too (at least 2%). The most common refusals are logged, to show what
 * held the fuzz back when the first share is low.
 */
export function expectReached(tally: Tally, what: string, minOkShare: number): void {
  const common = [...tally.messages].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([m, n]) => `${n}× ${m}`).join(' | ');
  console.info(`${what}: ${tally}; most common refusals: ${common}`);
  expect(tally.ok, `${what}: ${tally}`).toBeGreaterThan(tally.total * minOkShare);
  expect(tally.total - tally.ok, `${what}: ${tally}`).toBeGreaterThan(tally.total * 0.02);
}
