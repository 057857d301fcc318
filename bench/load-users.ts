// The people of the mixed load: distinct accounts, because a one-time code works once per 30-second
// step per account, so one account cannot be signed in fifty times quickly (and fifty sessions of one
// person would not be fifty people). They are created in the load's copy of the database through the
// administrators' own code (createUser, as `t21 create-user` does), then given a demo authenticator
// the way seedDemoAccounts gives one to the demo sign-ins, so bench/session.ts can compute their codes.
// Their password is the demo one: the copy is a demo database, and it is deleted after the run.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { offices, requests, users } from '@/db/schema';
import { createUser } from '@/lib/admin/manage-users';
import { SYSTEM_ACTOR } from '@/lib/auth/actor';
import { demoTotpSecret } from '@/lib/demo/demo-mfa';
import { DEMO_PASSWORD } from '@/lib/demo/seed-demo';

export type LoadRole = 'supervisor' | 'hsi_hq' | 'dea_hq' | 'dea_division' | 'auditor';

export interface LoadUser {
  /** 0-based; also the user's connection in the load. */
  index: number;
  id: number;
  email: string;
  name: string;
  role: LoadRole;
  officeId: number | null;
  officeCode: string | null;
}

// Out of every 25 people at work: mostly field supervisors, who propose and follow their office's
// agents; then the headquarters reviewers of both agencies, division coordinators and auditors.
const SHARES_PER_25: [LoadRole, number][] = [
  ['supervisor', 15],
  ['hsi_hq', 3],
  ['dea_hq', 2],
  ['dea_division', 2],
  ['auditor', 3],
];
// Supervisors are spread over this many field offices (the busiest), several per office.
const SUPERVISOR_OFFICES = 10;

/** How many of each role for `count` people; supervisors take the rounding. */
export function rolePlan(count: number): Record<LoadRole, number> {
  const plan = Object.fromEntries(SHARES_PER_25.map(([role, share]) => [role, Math.round((count * share) / 25)])) as Record<LoadRole, number>;
  const others = plan.hsi_hq + plan.dea_hq + plan.dea_division + plan.auditor;
  plan.supervisor = Math.max(0, count - others);
  return plan;
}

/** The busiest offices of a kind, by requests they raised (field offices) or were routed (divisions). */
function busiestOffices(db: Db, kind: 'field_office' | 'division', limit: number): { id: number; code: string; name: string }[] {
  const column = kind === 'field_office' ? requests.hsiOfficeId : requests.routedDivisionId;
  return db
    .select({ id: offices.id, code: offices.code, name: offices.name })
    .from(offices)
    .leftJoin(requests, eq(column, offices.id))
    .where(and(eq(offices.kind, kind), eq(offices.isActive, true)))
    .groupBy(offices.id)
    .orderBy(desc(sql`count(${requests.id})`), offices.code)
    .limit(limit)
    .all();
}

const ROLE_TITLES: Record<LoadRole, string> = {
  supervisor: 'Field supervisor',
  hsi_hq: 'HSI HQ reviewer',
  dea_hq: 'DEA HQ coordinator',
  dea_division: 'Division coordinator',
  auditor: 'Auditor',
};

/** Creates `count` signed-in-able accounts in `db` (the load's copy) and returns them, roles interleaved. */
export function createLoadUsers(db: Db, count: number, now = Date.now()): LoadUser[] {
  const plan = rolePlan(count);
  const fieldOffices = busiestOffices(db, 'field_office', SUPERVISOR_OFFICES);
  const divisions = busiestOffices(db, 'division', Math.max(1, plan.dea_division));
  if (fieldOffices.length === 0 || divisions.length === 0) throw new Error('The database has no field offices or DEA divisions to give the load users.');

  const people: Omit<LoadUser, 'index'>[] = [];
  for (const [role] of SHARES_PER_25) {
    for (let n = 0; n < plan[role]; n += 1) {
      const office = role === 'supervisor' ? fieldOffices[n % fieldOffices.length]! : role === 'dea_division' ? divisions[n % divisions.length]! : null;
      const email = `load.${role.replace('_', '-')}.${n + 1}${office ? `.${office.code}` : ''}@demo.example`;
      const name = `${ROLE_TITLES[role]} ${n + 1}${office ? `, ${office.name}` : ''} (load)`;
      const { id } = createUser(db, SYSTEM_ACTOR, { email, name, role, officeId: office?.id ?? null, password: DEMO_PASSWORD });
      db.update(users).set({ totpSecret: demoTotpSecret(email), mfaEnrolledAt: now }).where(eq(users.id, id)).run();
      people.push({ id, email, name, role, officeId: office?.id ?? null, officeCode: office?.code ?? null });
    }
  }
  // Interleave the roles over the connections, so that a shorter run or a partial failure still
  // touches every role rather than only the supervisors created first.
  const byRole = SHARES_PER_25.map(([role]) => people.filter((p) => p.role === role));
  const ordered: Omit<LoadUser, 'index'>[] = [];
  while (ordered.length < people.length) for (const list of byRole) if (list.length > 0) ordered.push(list.shift()!);
  return ordered.map((p, index) => ({ ...p, index }));
}
