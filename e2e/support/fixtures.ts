// Shared set-up for the end-to-end specs: sign in through the real sign-in page, and open the same
// SQLite file the server uses, to put requests in a given state (through the same lib/ writer the
// pages use) and to check what the pages wrote.
import fs from 'node:fs';
import path from 'node:path';
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { and, eq } from 'drizzle-orm';
import { openDatabase, type Db } from '@/db/client';
import { offices, trainingModules, users } from '@/db/schema';
import { calendarDate } from '@/lib/calendar/dates';
import { settings } from '@/lib/config';
import { recordCompletion } from '@/lib/training/record-completions';
import type { UserActor } from '@/lib/auth/actor';
import { createRequests } from '@/lib/requests/create-requests';
import type { State } from '@/lib/domain/workflow-states';
import { transitionRequest } from '@/lib/workflow/transition-request';
import { AUTH_STATE_DIR, E2E_DATABASE_FILE } from './environment';
import { totpCode } from '@/lib/auth/totp';
import { demoCodeNow } from '@/lib/demo/demo-mfa';

export const ACCOUNTS = {
  supervisor: 'supervisor.elpaso@demo.example',
  otherSupervisor: 'supervisor.houston@demo.example',
  hsiHq: 'hsi.hq@demo.example',
  deaHq: 'dea.hq@demo.example',
  division: 'division.elpaso@demo.example',
  auditor: 'auditor@demo.example',
  admin: 'admin@demo.example',
} as const;
export type AccountKey = keyof typeof ACCOUNTS;

/**
 * A demo account's page, signed in. Each demo account signs in once, through the real form with its
 * one-time code, in the setup project (auth.setup.ts); tests reuse that session's cookie, since a
 * one-time code cannot be used twice and dozens of sign-ins a minute would wait for fresh codes.
 */
export async function signIn(page: Page, who: AccountKey): Promise<void> {
  const state = JSON.parse(fs.readFileSync(storageStateFile(who), 'utf8')) as { cookies: Parameters<BrowserContext['addCookies']>[0] };
  await page.context().addCookies(state.cookies);
  await page.goto('/inbox');
  await expect(page).toHaveURL(/\/inbox/);
}

export function storageStateFile(who: AccountKey): string {
  return path.join(AUTH_STATE_DIR, `${who}.json`);
}

/**
 * Any account through the real sign-in form: the notice, email, password and a one-time code from
 * `secret` (a demo account's, or the key the enrolment step shows to an account with none yet).
 * Lands on the inbox.
 */
export async function signInAs(page: Page, email: string, password: string, secret?: string): Promise<void> {
  await page.goto('/sign-in');
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('I have read this notice and consent to these terms').check();
  await form.getByLabel('Email address').fill(email);
  await form.getByLabel('Password').fill(password);
  if (secret) {
    await form.getByLabel('One-time code').fill(totpCode(secret));
    await form.getByRole('button', { name: 'Sign in' }).click();
  } else {
    // No authenticator yet: the form shows the key to enrol; its first code completes the sign-in.
    await form.getByRole('button', { name: 'Sign in' }).click();
    const key = (await form.getByTestId('enrolment-key').textContent())!.trim();
    await form.getByLabel('One-time code').fill(totpCode(key));
    await form.getByRole('button', { name: 'Confirm and sign in' }).click();
  }
  await expect(page).toHaveURL(/\/inbox/);
}

let badgeCounter = 0;
/** A badge no other test uses. */
export function uniqueBadge(prefix = 'E2E'): string {
  badgeCounter += 1;
  return `${prefix}${process.pid.toString(36)}${Date.now().toString(36)}${badgeCounter}`.toUpperCase().slice(0, 20);
}

export class Records {
  constructor(readonly db: Db) {}

  actor(who: AccountKey): UserActor {
    const row = this.db.select().from(users).where(eq(users.email, ACCOUNTS[who])).get();
    if (!row) throw new Error(`No demo account ${ACCOUNTS[who]}`);
    return { kind: 'user', id: row.id, name: row.name, email: row.email, role: row.role, officeId: row.officeId };
  }

  /** A one-time code the demo account can use now (one it has not used yet). */
  demoCode(who: AccountKey): string {
    const row = this.db.select({ lastStep: users.totpLastStep }).from(users).where(eq(users.email, ACCOUNTS[who])).get();
    const code = demoCodeNow(ACCOUNTS[who], row?.lastStep ?? null);
    if (!code) throw new Error(`No unused code for ${who} this minute`);
    return code;
  }

  officeId(code: string): number {
    const row = this.db.select({ id: offices.id }).from(offices).where(eq(offices.code, code)).get();
    if (!row) throw new Error(`No office ${code}`);
    return row.id;
  }

  /**
   * A request from the El Paso supervisor, moved along the usual path up to `state`. Its agent has
   * completed every published module required before activation (so approval activates at once)
   * unless `isTrained` is false.
   */
  requestIn(state: State, options: { agentName?: string; supervisor?: 'supervisor' | 'otherSupervisor'; isTrained?: boolean } = {}): { id: number; ref: string; badge: string } {
    const badge = uniqueBadge();
    const supervisor = this.actor(options.supervisor ?? 'supervisor');
    const [created] = createRequests(
      this.db,
      supervisor,
      {
        kind: 'initial',
        deaDivisionId: this.officeId('dea-el-paso'),
        borderNexus: 'Methamphetamine smuggled through the Bridge of the Americas port of entry.',
        agents: [{ name: options.agentName ?? `Agent ${badge}`, badge, dutyStation: 'El Paso, TX' }],
      },
      { submit: state !== 'draft', submissionKey: `e2e-${badge}` },
    );
    const id = created!.id;
    if (options.isTrained !== false) this.completeRequiredTraining(badge);
    const path: [State, () => void][] = [
      ['dea_hq_review', () => transitionRequest(this.db, this.actor('hsiHq'), { requestId: id, action: 'endorse' })],
      ['division_review', () => transitionRequest(this.db, this.actor('deaHq'), { requestId: id, action: 'route', divisionId: this.officeId('dea-el-paso') })],
      ['dea_decision', () => transitionRequest(this.db, this.actor('division'), { requestId: id, action: 'concur' })],
      ['active', () => transitionRequest(this.db, this.actor('deaHq'), { requestId: id, action: 'approve' })],
    ];
    if (state !== 'draft' && state !== 'hsi_review') {
      for (const [reached, move] of path) {
        move();
        if (reached === state) break;
      }
    }
    return { id, ref: created!.ref, badge };
  }

  /** Records a completion, dated today, of every published module required before activation. */
  completeRequiredTraining(badge: string): void {
    const today = calendarDate(Date.now(), settings().T21_TIME_ZONE);
    const required = this.db
      .select({ code: trainingModules.code })
      .from(trainingModules)
      .where(and(eq(trainingModules.status, 'published'), eq(trainingModules.isRequiredBeforeActivation, true)))
      .all();
    for (const { code } of required) recordCompletion(this.db, this.actor('hsiHq'), { badge, moduleCode: code, completedOn: today, kind: 'completion' });
  }

  state(requestId: number): State {
    const row = this.db.$client.prepare('SELECT state FROM requests WHERE id = ?').get(requestId) as { state: State } | undefined;
    if (!row) throw new Error(`No request ${requestId}`);
    return row.state;
  }

  events(requestId: number): { action: string; from_state: string | null; to_state: string; actor_name: string; reason: string | null }[] {
    return this.db.$client
      .prepare('SELECT action, from_state, to_state, actor_name, reason FROM request_events WHERE request_id = ? ORDER BY at, id')
      .all(requestId) as never;
  }

  /** The request's latest event, with the rescind category `events` leaves out. */
  lastEvent(requestId: number): { action: string; from_state: string | null; to_state: string; actor_name: string; reason: string | null; reason_category: string | null } | undefined {
    return this.db.$client
      .prepare('SELECT action, from_state, to_state, actor_name, reason, reason_category FROM request_events WHERE request_id = ? ORDER BY at DESC, id DESC LIMIT 1')
      .get(requestId) as never;
  }

  /** Requests for the agent with this badge (0 when nothing was written for it). */
  requestsForBadge(badge: string): { id: number; ref: string; state: State; hsi_office: string; division: string }[] {
    return this.db.$client
      .prepare(
        `SELECT r.id, r.ref, r.state, o.code AS hsi_office, d.code AS division
           FROM requests r JOIN agents a ON a.id = r.agent_id
           JOIN offices o ON o.id = r.hsi_office_id JOIN offices d ON d.id = r.dea_division_id
          WHERE a.badge = ? ORDER BY r.id`,
      )
      .all(badge.toUpperCase()) as never;
  }

  designation(requestId: number): { starts_on: string; ends_on: string } | undefined {
    return this.db.$client.prepare('SELECT starts_on, ends_on FROM designations WHERE request_id = ?').get(requestId) as never;
  }

  count(table: 'requests' | 'request_events' | 'agents' | 'designations' | 'users' | 'offices'): number {
    return (this.db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  }
}

/** Opens a page in a browser context of its own, signed in as `who` (several roles side by side). */
export type PageAs = (who: AccountKey) => Promise<Page>;

export const test = base.extend<{ records: Records; pageAs: PageAs }, { workerDb: Db }>({
  workerDb: [
    async ({}, provide) => {
      const db = openDatabase(E2E_DATABASE_FILE);
      await provide(db);
      db.$client.close();
    },
    { scope: 'worker' },
  ],
  // Playwright calls a fixture's second argument `use`; named otherwise so the React hooks lint rule
  // does not take it for React's use().
  records: async ({ workerDb }, provide) => {
    await provide(new Records(workerDb));
  },
  pageAs: async ({ browser }, provide) => {
    const contexts: BrowserContext[] = [];
    await provide(async (who) => {
      const context = await browser.newContext({ storageState: storageStateFile(who) });
      contexts.push(context);
      const page = await context.newPage();
      // Signed in, on the inbox, as after signing in through the form.
      await page.goto('/inbox');
      await expect(page).toHaveURL(/\/inbox/);
      return page;
    });
    for (const context of contexts) await context.close();
  },
});

export { expect };
