// The fuzz harness itself: it must catch what it claims to catch (a non-AppError, a partial write, a
// leaking message), leave the database as it found it after every run, and let use cases' own
// IMMEDIATE transactions nest inside its rollback.
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offices } from '@/db/schema';
import { AppError, conflict, invalid } from '@/lib/errors';
import { createTestDb, makeUser, officeId, type TestDb } from '@/lib/testing/test-db';
import { attempt, attemptAtomically, fingerprint, FuzzFinding, inRollback, rowCounts, runs } from './harness';

let t: TestDb;

beforeAll(() => {
  t = createTestDb();
  makeUser(t.db, 'admin');
});
afterAll(() => t.close());

const renameOffice = (name: string) => t.db.update(offices).set({ name }).where(eq(offices.code, 'hsi-el-paso')).run();

describe('attempt', () => {
  it('passes values and safe refusals through', () => {
    expect(attempt(() => 42)).toEqual({ ok: true, value: 42 });
    const outcome = attempt(() => {
      throw invalid('Check the highlighted fields.', { name: ['Enter the name.'] });
    });
    expect(outcome.ok).toBe(false);
  });

  it('reports anything but an AppError as a finding (it would be a 500)', () => {
    expect(() => attempt(() => (null as unknown as { x: number }).x)).toThrow(FuzzFinding);
    expect(() =>
      attempt(() => {
        throw new RangeError('Invalid time value');
      }),
    ).toThrow(/Not an AppError/);
    expect(() => attempt(() => t.db.$client.exec('INSERT INTO offices (code) VALUES (NULL)'))).toThrow(/SqliteError/);
  });

  it('reports refusals that would leak internals or break the form', () => {
    expect(() =>
      attempt(() => {
        throw new AppError('invalid', 'Error: boom\n    at foo (/app/lib/x.ts:1:2)');
      }),
    ).toThrow(/leak/);
    expect(() =>
      attempt(() => {
        throw new AppError('invalid', 'x', { name: [] });
      }),
    ).toThrow(/fieldErrors/);
    expect(() =>
      attempt(() => {
        throw new AppError('unauthenticated', 'Sign in first.');
      }),
    ).toThrow(/Unexpected error code/);
  });
});

describe('attemptAtomically', () => {
  it('reports a refusal that left a write behind', () => {
    // Written outside any transaction of its own, then refused: the partial write the issue forbids.
    expect(() =>
      attemptAtomically(t.db, () => {
        renameOffice('Half written');
        throw conflict('Someone else moved it.');
      }),
    ).toThrow(/database changed/);
  });

  it('accepts a refusal whose transaction rolled back, inside its own rollback', () => {
    const before = fingerprint(t.db);
    const outcome = attemptAtomically(t.db, () =>
      t.db.transaction(
        (tx) => {
          tx.update(offices).set({ name: 'Rolled back' }).where(eq(offices.code, 'hsi-el-paso')).run();
          throw invalid('No.');
        },
        { behavior: 'immediate' },
      ),
    );
    expect(outcome.ok).toBe(false);
    expect(fingerprint(t.db)).toBe(before);
  });

  it('rolls back successful runs too, so every run starts from the same state', () => {
    const before = { fingerprint: fingerprint(t.db), counts: rowCounts(t.db) };
    fc.assert(
      fc.property(fc.string(), fc.boolean(), (name, refuse) => {
        attemptAtomically(t.db, () =>
          t.db.transaction(
            (tx) => {
              tx.update(offices).set({ name }).where(eq(offices.code, 'hsi-el-paso')).run();
              makeUser(tx as unknown as typeof t.db, 'auditor');
              if (refuse) throw invalid('Refused.');
              return tx.select().from(offices).where(eq(offices.id, officeId(tx as unknown as typeof t.db, 'hsi-el-paso'))).get();
            },
            { behavior: 'immediate' },
          ),
        );
      }),
      { numRuns: runs(200) },
    );
    expect({ fingerprint: fingerprint(t.db), counts: rowCounts(t.db) }).toEqual(before);
  });

  it('notices a commit between runs (the fingerprint it compares with is not stale)', () => {
    attemptAtomically(t.db, () => 1);
    renameOffice('Committed between runs');
    try {
      // Compared with the state before the commit, this rolled-back write would look like a change.
      const outcome = attemptAtomically(t.db, () =>
        t.db.transaction(
          (tx) => {
            tx.update(offices).set({ name: 'Rolled back' }).where(eq(offices.code, 'hsi-el-paso')).run();
            throw invalid('No.');
          },
          { behavior: 'immediate' },
        ),
      );
      expect(outcome.ok).toBe(false);
    } finally {
      renameOffice('HSI El Paso');
    }
  });

  it('nests: a use case inside a rollback inside a rollback', () => {
    const before = fingerprint(t.db);
    inRollback(t.db, () => {
      renameOffice('Outer');
      const outcome = attemptAtomically(t.db, () =>
        t.db.transaction(
          (tx) => {
            tx.update(offices).set({ name: 'Inner' }).where(eq(offices.code, 'hsi-el-paso')).run();
            throw invalid('No.');
          },
          { behavior: 'immediate' },
        ),
      );
      expect(outcome.ok).toBe(false);
    });
    expect(fingerprint(t.db)).toBe(before);
    expect(() =>
      inRollback(t.db, () =>
        attemptAtomically(t.db, () => {
          renameOffice('Inner, left behind');
          throw invalid('No.');
        }),
      ),
    ).toThrow(/database changed/);
    expect(fingerprint(t.db)).toBe(before);
  });
});
