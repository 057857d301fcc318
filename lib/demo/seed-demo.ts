// Demo data: the sign-ins printed at start (clearly labelled demo accounts) and a realistic,
// deterministic history generated through the same writer as live work (insertRequest and
// applyTransition), so every demo number is derived from events exactly like real ones.
// The same seed always produces the same history for the same `now`.
import { recordAudit } from '@/lib/audit/audit-log';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { appMeta, offices, requests, users } from '@/db/schema';
import type { UserActor } from '@/lib/auth/actor';
import { invalid } from '@/lib/errors';
import { SYSTEM_ACTOR } from '@/lib/auth/actor';
import { hashPassword } from '@/lib/auth/password';
import type { Role } from '@/lib/domain/roles';
import type { ReviewStage } from '@/lib/domain/workflow-states';
import { calendarDate, fiscalYear } from '@/lib/calendar/dates';
import { insertRequest, nextRef } from '@/lib/requests/create-requests';
import { applyTransition, type DbOrTx } from '@/lib/workflow/transition-request';
import { agents, designations } from '@/db/schema';
import { createRandom, type Random } from './random';
import { seedDemoTraining } from './seed-demo-training';
import { demoTotpSecret } from './demo-mfa';
import { DEMO_FIRST_NAMES, DEMO_LAST_NAMES } from './names';

// Demo data only: these accounts exist solely in a demo database. Never reuse this password.
export const DEMO_PASSWORD = 'T21-demo-only-2026';

export interface DemoAccount {
  email: string;
  name: string;
  role: Role;
  officeCode?: string;
  purpose: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'supervisor.elpaso@demo.example', name: 'Maria Alvarez', role: 'supervisor', officeCode: 'hsi-el-paso', purpose: 'HSI El Paso field supervisor: proposes agents' },
  { email: 'supervisor.houston@demo.example', name: 'Daniel Okafor', role: 'supervisor', officeCode: 'hsi-houston', purpose: 'HSI Houston field supervisor' },
  { email: 'hsi.hq@demo.example', name: 'Priya Raman', role: 'hsi_hq', purpose: 'HSI HQ reviewer: endorses' },
  { email: 'dea.hq@demo.example', name: 'Thomas Becker', role: 'dea_hq', purpose: 'DEA HQ coordinator: reviews, routes, decides' },
  { email: 'division.elpaso@demo.example', name: 'Rosa Delgado', role: 'dea_division', officeCode: 'dea-el-paso', purpose: 'DEA El Paso Division coordinator: concurs' },
  { email: 'auditor@demo.example', name: 'Alan Whitfield', role: 'auditor', purpose: 'Auditor: reads everything, changes nothing' },
  { email: 'admin@demo.example', name: 'Grace Liu', role: 'admin', purpose: 'Administrator: users and offices' },
];

export interface SeedDemoOptions {
  /** History covers this many whole fiscal years before the current one, and the current one so far. */
  years: number;
  /** Initial requests per year (renewals come on top). */
  perYear: number;
  now?: number;
  seed?: number;
}

// About 4,000 requests a year with renewals: the scale DEA reported for FY2019–FY2023.
export const FULL_DEMO: SeedDemoOptions = { years: 5, perYear: 2000 };

export function isDemoDatabase(db: Db): boolean {
  return db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, 'demo')).get()?.value === 'true';
}

/**
 * Demo data goes only into a database that is empty (no users, no requests) or already a demo one:
 * demo accounts share a published password and must never appear in a real installation.
 */
export function mayHoldDemoData(db: Db): boolean {
  if (isDemoDatabase(db)) return true;
  const hasUsers = db.select({ id: users.id }).from(users).limit(1).get() !== undefined;
  return !hasUsers && !hasAnyRequests(db);
}

export function hasAnyRequests(db: Db): boolean {
  return db.select({ id: requests.id }).from(requests).limit(1).get() !== undefined;
}

function officeIdByCode(db: DbOrTx): Map<string, { id: number; name: string; kind: string }> {
  return new Map(db.select({ code: offices.code, id: offices.id, name: offices.name, kind: offices.kind }).from(offices).all().map((o) => [o.code, o]));
}

/** Creates the demo sign-ins (skipping any that exist) and returns them as actors. */
export function seedDemoAccounts(db: Db, now = Date.now()): UserActor[] {
  db.insert(appMeta).values({ key: 'demo', value: 'true' }).onConflictDoUpdate({ target: appMeta.key, set: { value: 'true' } }).run();
  const byCode = officeIdByCode(db);
  const passwordHash = hashPassword(DEMO_PASSWORD);
  return DEMO_ACCOUNTS.map((account) => {
    const officeId = account.officeCode ? (byCode.get(account.officeCode)?.id ?? null) : null;
    const existing = db.select().from(users).where(eq(users.email, account.email)).get();
    if (existing && existing.totpSecret === null) {
      db.update(users).set({ totpSecret: demoTotpSecret(account.email), mfaEnrolledAt: now }).where(eq(users.id, existing.id)).run();
    }
    const row =
      existing ??
      db
        .insert(users)
        .values({ email: account.email, name: account.name, passwordHash, role: account.role, officeId, totpSecret: demoTotpSecret(account.email), mfaEnrolledAt: now, createdAt: now, updatedAt: now })
        .returning()
        .get();
    return { kind: 'user' as const, id: row.id, name: row.name, email: row.email, role: row.role, officeId: row.officeId };
  });
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// Typical business days per stage before a decision; offices and divisions are faster or slower.
const STAGE_BASE_DAYS: Record<ReviewStage, number> = { hsi_review: 3, dea_hq_review: 7, division_review: 7, dea_decision: 3 };

/** Moves forward by `days` working days (weekends skipped), landing in working hours Eastern. */
function addWorkingTime(at: number, days: number, random: Random): number {
  let t = at;
  let remaining = days;
  while (remaining >= 1) {
    t += DAY;
    const weekday = new Date(t - 5 * HOUR).getUTCDay();
    if (weekday !== 0 && weekday !== 6) remaining -= 1;
  }
  t += remaining * 8 * HOUR;
  // Land on a weekday between 09:00 and 17:00 Eastern (14:00–22:00 UTC, close enough all year).
  const local = new Date(t - 5 * HOUR);
  while (local.getUTCDay() === 0 || local.getUTCDay() === 6) local.setUTCDate(local.getUTCDate() + 1);
  local.setUTCHours(9 + random.int(0, 7), random.int(0, 59), random.int(0, 59), random.int(0, 999));
  // A random hour can fall before `at` on the same day: each step must come after the last.
  return Math.max(local.getTime() + 5 * HOUR, at + random.int(5, 90) * 60_000);
}

/** Backlogs: slower in the autumn rush after the fiscal year starts and in the summer leave season. */
function seasonalFactor(at: number): number {
  const month = new Date(at).getUTCMonth() + 1;
  if (month === 10 || month === 11 || month === 12) return 1.5;
  if (month === 7 || month === 8) return 1.3;
  return 1;
}

interface Cast {
  supervisors: Map<number, UserActor>;
  divisionCoordinators: Map<number, UserActor>;
  hsiHq: UserActor[];
  deaHq: UserActor[];
}

/** People who acted in the demo history: the demo sign-ins plus one placeholder per office. */
function castOf(tx: DbOrTx, accounts: UserActor[], now: number): Cast {
  const cast: Cast = { supervisors: new Map(), divisionCoordinators: new Map(), hsiHq: [], deaHq: [] };
  for (const a of accounts) {
    if (a.role === 'supervisor' && a.officeId) cast.supervisors.set(a.officeId, a);
    if (a.role === 'dea_division' && a.officeId) cast.divisionCoordinators.set(a.officeId, a);
    if (a.role === 'hsi_hq') cast.hsiHq.push(a);
    if (a.role === 'dea_hq') cast.deaHq.push(a);
  }
  // Placeholder accounts cannot sign in: their password is a random value nobody knows.
  const lockedHash = hashPassword(`${Math.random()}-${now}-placeholder`);
  const make = (email: string, name: string, role: Role, officeId: number | null): UserActor => {
    const row =
      tx.select().from(users).where(eq(users.email, email)).get() ??
      tx.insert(users).values({ email, name, passwordHash: lockedHash, role, officeId, createdAt: now, updatedAt: now }).returning().get();
    return { kind: 'user', id: row.id, name: row.name, email: row.email, role: row.role, officeId: row.officeId };
  };
  for (const office of tx.select().from(offices).all()) {
    if (office.kind === 'field_office' && !cast.supervisors.has(office.id)) {
      cast.supervisors.set(office.id, make(`supervisor.${office.code}@demo.example`, `Supervisor, ${office.name} (demo)`, 'supervisor', office.id));
    }
    if (office.kind === 'division' && !cast.divisionCoordinators.has(office.id)) {
      cast.divisionCoordinators.set(office.id, make(`coordinator.${office.code}@demo.example`, `Coordinator, ${office.name} (demo)`, 'dea_division', office.id));
    }
  }
  cast.hsiHq.push(make('reviewer2.hsi-hq@demo.example', 'Second HSI HQ reviewer (demo)', 'hsi_hq', null));
  cast.deaHq.push(make('coordinator2.dea-hq@demo.example', 'Second DEA HQ coordinator (demo)', 'dea_hq', null));
  return cast;
}

// The DEA division nearest each HSI field office, by city where one shares it.
const NEAREST_DIVISION: Record<string, string> = {
  'hsi-atlanta': 'dea-atlanta', 'hsi-baltimore': 'dea-washington', 'hsi-boston': 'dea-new-england', 'hsi-buffalo': 'dea-new-york',
  'hsi-chicago': 'dea-chicago', 'hsi-dallas': 'dea-dallas', 'hsi-denver': 'dea-rocky-mountain', 'hsi-detroit': 'dea-detroit',
  'hsi-el-paso': 'dea-el-paso', 'hsi-honolulu': 'dea-los-angeles', 'hsi-houston': 'dea-houston', 'hsi-los-angeles': 'dea-los-angeles',
  'hsi-miami': 'dea-miami', 'hsi-new-orleans': 'dea-new-orleans', 'hsi-new-york': 'dea-new-york', 'hsi-newark': 'dea-new-jersey',
  'hsi-philadelphia': 'dea-philadelphia', 'hsi-phoenix': 'dea-phoenix', 'hsi-san-antonio': 'dea-houston', 'hsi-san-diego': 'dea-san-diego',
  'hsi-san-francisco': 'dea-san-francisco', 'hsi-san-juan': 'dea-caribbean', 'hsi-seattle': 'dea-seattle', 'hsi-st-paul': 'dea-omaha',
  'hsi-tampa': 'dea-miami', 'hsi-washington': 'dea-washington',
};

const NEXUS_TEMPLATES = [
  'Investigates methamphetamine and fentanyl smuggled through the {port} port of entry by commercial trucks.',
  'Works a task force on cocaine concealed in maritime cargo arriving at {port}.',
  'Assigned to cases of fentanyl pills carried across the border at {port} by couriers on foot.',
  'Investigates parcels of controlled substances entering through the international mail facility serving {port}.',
  'Targets a smuggling organisation moving marijuana and methamphetamine through tunnels near {port}.',
];

/**
 * Generates history from `years` ago up to `now` in one transaction: agents proposed, reviewed,
 * sometimes returned and resubmitted, rarely denied or withdrawn, approved, renewed, expired or
 * rescinded. Requests whose next step would fall after `now` stay open where they are.
 */
export function seedDemoHistory(db: Db, options: SeedDemoOptions): { requests: number; events: number } {
  if (!mayHoldDemoData(db)) {
    throw invalid('This database already holds real users or requests; demo data goes only into an empty or demo database.');
  }
  const now = options.now ?? Date.now();
  const random = createRandom(options.seed ?? 2021);
  const accounts = seedDemoAccounts(db, now);
  let requestCount = 0;
  let eventCount = 0;

  db.transaction(
    (tx) => {
      const cast = castOf(tx, accounts, now);
      const byCode = officeIdByCode(tx);
      const fieldOffices = [...byCode.entries()].filter(([, o]) => o.kind === 'field_office');
      const divisions = [...byCode.values()].filter((o) => o.kind === 'division');
      // Each office and division has its own pace, fixed by the seed.
      const pace = new Map<number, number>();
      for (const o of byCode.values()) pace.set(o.id, 0.5 + random.next() * 1.3);
      // Border offices propose many more agents than interior ones.
      const weight = (code: string) => (/el-paso|san-diego|houston|san-antonio|phoenix|miami|los-angeles/.test(code) ? 4 : 1);
      const officeTable = fieldOffices.flatMap(([code, o]) => Array.from({ length: weight(code) }, () => ({ code, ...o })));

      // From 1 October, so that each past fiscal year is complete.
      const currentFy = fiscalYear(calendarDate(now, 'America/New_York'));
      const start = Date.parse(`${currentFy - options.years - 1}-10-01T09:00:00-04:00`);
      const initialCount = Math.round(((now - start) / (365 * DAY)) * options.perYear);
      let badgeNumber = 100000;

      const step = (actor: UserActor | typeof SYSTEM_ACTOR, requestId: number, action: Parameters<typeof applyTransition>[2]['action'], at: number, extra: { reason?: string; reasonCategory?: string; divisionId?: number } = {}) => {
        applyTransition(tx, actor, { requestId, action, at, isReplay: true, ...extra });
        eventCount += 1;
      };

      for (let i = 0; i < initialCount; i += 1) {
        const office = random.pick(officeTable);
        const supervisor = cast.supervisors.get(office.id)!;
        const divisionCode = random.next() < 0.8 ? NEAREST_DIVISION[office.code] : undefined;
        const division = (divisionCode && byCode.get(divisionCode)) || random.pick(divisions);
        // Spread over the period; the rejection step thins out quiet months so backlogs show.
        let createdAt = start + random.next() * (now - start);
        while (random.next() > 1 / seasonalFactor(createdAt)) createdAt = start + random.next() * (now - start);
        createdAt = addWorkingTime(createdAt, 0, random);
        if (createdAt >= now) continue;

        badgeNumber += 1 + random.int(0, 3);
        const agentId = tx
          .insert(agents)
          .values({
            badge: `HSI${badgeNumber}`,
            name: `${random.pick(DEMO_FIRST_NAMES)} ${random.pick(DEMO_LAST_NAMES)}`,
            officeId: office.id,
            dutyStation: office.name.replace(/^HSI /, ''),
            createdAt,
            updatedAt: createdAt,
          })
          .returning({ id: agents.id })
          .get().id;

        let kind: 'initial' | 'renewal' = 'initial';
        let renewsDesignationId: number | null = null;
        let at = createdAt;
        // One agent's chain: the initial request, then renewals while the agent keeps the authority.
        for (let link = 0; link < 6 && at < now; link += 1) {
          const nexus = random.pick(NEXUS_TEMPLATES).replace('{port}', office.name.replace(/^HSI /, ''));
          const created = insertRequest(tx, {
            ref: nextRef(tx, at),
            kind,
            agentId,
            hsiOfficeId: office.id,
            deaDivisionId: division.id,
            borderNexus: nexus,
            renewsDesignationId,
            createdByUserId: supervisor.id,
            submissionKey: null,
            actor: supervisor,
            at,
          });
          requestCount += 1;
          eventCount += 1;
          const outcome = simulateRequest(created.id, at);
          if (!outcome) break;
          // Renew about two times in three, some weeks before the end; the rest lapse.
          const designation = tx.select().from(designations).where(eq(designations.requestId, created.id)).get();
          if (!designation || outcome.rescinded || random.next() > 0.65) break;
          const endsAt = Date.parse(`${designation.endsOn}T17:00:00-05:00`);
          at = addWorkingTime(endsAt - random.int(15, 55) * DAY, 0, random);
          kind = 'renewal';
          renewsDesignationId = designation.id;
        }
      }

      /** Walks one request through review; returns null if it ended without a designation or is still open. */
      function simulateRequest(requestId: number, createdAt: number): { rescinded: boolean } | null {
        const request = tx.select().from(requests).where(eq(requests.id, requestId)).get()!;
        const supervisor = cast.supervisors.get(request.hsiOfficeId)!;
        const officePace = pace.get(request.hsiOfficeId) ?? 1;
        const divisionPace = pace.get(request.deaDivisionId) ?? 1;
        let at = addWorkingTime(createdAt, random.next() * 2, random);
        if (at >= now) return null;
        step(supervisor, requestId, 'submit', at);

        const stageDays = (stage: ReviewStage, factor: number) =>
          STAGE_BASE_DAYS[stage] * factor * seasonalFactor(at) * (0.25 + random.exponential(1));

        const stages: { stage: ReviewStage; actor: () => UserActor; factor: number }[] = [
          { stage: 'hsi_review', actor: () => random.pick(cast.hsiHq), factor: 0.8 + officePace * 0.4 },
          { stage: 'dea_hq_review', actor: () => random.pick(cast.deaHq), factor: 1 },
          { stage: 'division_review', actor: () => cast.divisionCoordinators.get(request.deaDivisionId)!, factor: divisionPace },
          { stage: 'dea_decision', actor: () => random.pick(cast.deaHq), factor: 1 },
        ];

        for (let index = 0; index < stages.length; index += 1) {
          const { stage, actor, factor } = stages[index]!;
          // A request may be returned at a stage (more often at the first), fixed, and resubmitted.
          let returns = 0;
          for (;;) {
            at = addWorkingTime(at, stageDays(stage, factor), random);
            if (at >= now) return null;
            const returnChance = stage === 'hsi_review' ? 0.1 : 0.04;
            if (returns < 2 && random.next() < returnChance) {
              step(actor(), requestId, 'return', at, { reason: 'Border nexus justification needs the specific port of entry and case.' });
              returns += 1;
              at = addWorkingTime(at, 1 + random.exponential(2) * officePace, random);
              if (at >= now) return null;
              if (random.next() < 0.05) {
                step(supervisor, requestId, 'withdraw', at, { reason: 'Agent reassigned before the request was completed.' });
                return null;
              }
              step(supervisor, requestId, 'resubmit', at);
              continue;
            }
            break;
          }
          if (stage === 'hsi_review') step(actor(), requestId, 'endorse', at);
          if (stage === 'dea_hq_review') {
            if (random.next() < 0.002) {
              step(actor(), requestId, 'deny', at, { reason: 'No articulable border nexus for the proposed assignment.' });
              return null;
            }
            step(actor(), requestId, 'route', at, { divisionId: request.deaDivisionId });
          }
          if (stage === 'division_review') {
            if (random.next() < 0.03) step(actor(), requestId, 'nonconcur', at, { reason: 'Division has no current operations needing this agent.' });
            else step(actor(), requestId, 'concur', at);
          }
          if (stage === 'dea_decision') {
            if (random.next() < 0.004) {
              step(actor(), requestId, 'deny', at, { reason: 'Division non-concurrence upheld.' });
              return null;
            }
            step(actor(), requestId, 'approve', at);
          }
        }

        // The designation runs until it is rescinded or expires.
        const designation = tx.select().from(designations).where(eq(designations.requestId, requestId)).get()!;
        const endsAt = Date.parse(`${designation.endsOn}T23:59:59-05:00`);
        if (random.next() < 0.015) {
          const rescindAt = addWorkingTime(at, random.int(20, 200), random);
          if (rescindAt < Math.min(now, endsAt)) {
            const category = random.pick(['transfer', 'separation', 'misconduct', 'other'] as const);
            step(random.pick(cast.deaHq), requestId, 'rescind', rescindAt, { reason: `Agent's ${category} reported by the field office.`, reasonCategory: category });
            return { rescinded: true };
          }
        }
        const expireAt = endsAt + 6 * HOUR;
        if (expireAt < now) step(SYSTEM_ACTOR, requestId, 'expire', expireAt);
        return { rescinded: false };
      }
    },
    { behavior: 'immediate' },
  );
  const admin = accounts.find((a) => a.role === 'admin')!;
  const deaHq = accounts.find((a) => a.role === 'dea_hq')!;
  seedDemoTraining(db, { admin, deaHq }, { perYear: options.perYear, now, random });
  db.transaction((tx) => recordAudit(tx, SYSTEM_ACTOR, { action: 'history_imported', objectType: 'demo', details: { demo: true, requests: requestCount, events: eventCount } }), { behavior: 'immediate' });
  return { requests: requestCount, events: eventCount };
}
