// The authorization matrix over HTTP, against the production build. Every page and GET route in app/
// is asked by every demo account and by a visitor with no cookies, with an El Paso record, a Houston
// record and an id that does not exist in the dynamic segments; the status (redirects not followed)
// is compared with EXPECTED, written by hand from the permission table, the scope rule and the
// workflow table. Then the writes: the JSON routes POSTed by every account, with the database checked
// for what was (not) written; a session cookie replayed after its session was signed out, and after it
// lapsed; and cross-site POSTs with a valid session. API-level (APIRequestContext), so it is fast.
import type { APIRequest, APIRequestContext, APIResponse, Page } from '@playwright/test';
import { DEMO_PASSWORD } from '@/lib/demo/seed-demo';
import { createRequests } from '@/lib/requests/create-requests';
import type { State } from '@/lib/domain/workflow-states';
import { transitionRequest } from '@/lib/workflow/transition-request';
import { E2E_BASE_URL } from './support/environment';
import { ACCOUNTS, expect, Records, storageStateFile, test, uniqueBadge, type AccountKey } from './support/fixtures';

// The columns of every expected row: a visitor with no session, then each demo account.
const WHO = ['anonymous', 'supervisor', 'otherSupervisor', 'hsiHq', 'deaHq', 'division', 'auditor', 'admin'] as const;
type Who = (typeof WHO)[number];
type Row = readonly [string, string, string, string, string, string, string, string];

const NO_SUCH_ID = 999_999_999;
const NEXUS = 'Methamphetamine smuggled through the Bridge of the Americas port of entry.';

// ---------------------------------------------------------------------------------------------------
// The records the paths name: a request of El Paso (routed to the El Paso division) and one of Houston
// (routed to the Miami division, which no demo account coordinates), each waiting for division review;
// a draft of each; their agents; a demo user.

interface World {
  ep: number;
  hou: number;
  epDraft: number;
  houDraft: number;
  epAgent: number;
  houAgent: number;
  supervisorUser: number;
  /** Whether any Houston request was ever routed to the El Paso division (the demo history decides):
   * a division coordinator sees the HSI agents whose requests were routed to them. */
  divisionSeesHouston: boolean;
}

function houstonRequest(records: Records, state: 'draft' | 'division_review'): { id: number; badge: string } {
  const badge = uniqueBadge('HOU');
  const [created] = createRequests(
    records.db,
    records.actor('otherSupervisor'),
    { kind: 'initial', deaDivisionId: records.officeId('dea-miami'), borderNexus: NEXUS, agents: [{ name: `Agent ${badge}`, badge, dutyStation: 'Houston, TX' }] },
    { submit: state !== 'draft', submissionKey: `e2e-${badge}` },
  );
  const id = created!.id;
  if (state === 'division_review') {
    transitionRequest(records.db, records.actor('hsiHq'), { requestId: id, action: 'endorse' });
    transitionRequest(records.db, records.actor('deaHq'), { requestId: id, action: 'route', divisionId: records.officeId('dea-miami') });
  }
  return { id, badge };
}

function agentOf(records: Records, requestId: number): number {
  return (records.db.$client.prepare('SELECT agent_id AS id FROM requests WHERE id = ?').get(requestId) as { id: number }).id;
}

function makeWorld(records: Records): World {
  const ep = records.requestIn('division_review');
  const hou = houstonRequest(records, 'division_review');
  const epDraft = records.requestIn('draft');
  const houDraft = houstonRequest(records, 'draft');
  const divisionSeesHouston = Boolean(
    (
      records.db.$client
        .prepare(
          `SELECT EXISTS (SELECT 1 FROM requests r JOIN offices o ON o.id = r.hsi_office_id JOIN offices d ON d.id = r.routed_division_id
            WHERE o.code = 'hsi-houston' AND d.code = 'dea-el-paso') AS seen`,
        )
        .get() as { seen: number }
    ).seen,
  );
  return {
    ep: ep.id,
    hou: hou.id,
    epDraft: epDraft.id,
    houDraft: houDraft.id,
    epAgent: agentOf(records, ep.id),
    houAgent: agentOf(records, hou.id),
    supervisorUser: records.actor('supervisor').id,
    divisionSeesHouston,
  };
}

// ---------------------------------------------------------------------------------------------------
// THE EXPECTED TABLE for GET, by hand. "307 /sign-in": a page sends a visitor to sign in (with the page
// as callbackUrl); 401: a route answers a visitor; 404: a record out of scope or missing, and a page
// of a permission the role lacks (it reads as a page that does not exist); 403: a route refusing a
// permission the role lacks. Roles: supervisors propose and read their office; HQ reads everything
// submitted, records training and disputes; the El Paso division reads what was routed to it, its DEA
// agents and the HSI agents routed to it; the auditor reads everything and the audit trail; the
// administrator manages users, offices, goals and modules and reads everything.

const S = '307 /sign-in';
const ALL_200: Row = [S, '200', '200', '200', '200', '200', '200', '200'];
const ADMIN_ONLY: Row = [S, '404', '404', '404', '404', '404', '404', '200'];
const NOBODY: Row = [S, '404', '404', '404', '404', '404', '404', '404'];
// A request (or agent) of El Paso routed to the El Paso division; one of Houston routed to Miami.
const EL_PASO_RECORD: Row = [S, '200', '404', '200', '200', '200', '200', '200'];
const HOUSTON_RECORD: Row = [S, '404', '200', '200', '200', '404', '200', '200'];
// Drafts are their office's own until submitted: HQ and divisions do not see them.
const EL_PASO_DRAFT: Row = [S, '200', '404', '404', '404', '404', '200', '200'];
const HOUSTON_DRAFT: Row = [S, '404', '200', '404', '404', '404', '200', '200'];
const TIMELINESS: Row = [S, '404', '404', '200', '200', '200', '200', '200'];

/** A route's row: the same as a page's, but a visitor gets 401, and a missing permission is 403. */
const route = (row: Row, lacking: '403' | '404' = '404'): Row => row.map((cell, i) => (i === 0 ? '401' : cell === '404' && lacking === '403' ? '403' : cell)) as unknown as Row;

function expectedGets(w: World): [string, Row][] {
  const divHouston = w.divisionSeesHouston ? '200' : '404';
  return [
    ['/', ['307 /inbox', '307 /inbox', '307 /inbox', '307 /inbox', '307 /inbox', '307 /inbox', '307 /inbox', '307 /inbox']],
    ['/sign-in', ['200', '307 /inbox', '307 /inbox', '307 /inbox', '307 /inbox', '307 /inbox', '307 /inbox', '307 /inbox']],
    ['/inbox', ALL_200],
    ['/requests', ALL_200],
    // Everyone may open the form's page; only a supervisor is shown the form (the others a sentence
    // saying who proposes), and only a supervisor's submission is accepted (see the POSTs below).
    ['/requests/new', ALL_200],
    [`/requests/${w.ep}`, EL_PASO_RECORD],
    [`/requests/${w.hou}`, HOUSTON_RECORD],
    [`/requests/${w.epDraft}`, EL_PASO_DRAFT],
    [`/requests/${w.houDraft}`, HOUSTON_DRAFT],
    [`/requests/${NO_SUCH_ID}`, NOBODY],
    // The edit page opens for whoever sees the request; only the proposing office's supervisor is
    // shown the form (and only for a draft or a returned request).
    [`/requests/${w.ep}/edit`, EL_PASO_RECORD],
    [`/requests/${w.hou}/edit`, HOUSTON_RECORD],
    [`/requests/${w.epDraft}/edit`, EL_PASO_DRAFT],
    [`/requests/${w.houDraft}/edit`, HOUSTON_DRAFT],
    [`/requests/${NO_SUCH_ID}/edit`, NOBODY],
    ['/agents', ALL_200],
    [`/agents/${w.epAgent}`, EL_PASO_RECORD],
    [`/agents/${w.houAgent}`, HOUSTON_RECORD],
    [`/agents/${NO_SUCH_ID}`, NOBODY],
    ['/admin/users', ADMIN_ONLY],
    ['/admin/users/new', ADMIN_ONLY],
    [`/admin/users/${w.supervisorUser}`, ADMIN_ONLY],
    [`/admin/users/${NO_SUCH_ID}`, NOBODY],
    ['/admin/offices', ADMIN_ONLY],
    ['/audit', [S, '404', '404', '404', '404', '404', '200', '200']],
    ['/dashboard', TIMELINESS],
    ['/goals', TIMELINESS],
    ['/training', ALL_200],
    ['/training/JOINT-IAA-2009', ALL_200],
    ['/training/NO-SUCH-MODULE', NOBODY],
    ['/training/import', [S, '404', '404', '200', '200', '404', '404', '200']],
    ['/training/new', ADMIN_ONLY],
    // A supervisor's offices × modules is their own office, person by person.
    ['/training/offices', [S, '307 /training/offices/hsi-el-paso', '307 /training/offices/hsi-houston', '200', '200', '200', '200', '200']],
    ['/training/offices/hsi-el-paso', EL_PASO_RECORD],
    ['/training/offices/hsi-houston', [S, '404', '200', '200', '200', divHouston, '200', '200']],
    ['/training/offices/dea-el-paso', [S, '404', '404', '200', '200', '200', '200', '200']],
    ['/training/offices/no-such-office', NOBODY],

    // Routes.
    ['/api/requests', route(ALL_200)],
    [`/api/requests/${w.ep}`, route(EL_PASO_RECORD)],
    [`/api/requests/${w.hou}`, route(HOUSTON_RECORD)],
    [`/api/requests/${w.epDraft}`, route(EL_PASO_DRAFT)],
    [`/api/requests/${w.houDraft}`, route(HOUSTON_DRAFT)],
    [`/api/requests/${NO_SUCH_ID}`, route(NOBODY)],
    ['/api/requests/not-a-number', route(NOBODY)],
    ['/audit/csv', route([S, '404', '404', '404', '404', '404', '200', '200'], '403')],
    ...['stages', 'pending_training', 'trends', 'offices', 'divisions', 'aging'].map((table): [string, Row] => [`/dashboard/csv/${table}`, route(TIMELINESS, '403')]),
    ['/dashboard/csv/no-such-table', route(NOBODY)],
    ['/training/csv/matrix', route(ALL_200)],
    ['/training/csv/modules', route(ALL_200)],
    ['/training/csv/office?office=hsi-el-paso', route(EL_PASO_RECORD)],
    ['/training/csv/office?office=hsi-houston', route([S, '404', '200', '200', '200', divHouston, '200', '200'])],
    ['/training/csv/office?office=dea-el-paso', route([S, '404', '404', '200', '200', '200', '200', '200'])],
    ['/training/csv/office?office=no-such-office', route(NOBODY)],
    ['/training/csv/no-such-table', route(NOBODY)],
    // next-auth's own routes answer everyone.
    ['/api/auth/session', ['200', '200', '200', '200', '200', '200', '200', '200']],
    ['/api/auth/csrf', ['200', '200', '200', '200', '200', '200', '200', '200']],
  ];
}

// ---------------------------------------------------------------------------------------------------
// Helpers.

function contextFor(request: APIRequest, who: Who): Promise<APIRequestContext> {
  return request.newContext({ baseURL: E2E_BASE_URL, ...(who === 'anonymous' ? {} : { storageState: storageStateFile(who as AccountKey) }) });
}

/** "200", or "307 /sign-in" (a redirect with where it goes, without its query). */
function statusOf(response: APIResponse): string {
  const status = response.status();
  if (status < 300 || status >= 400) return String(status);
  const location = response.headers()['location'] ?? '';
  return `${status} ${new URL(location, E2E_BASE_URL).pathname}`;
}

const isAllowed = (status: string) => /^2\d\d$/.test(status);

/** Signs a demo account in through the real form, in a browser context of its own (a new session),
 * with a one-time code it has not used yet (waiting for the next 30-second step if need be). */
async function signInFresh(page: Page, who: AccountKey, records: Records): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    let code: string | null = null;
    try {
      code = records.demoCode(who);
    } catch {
      code = null;
    }
    if (code) {
      await page.goto('/sign-in');
      const form = page.getByRole('form', { name: 'Sign in' });
      await form.getByLabel('I have read this notice and consent to these terms').check();
      await form.getByLabel('Email address').fill(ACCOUNTS[who]);
      await form.getByLabel('Password').fill(DEMO_PASSWORD);
      await form.getByLabel('One-time code').fill(code);
      await form.getByRole('button', { name: 'Sign in' }).click();
      const landed = await page
        .waitForURL(/\/inbox/, { timeout: 10_000 })
        .then(() => true)
        .catch(() => false);
      if (landed) return;
    }
    if (attempt >= 3) throw new Error(`${who} could not sign in with a fresh one-time code`);
    // The code was taken (another sign-in in the same 30-second step): wait for the next step.
    await page.waitForTimeout(31_000);
  }
}

function sessionIds(records: Records, who: AccountKey): Set<string> {
  const rows = records.db.$client.prepare('SELECT id FROM sessions WHERE user_id = ?').all(records.actor(who).id) as { id: string }[];
  return new Set(rows.map((r) => r.id));
}

function session(records: Records, id: string): { ended_at: number | null; end_reason: string | null } {
  return records.db.$client.prepare('SELECT ended_at, end_reason FROM sessions WHERE id = ?').get(id) as never;
}

function newRequestBody(records: Records, badge: string) {
  return {
    kind: 'initial',
    deaDivisionId: records.officeId('dea-el-paso'),
    borderNexus: NEXUS,
    agents: [{ name: `Agent ${badge}`, badge, dutyStation: 'El Paso, TX' }],
    submissionKey: `e2e-${badge}`,
  };
}

/** A session's cookie replayed: pages send it to sign in, routes answer 401, and POSTs write nothing. */
async function expectSignedOutEverywhere(replay: APIRequestContext, records: Records, label: string): Promise<void> {
  expect(statusOf(await replay.get('/inbox', { maxRedirects: 0 })), `${label}: /inbox`).toBe(S);
  expect(statusOf(await replay.get(`/requests/${records.requestIn('hsi_review').id}`, { maxRedirects: 0 })), `${label}: a request page`).toBe(S);
  expect((await replay.get('/api/requests', { maxRedirects: 0 })).status(), `${label}: GET /api/requests`).toBe(401);
  const badge = uniqueBadge('RPL');
  expect((await replay.post('/api/requests', { data: newRequestBody(records, badge), maxRedirects: 0 })).status(), `${label}: POST /api/requests`).toBe(401);
  expect(records.requestsForBadge(badge)).toHaveLength(0);
  const { id } = records.requestIn('hsi_review');
  const events = records.events(id);
  expect((await replay.post(`/api/requests/${id}/transitions`, { data: { action: 'withdraw', reason: 'Replayed cookie.' }, maxRedirects: 0 })).status(), `${label}: POST a transition`).toBe(401);
  expect(records.state(id)).toBe('hsi_review');
  expect(records.events(id)).toEqual(events);
}

// ---------------------------------------------------------------------------------------------------
// GET: every page and route, by everyone.

test.describe('GET every page and route', () => {
  let world: World;
  test.beforeAll(async ({ workerDb }) => {
    world = makeWorld(new Records(workerDb));
  });

  for (const who of WHO) {
    test(`as ${who}`, async ({ playwright }) => {
      test.setTimeout(180_000);
      const api = await contextFor(playwright.request, who);
      const column = WHO.indexOf(who);
      const differences: string[] = [];
      const unexpectedAllows: string[] = [];
      const rows = expectedGets(world);
      for (const [path, row] of rows) {
        const expected = row[column]!;
        const observed = statusOf(await api.get(path, { maxRedirects: 0 }));
        if (observed !== expected) differences.push(`${who} GET ${path}: expected ${expected}, observed ${observed}`);
        if (isAllowed(observed) && !isAllowed(expected)) unexpectedAllows.push(`${who} GET ${path}: ${observed}`);
      }
      // Sent to sign in, a visitor comes back to the page asked for.
      if (who === 'anonymous') {
        const response = await api.get(`/requests/${world.ep}`, { maxRedirects: 0 });
        expect(new URL(response.headers()['location']!, E2E_BASE_URL).searchParams.get('callbackUrl')).toBe(`/requests/${world.ep}`);
      }
      await api.dispose();
      expect(unexpectedAllows, `\n${unexpectedAllows.join('\n')}\n`).toEqual([]);
      expect(differences, `\n${differences.join('\n')}\n`).toEqual([]);
      expect(rows.length).toBeGreaterThan(55);
    });
  }

  test('what the JSON and CSV routes return stays in scope', async ({ playwright, records }) => {
    const houBadge = records.db.$client.prepare('SELECT a.badge FROM requests r JOIN agents a ON a.id = r.agent_id WHERE r.id = ?').get(world.hou) as { badge: string };
    const epBadge = records.db.$client.prepare('SELECT a.badge FROM requests r JOIN agents a ON a.id = r.agent_id WHERE r.id = ?').get(world.ep) as { badge: string };
    for (const [who, office, officeCode, hidden] of [
      ['supervisor', 'HSI El Paso', 'hsi-el-paso', houBadge.badge],
      ['otherSupervisor', 'HSI Houston', 'hsi-houston', epBadge.badge],
    ] as const) {
      const api = await contextFor(playwright.request, who);
      const list = (await (await api.get('/api/requests')).json()) as { rows: { hsiOfficeName: string }[]; total: number };
      expect(list.rows.length, who).toBeGreaterThan(0);
      expect(new Set(list.rows.map((r) => r.hsiOfficeName)), who).toEqual(new Set([office]));
      // Not even by exact badge, nor by asking for the other office.
      expect(((await (await api.get(`/api/requests?q=${hidden}`)).json()) as { total: number }).total, who).toBe(0);
      const otherOffice = records.officeId(who === 'supervisor' ? 'hsi-houston' : 'hsi-el-paso');
      expect(((await (await api.get(`/api/requests?office=${otherOffice}`)).json()) as { total: number }).total, who).toBe(0);
      // Their training matrix CSV is their office alone (its first column is the office's code).
      const csv = await (await api.get('/training/csv/matrix')).text();
      const offices = csv.trim().split('\n').slice(1).map((line) => line.split(',')[0]);
      expect(offices.length, who).toBeGreaterThan(0);
      expect(new Set(offices), who).toEqual(new Set([officeCode]));
      await api.dispose();
    }
    // The El Paso division sees nothing routed to Miami.
    const division = await contextFor(playwright.request, 'division');
    expect(((await (await division.get(`/api/requests?q=${houBadge.badge}`)).json()) as { total: number }).total).toBe(0);
    await division.dispose();
  });
});

// ---------------------------------------------------------------------------------------------------
// POST: the JSON routes, by everyone, with what the database holds afterwards.

test('POST /api/requests: only supervisors propose, for their own office; refusals write nothing', async ({ playwright, records }) => {
  //                              anonymous supervisor otherSup hsiHq  deaHq  division auditor admin
  const EXPECTED: Row = ['401', '201', '201', '403', '403', '403', '403', '403'];
  const OWN_OFFICE: Partial<Record<Who, string>> = { supervisor: 'hsi-el-paso', otherSupervisor: 'hsi-houston' };
  const differences: string[] = [];
  for (const who of WHO) {
    const api = await contextFor(playwright.request, who);
    const badge = uniqueBadge('POST');
    const response = await api.post('/api/requests', { data: newRequestBody(records, badge), maxRedirects: 0 });
    const expected = EXPECTED[WHO.indexOf(who)]!;
    if (String(response.status()) !== expected) differences.push(`${who}: expected ${expected}, observed ${response.status()} ${await response.text()}`);
    const written = records.requestsForBadge(badge);
    if (expected === '201') {
      expect(written, who).toHaveLength(1);
      expect(written[0]!.hsi_office, who).toBe(OWN_OFFICE[who]);
      expect(written[0]!.state, who).toBe('hsi_review');
    } else {
      expect(written, `${who} wrote nothing`).toHaveLength(0);
    }
    await api.dispose();
  }
  // A badge of another office's agent: refused as input, nothing written for it.
  const houston = records.requestIn('hsi_review', { supervisor: 'otherSupervisor' });
  const supervisor = await contextFor(playwright.request, 'supervisor');
  const response = await supervisor.post('/api/requests', { data: { ...newRequestBody(records, houston.badge), submissionKey: `e2e-x-${houston.badge}` } });
  expect(response.status()).toBe(400);
  expect(records.requestsForBadge(houston.badge)).toHaveLength(1);
  await supervisor.dispose();
  expect(differences, `\n${differences.join('\n')}\n`).toEqual([]);
});

interface TransitionCase {
  label: string;
  /** Puts a fresh request where the move starts. */
  make: (records: Records) => { id: number };
  body: (records: Records) => Record<string, unknown>;
  /** The state a successful move leads to. */
  to: State;
  expected: Row;
}

// By hand, per account: 401 without a session; 404 when the request is not theirs to see (another
// office; a draft for HQ; not routed to the division); 403 when they see it but their role does not
// make this move (or never makes it); 409 when the move is not possible from where the request is.
const TRANSITION_CASES: TransitionCase[] = [
  //                                                                                         anonymous supervisor otherSup hsiHq  deaHq  division auditor admin
  { label: 'submit a draft', make: (r) => r.requestIn('draft'), body: () => ({ action: 'submit' }), to: 'hsi_review', expected: ['401', '200', '404', '404', '404', '404', '403', '403'] },
  { label: 'endorse', make: (r) => r.requestIn('hsi_review'), body: () => ({ action: 'endorse' }), to: 'dea_hq_review', expected: ['401', '403', '404', '200', '403', '404', '403', '403'] },
  {
    label: 'route',
    make: (r) => r.requestIn('dea_hq_review'),
    body: (r) => ({ action: 'route', divisionId: r.officeId('dea-el-paso') }),
    to: 'division_review',
    expected: ['401', '403', '404', '403', '200', '404', '403', '403'],
  },
  { label: 'concur', make: (r) => r.requestIn('division_review'), body: () => ({ action: 'concur' }), to: 'dea_decision', expected: ['401', '403', '404', '403', '403', '200', '403', '403'] },
  { label: 'approve', make: (r) => r.requestIn('dea_decision'), body: () => ({ action: 'approve' }), to: 'active', expected: ['401', '403', '404', '403', '200', '403', '403', '403'] },
  {
    label: 'withdraw under review',
    make: (r) => r.requestIn('hsi_review'),
    body: () => ({ action: 'withdraw', reason: 'Withdrawn in the authorization matrix.' }),
    to: 'withdrawn',
    expected: ['401', '200', '404', '200', '403', '404', '403', '403'],
  },
  {
    label: 'rescind',
    make: (r) => r.requestIn('active'),
    body: () => ({ action: 'rescind', reason: 'Rescinded in the authorization matrix.', reasonCategory: 'other' }),
    to: 'rescinded',
    expected: ['401', '403', '404', '200', '200', '403', '403', '403'],
  },
  { label: 'approve what is already approved', make: (r) => r.requestIn('active'), body: () => ({ action: 'approve' }), to: 'active', expected: ['401', '403', '404', '403', '409', '403', '403', '403'] },
  {
    label: 'endorse a Houston request',
    make: (r) => r.requestIn('hsi_review', { supervisor: 'otherSupervisor' }),
    body: () => ({ action: 'endorse' }),
    to: 'dea_hq_review',
    expected: ['401', '404', '403', '200', '403', '404', '403', '403'],
  },
  { label: 'a request that does not exist', make: () => ({ id: NO_SUCH_ID }), body: () => ({ action: 'withdraw', reason: 'No such request.' }), to: 'withdrawn', expected: ['401', '404', '404', '404', '404', '404', '404', '404'] },
];

test.describe('POST /api/requests/[id]/transitions', () => {
  for (const c of TRANSITION_CASES) {
    test(c.label, async ({ playwright, records }) => {
      const differences: string[] = [];
      for (const who of WHO) {
        const { id } = c.make(records);
        const exists = id !== NO_SUCH_ID;
        const stateBefore = exists ? records.state(id) : null;
        const eventsBefore = exists ? records.events(id) : [];
        const api = await contextFor(playwright.request, who);
        const response = await api.post(`/api/requests/${id}/transitions`, { data: c.body(records), maxRedirects: 0 });
        const expected = c.expected[WHO.indexOf(who)]!;
        if (String(response.status()) !== expected) differences.push(`${who}: expected ${expected}, observed ${response.status()} ${await response.text()}`);
        if (exists && expected === '200') {
          expect(records.state(id), who).toBe(c.to);
          expect(records.events(id).length, who).toBe(eventsBefore.length + 1);
        } else if (exists) {
          // Refused: the request and its history are exactly as they were.
          expect(records.state(id), `${who} left it as it was`).toBe(stateBefore);
          expect(records.events(id), `${who} wrote no event`).toEqual(eventsBefore);
        }
        await api.dispose();
      }
      expect(differences, `\n${differences.join('\n')}\n`).toEqual([]);
    });
  }
});

// ---------------------------------------------------------------------------------------------------
// Sessions that ended, and requests from another site.

test('a copied session cookie stops working once that session signs out', async ({ browser, playwright, records }) => {
  test.setTimeout(120_000);
  // A session of its own: the shared signed-in state other tests use is never signed out.
  const context = await browser.newContext();
  const page = await context.newPage();
  const before = sessionIds(records, 'supervisor');
  await signInFresh(page, 'supervisor', records);
  const [sessionId] = [...sessionIds(records, 'supervisor')].filter((id) => !before.has(id));
  expect(sessionId).toBeDefined();
  const stolen = await context.storageState();

  // The copy works while the session stands.
  const copy = await playwright.request.newContext({ baseURL: E2E_BASE_URL, storageState: stolen });
  expect((await copy.get('/api/requests', { maxRedirects: 0 })).status()).toBe(200);
  expect(statusOf(await copy.get('/inbox', { maxRedirects: 0 }))).toBe('200');

  // Signing out through next-auth, in the context that signed in.
  const { csrfToken } = (await (await context.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const signOut = await context.request.post('/api/auth/signout', { form: { csrfToken, callbackUrl: `${E2E_BASE_URL}/sign-in`, json: 'true' }, maxRedirects: 0 });
  expect(signOut.status()).toBeLessThan(400);
  expect(session(records, sessionId!)).toMatchObject({ end_reason: 'signed out' });
  expect(session(records, sessionId!).ended_at).not.toBeNull();

  // The copied cookie, replayed after sign-out, is a visitor's.
  await expectSignedOutEverywhere(copy, records, 'after sign-out');
  const replay = await playwright.request.newContext({ baseURL: E2E_BASE_URL, storageState: stolen });
  await expectSignedOutEverywhere(replay, records, 'replayed in a new client');
  await copy.dispose();
  await replay.dispose();
  await context.close();
});

test('a session that lapsed after 30 idle minutes is refused, and writes nothing', async ({ browser, playwright, records }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  const before = sessionIds(records, 'otherSupervisor');
  await signInFresh(page, 'otherSupervisor', records);
  const [sessionId] = [...sessionIds(records, 'otherSupervisor')].filter((id) => !before.has(id));
  expect(sessionId).toBeDefined();
  const cookies = await context.storageState();
  await context.close();

  // Thirty-one minutes without activity.
  records.db.$client.prepare('UPDATE sessions SET last_seen_at = last_seen_at - ? WHERE id = ?').run(31 * 60 * 1000, sessionId);
  const lapsed = await playwright.request.newContext({ baseURL: E2E_BASE_URL, storageState: cookies });
  await expectSignedOutEverywhere(lapsed, records, 'lapsed session');
  expect(session(records, sessionId!).end_reason).toMatch(/no activity/);
  await lapsed.dispose();
});

test('a cross-site POST with a valid session is refused and writes nothing', async ({ playwright, records }) => {
  const supervisor = await contextFor(playwright.request, 'supervisor');
  const hsiHq = await contextFor(playwright.request, 'hsiHq');
  const crossSite: Record<string, string>[] = [{ Origin: 'https://evil.example' }, { 'Sec-Fetch-Site': 'cross-site' }, { Origin: 'null' }];
  for (const headers of crossSite) {
    const label = JSON.stringify(headers);
    const badge = uniqueBadge('XS');
    const created = await supervisor.post('/api/requests', { data: newRequestBody(records, badge), headers, maxRedirects: 0 });
    expect(created.status(), label).toBe(403);
    expect(records.requestsForBadge(badge), label).toHaveLength(0);

    const { id } = records.requestIn('hsi_review');
    const events = records.events(id);
    const moved = await hsiHq.post(`/api/requests/${id}/transitions`, { data: { action: 'endorse' }, headers, maxRedirects: 0 });
    expect(moved.status(), label).toBe(403);
    expect(records.state(id), label).toBe('hsi_review');
    expect(records.events(id), label).toEqual(events);
  }
  // The same session, from the site itself: accepted (so the refusals above are the cross-site rule's).
  const badge = uniqueBadge('XS');
  expect((await supervisor.post('/api/requests', { data: newRequestBody(records, badge), headers: { Origin: E2E_BASE_URL } })).status()).toBe(201);
  expect(records.requestsForBadge(badge)).toHaveLength(1);
  await supervisor.dispose();
  await hsiHq.dispose();
});
