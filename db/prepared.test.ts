import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { appMeta } from '@/db/schema';
import { createTestDb, type TestDb } from '@/lib/testing/test-db';
import { preparedQuery } from './prepared';

const opened: TestDb[] = [];
afterEach(() => opened.splice(0).forEach((t) => t.close()));

function open(): TestDb {
  const t = createTestDb();
  opened.push(t);
  return t;
}

const readMeta = (db: Parameters<typeof preparedQuery>[0], key: string) =>
  preparedQuery(db, 'test.readMeta', (d) =>
    d.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, sql.placeholder('key'))).prepare(),
  ).get({ key })?.value;

describe('preparedQuery', () => {
  it('builds a query once per connection and reuses it, inside transactions too', () => {
    const { db } = open();
    let builds = 0;
    const build = (d: Parameters<typeof preparedQuery>[0]) => {
      builds += 1;
      return d.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, sql.placeholder('key'))).prepare();
    };
    const first = preparedQuery(db, 'test.counted', build);
    const again = preparedQuery(db, 'test.counted', build);
    const inTransaction = db.transaction((tx) => preparedQuery(tx, 'test.counted', build));
    expect(builds).toBe(1);
    expect(again).toBe(first);
    expect(inTransaction).toBe(first);
  });

  it('runs on the connection it is given: another database gets its own query and its own rows', () => {
    const a = open();
    const b = open();
    a.db.insert(appMeta).values({ key: 'probe', value: 'from a' }).run();
    b.db.insert(appMeta).values({ key: 'probe', value: 'from b' }).run();
    expect(readMeta(a.db, 'probe')).toBe('from a');
    expect(readMeta(b.db, 'probe')).toBe('from b');
  });

  it('sees the rows its transaction wrote, and not after a rollback', () => {
    const { db } = open();
    expect(() =>
      db.transaction((tx) => {
        tx.insert(appMeta).values({ key: 'pending', value: 'written' }).run();
        expect(readMeta(tx, 'pending')).toBe('written');
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect(readMeta(db, 'pending')).toBeUndefined();
  });
});
