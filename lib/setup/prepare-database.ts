// What every start does before serving: apply committed migrations, load reference data, and on an
// empty database (unless told not to) generate the demo history.
import type { Db } from '@/db/client';
import { migrateDatabase } from '@/db/client';
import { FULL_DEMO, hasAnyRequests, isDemoDatabase, mayHoldDemoData, seedDemoAccounts, seedDemoHistory, type SeedDemoOptions } from '@/lib/demo/seed-demo';
import { isTimingCacheStale, rebuildTimings } from '@/lib/timeliness/timing-cache';
import { loadReferenceData } from './reference-data';

export const START_DEMO: SeedDemoOptions = FULL_DEMO;

export function prepareDatabase(db: Db, options: { seedDemo: boolean; demo?: SeedDemoOptions }): { seeded: boolean } {
  migrateDatabase(db);
  loadReferenceData(db);
  // Only a brand-new database gets demo history: never one with real users (see mayHoldDemoData).
  const seeded = options.seedDemo && !hasAnyRequests(db) && mayHoldDemoData(db);
  if (seeded) seedDemoHistory(db, options.demo ?? START_DEMO);
  // A demo database from before one-time codes: its demo accounts get their demo authenticators.
  if (isDemoDatabase(db)) seedDemoAccounts(db);
  // Cached times were computed in one calendar zone; a new zone setting recomputes them all.
  if (isTimingCacheStale(db)) rebuildTimings(db);
  return { seeded };
}
