// What `npm start` does to the database before serving: demo history only on an empty database, and
// `seeded` true only on the start that generated it (start prints how long the generation took).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasAnyRequests, isDemoDatabase, seedDemoHistory } from '@/lib/demo/seed-demo';
import { createTestDb, makeUser, type TestDb } from '@/lib/testing/test-db';
import { prepareDatabase } from './prepare-database';

let t: TestDb;
beforeEach(() => {
  t = createTestDb();
});
afterEach(() => t.close());

const SMALL_DEMO = { years: 1, perYear: 20, seed: 7, now: Date.UTC(2026, 1, 10, 15) };

describe('prepareDatabase', () => {
  it('generates demo history on an empty database, and says so only that once', () => {
    expect(prepareDatabase(t.db, { seedDemo: true, demo: SMALL_DEMO })).toEqual({ seeded: true });
    expect(hasAnyRequests(t.db)).toBe(true);
    expect(prepareDatabase(t.db, { seedDemo: true, demo: SMALL_DEMO })).toEqual({ seeded: false });
  });

  it('leaves an empty database empty when told not to seed', () => {
    expect(prepareDatabase(t.db, { seedDemo: false, demo: SMALL_DEMO })).toEqual({ seeded: false });
    expect(hasAnyRequests(t.db)).toBe(false);
  });

  it('never puts demo accounts into a database that already has a real user', () => {
    makeUser(t.db, 'admin');
    const usersBefore = t.db.$client.prepare('SELECT count(*) AS n FROM users').get();
    expect(prepareDatabase(t.db, { seedDemo: true, demo: SMALL_DEMO })).toEqual({ seeded: false });
    expect(() => seedDemoHistory(t.db, SMALL_DEMO)).toThrow(/demo data goes only into an empty or demo database/);
    expect(t.db.$client.prepare('SELECT count(*) AS n FROM users').get()).toEqual(usersBefore);
    expect(hasAnyRequests(t.db)).toBe(false);
    expect(isDemoDatabase(t.db)).toBe(false);
  });
});
