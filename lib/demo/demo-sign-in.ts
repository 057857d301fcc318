// What the demo sign-in page shows beside each demo account: a one-time code it can use now. Only
// called when the database is a demo one (app/sign-in/page.tsx checks).
import { inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';
import { demoCodeNow } from './demo-mfa';
import { DEMO_ACCOUNTS, isDemoDatabase } from './seed-demo';

export function demoCodes(db: Db, now = Date.now()): Map<string, string | null> {
  if (!isDemoDatabase(db)) return new Map();
  const rows = db.select({ email: users.email, lastStep: users.totpLastStep }).from(users).where(inArray(users.email, DEMO_ACCOUNTS.map((a) => a.email))).all();
  return new Map(rows.map((r) => [r.email, demoCodeNow(r.email, r.lastStep, now)]));
}
