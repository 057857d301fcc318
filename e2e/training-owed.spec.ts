// Who owes what training: a supervisor's view of their own office, the LMS upload that records
// completions (and activates approvals that were waiting for them), a waiver typed on a person's page,
// and the auditor's offices × modules matrix with its CSV. Expected standings are worked out here from
// the database by the rule's own words (person-status.ts), not by calling it.
import type { Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { settings } from '@/lib/config';
import { DEMO_MODULE_CODE } from '@/lib/demo/seed-demo-training';
import { formatDate } from '@/lib/format';
import { recordCompletion } from '@/lib/training/record-completions';
import { transitionRequest } from '@/lib/workflow/transition-request';
import { expect, test, type Records } from './support/fixtures';

const ORIENTATION = DEMO_MODULE_CODE;
const OWED_TAG = /^(Due by |Overdue since |Not started)/;

// ---------------------------------------------------------------------------------------------------
// Dates, by hand: calendar dates in the tracker's zone, and day and month arithmetic on them.

const zone = () => settings().T21_TIME_ZONE;
/** The calendar date ('YYYY-MM-DD') of an instant in the tracker's zone. */
function dateOf(at: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone(), year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
const today = () => dateOf(Date.now());
function plusDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}
/** Months later, on the same day of the month, or the month's last day when it has no such day. */
function plusMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const first = new Date(Date.UTC(y!, m! - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d!, lastDay))).toISOString().slice(0, 10);
}

interface Expected {
  /** The tag the pages show. */
  text: string;
  /** The office CSV's columns for it. */
  csv: { status: string; due_on: string; valid_until: string; completed_on: string };
}

/**
 * Where an HSI agent stands on a published module, from the rule: a completion of a counting version
 * dated no later than today counts until its refresher falls due (expiring soon in the last warning
 * days); otherwise a waiver; otherwise the person owes it, by the refresher date of a lapsed
 * completion or by the completion window counted from the later of publication and joining the roster.
 */
function expectedStanding(records: Records, agentId: number, moduleCode: string): Expected {
  const sql = records.db.$client;
  const m = sql
    .prepare('SELECT id, status, minimum_completion_version AS minimum, refresher_months AS refresher, completion_window_days AS window FROM training_modules WHERE code = ?')
    .get(moduleCode) as { id: number; status: string; minimum: number; refresher: number | null; window: number | null };
  expect(m.status).toBe('published');
  const publishedAt = (
    sql.prepare("SELECT min(at) AS at FROM training_module_events WHERE module_id = ? AND to_status = 'published' AND version >= ?").get(m.id, m.minimum) as { at: number }
  ).at;
  const joinedAt = (sql.prepare('SELECT created_at AS at FROM agents WHERE id = ?').get(agentId) as { at: number }).at;
  const now = today();
  const counting = sql
    .prepare('SELECT kind, completed_on AS "on" FROM training_completions WHERE agent_id = ? AND module_id = ? AND version >= ? AND completed_on <= ? ORDER BY completed_on DESC')
    .all(agentId, m.id, m.minimum, now) as { kind: 'completion' | 'waiver'; on: string }[];
  const completion = counting.find((r) => r.kind === 'completion');
  const waiver = counting.find((r) => r.kind === 'waiver');
  const refresherDue = completion && m.refresher ? plusMonths(completion.on, m.refresher) : null;
  const blank = { due_on: '', valid_until: '', completed_on: '' };
  if (completion && (refresherDue === null || now < refresherDue)) {
    if (refresherDue === null) return { text: `Completed ${formatDate(completion.on)}`, csv: { ...blank, status: 'completed', completed_on: completion.on } };
    const isExpiringSoon = now >= plusDays(refresherDue, -settings().T21_TRAINING_EXPIRING_DAYS);
    return {
      text: isExpiringSoon ? `Expiring ${formatDate(refresherDue)}` : `Completed, until ${formatDate(refresherDue)}`,
      csv: { status: isExpiringSoon ? 'expiring_soon' : 'completed', due_on: '', valid_until: refresherDue, completed_on: completion.on },
    };
  }
  if (waiver) return { text: `Waived ${formatDate(waiver.on)}`, csv: { ...blank, status: 'waived', completed_on: waiver.on } };
  const requiredSince = dateOf(publishedAt);
  const joinedOn = dateOf(joinedAt);
  const dueOn = refresherDue ?? (m.window === null ? null : plusDays(requiredSince > joinedOn ? requiredSince : joinedOn, m.window));
  if (dueOn === null) return { text: 'Not started', csv: { ...blank, status: 'not_started' } };
  const isOverdue = now > dueOn;
  return {
    text: `${isOverdue ? 'Overdue since' : 'Due by'} ${formatDate(dueOn)}`,
    csv: { status: isOverdue ? 'overdue' : 'due', due_on: dueOn, valid_until: '', completed_on: completion?.on ?? '' },
  };
}

/** The cell of a person's row (found by badge) under a module's column, on an office's page. */
async function standingCell(page: Page, badge: string, moduleCode: string) {
  const table = page.getByRole('table', { name: 'Each person’s standing on each module' });
  const headers = (await table.getByRole('columnheader').allInnerTexts()).map((h) => h.trim());
  const index = headers.indexOf(moduleCode);
  expect(index, headers.join(' | ')).toBeGreaterThan(1);
  return table.getByRole('row').filter({ has: page.getByRole('cell', { name: badge, exact: true }) }).locator('th, td').nth(index);
}

function csvRows(text: string): Record<string, string>[] {
  return parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

/** A new El Paso agent, through a draft request, with nothing on record. */
function newAgent(records: Records): { id: number; badge: string } {
  const { badge } = records.requestIn('draft', { isTrained: false });
  const { id } = records.db.$client.prepare('SELECT id FROM agents WHERE badge = ?').get(badge) as { id: number };
  return { id, badge };
}

function completionCount(records: Records, agentId?: number): number {
  const sql = records.db.$client;
  const row = agentId === undefined ? sql.prepare('SELECT count(*) AS n FROM training_completions').get() : sql.prepare('SELECT count(*) AS n FROM training_completions WHERE agent_id = ?').get(agentId);
  return (row as { n: number }).n;
}

test('a supervisor sees what their agents owe, filters to those who owe, downloads it, and sees no other office', async ({ pageAs, records }) => {
  test.slow();
  const sql = records.db.$client;
  // Agents from the demo history: one who completed the orientation, and one with nothing on record
  // (leaving out the approvals waiting for training, which other tests may complete).
  const seeded = (hasRecord: boolean) =>
    sql
      .prepare(
        `SELECT a.id, a.badge FROM agents a JOIN offices o ON o.id = a.office_id
          WHERE o.code = 'hsi-el-paso' AND a.badge LIKE 'HSI%'
            AND ${hasRecord ? '' : 'NOT'} EXISTS (SELECT 1 FROM training_completions c WHERE c.agent_id = a.id AND c.kind = 'completion')
            AND NOT EXISTS (SELECT 1 FROM training_completions c WHERE c.agent_id = a.id AND c.kind = 'waiver')
            AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.agent_id = a.id AND r.state = 'pending_training')
          ORDER BY a.id LIMIT 1`,
      )
      .get() as { id: number; badge: string } | undefined;
  const completed = seeded(true);
  const unrecorded = seeded(false);
  expect(completed, 'an El Paso agent of the demo history with a completion').toBeDefined();
  expect(unrecorded, 'an El Paso agent of the demo history with nothing on record').toBeDefined();
  // And two of our own: one who joined today (due within the window), one waived three days ago.
  const fresh = newAgent(records);
  const waived = newAgent(records);
  recordCompletion(records.db, records.actor('hsiHq'), { badge: waived.badge, moduleCode: ORIENTATION, completedOn: plusDays(today(), -3), kind: 'waiver', reason: 'Completed the DEA Academy course.' });
  const chosen = [completed!, unrecorded!, fresh, waived];
  const expected = new Map(chosen.map((a) => [a.badge, expectedStanding(records, a.id, ORIENTATION)]));
  expect(expected.get(completed!.badge)!.csv.status).toMatch(/^(completed|expiring_soon)$/);
  expect(expected.get(unrecorded!.badge)!.csv.status).toMatch(/^(due|overdue)$/);
  expect(expected.get(fresh.badge)!.text).toBe(`Due by ${formatDate(plusDays(today(), 60))}`);
  expect(expected.get(waived.badge)!.text).toBe(`Waived ${formatDate(plusDays(today(), -3))}`);

  // Training → What your agents owe: their own office, person by person.
  const supervisor = await pageAs('supervisor');
  await supervisor.getByRole('link', { name: 'Training', exact: true }).click();
  await expect(supervisor.getByRole('heading', { name: 'Training modules' })).toBeVisible();
  await supervisor.getByRole('navigation', { name: 'Training' }).getByRole('link', { name: 'What your agents owe' }).click();
  await expect(supervisor).toHaveURL(/\/training\/offices\/hsi-el-paso$/);
  await expect(supervisor.getByRole('heading', { level: 1 })).toHaveText('HSI El Paso: training');
  await expect(supervisor.getByRole('link', { name: 'What your agents owe' })).toHaveAttribute('aria-current', 'page');
  await expect(supervisor.getByRole('link', { name: 'All offices' })).toHaveCount(0);
  for (const agent of chosen) {
    await expect(await standingCell(supervisor, agent.badge, ORIENTATION)).toHaveText(expected.get(agent.badge)!.text);
    // The unpublished modules are there too, owed by nobody yet.
    await expect(await standingCell(supervisor, agent.badge, 'JOINT-IAA-2009')).toHaveText('Not yet available');
    await expect(await standingCell(supervisor, agent.badge, 'MODULE-2021-2')).toHaveText('Not yet available');
  }
  // Only El Paso's people: nobody from another office appears.
  const houstonBadge = (sql.prepare("SELECT a.badge FROM agents a JOIN offices o ON o.id = a.office_id WHERE o.code = 'hsi-houston' LIMIT 1").get() as { badge: string }).badge;
  await expect(supervisor.getByRole('cell', { name: houstonBadge, exact: true })).toHaveCount(0);

  // "Show only people who still owe a module" leaves exactly those with an owed module, and hides those
  // who owe nothing. Another test publishes a module of its own (owed by everyone) for a few seconds
  // before retiring it, so both pages are read again until they agree.
  const table = supervisor.getByRole('table', { name: 'Each person’s standing on each module' });
  const rowsOf = async () =>
    table.getByRole('row').evaluateAll((rows) =>
      rows.slice(1).map((row) => {
        const cells = [...row.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim());
        return { badge: cells[1] ?? '', standings: cells.slice(2) };
      }),
    );
  await expect(async () => {
    await supervisor.goto('/training/offices/hsi-el-paso');
    const everyone = await rowsOf();
    const owing = everyone.filter((r) => r.standings.some((s) => OWED_TAG.test(s))).map((r) => r.badge);
    await expect(supervisor.locator('.lead')).toContainText(`${everyone.length.toLocaleString('en-US')} people on the roster; ${owing.length.toLocaleString('en-US')} still`);
    await supervisor.getByRole('link', { name: 'Show only people who still owe a module' }).click();
    await expect(supervisor).toHaveURL(/\/training\/offices\/hsi-el-paso\?owing=1$/);
    await expect(supervisor.getByRole('link', { name: 'Show everyone' })).toBeVisible();
    const shown = await rowsOf();
    expect(shown.map((r) => r.badge)).toEqual(owing);
    for (const row of shown) expect(row.standings.some((s) => OWED_TAG.test(s)), row.badge).toBe(true);
    expect(shown.length).toBeLessThan(everyone.length);
    expect(shown.map((r) => r.badge)).not.toContain(completed!.badge);
    expect(shown.map((r) => r.badge)).not.toContain(waived.badge);
  }).toPass({ timeout: 45_000 });
  const filtered = await rowsOf();
  expect(filtered.map((r) => r.badge)).toContain(unrecorded!.badge);
  expect(filtered.map((r) => r.badge)).toContain(fresh.badge);

  // The CSV: a row per person × module, with the same standing as the page.
  const download = await supervisor.request.get('/training/csv/office?office=hsi-el-paso');
  expect(download.status()).toBe(200);
  expect(download.headers()['content-type']).toContain('text/csv');
  const rows = csvRows(await download.text());
  expect(Object.keys(rows[0]!)).toEqual(['badge', 'name', 'agency', 'office_code', 'module_code', 'status', 'due_on', 'valid_until', 'completed_on', 'version', 'waiver_reason']);
  expect(new Set(rows.map((r) => r.office_code))).toEqual(new Set(['hsi-el-paso']));
  for (const agent of chosen) {
    const mine = rows.filter((r) => r.badge === agent.badge);
    expect(mine.map((r) => r.module_code)).toEqual(expect.arrayContaining([ORIENTATION, 'JOINT-IAA-2009', 'MODULE-2021-2']));
    expect(new Set(mine.map((r) => r.module_code)).size).toBe(mine.length);
    const orientation = mine.find((r) => r.module_code === ORIENTATION)!;
    expect({ status: orientation.status, due_on: orientation.due_on, valid_until: orientation.valid_until, completed_on: orientation.completed_on }).toEqual(expected.get(agent.badge)!.csv);
    expect(mine.find((r) => r.module_code === 'JOINT-IAA-2009')!.status).toBe('not_yet_available');
  }
  expect(rows.find((r) => r.badge === waived.badge && r.module_code === ORIENTATION)!.waiver_reason).toBe('Completed the DEA Academy course.');

  // Another office, the matrix of every office, and the upload are not theirs.
  const houston = await supervisor.goto('/training/offices/hsi-houston');
  expect(houston?.status()).toBe(404);
  await expect(supervisor.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  expect((await supervisor.request.get('/training/csv/office?office=hsi-houston')).status()).toBe(404);
  const upload = await supervisor.goto('/training/import');
  expect(upload?.status()).toBe(404);
  await expect(supervisor.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await supervisor.goto('/training/offices');
  await expect(supervisor).toHaveURL(/\/training\/offices\/hsi-el-paso$/);
  await expect(supervisor.getByRole('navigation', { name: 'Training' }).getByRole('link', { name: 'Import completions' })).toHaveCount(0);
});

test('HSI HQ uploads an LMS export: a bad file is refused whole, a good one activates the approval waiting for it, once', async ({ pageAs, records }) => {
  const sql = records.db.$client;
  // An approval waiting for its agent's orientation.
  const request = records.requestIn('dea_decision', { isTrained: false });
  transitionRequest(records.db, records.actor('deaHq'), { requestId: request.id, action: 'approve' });
  expect(records.state(request.id)).toBe('pending_training');
  const agentId = (sql.prepare('SELECT id FROM agents WHERE badge = ?').get(request.badge) as { id: number }).id;
  const completedOn = plusDays(today(), -2);
  const tomorrow = plusDays(today(), 1);

  const hsiHq = await pageAs('hsiHq');
  await hsiHq.goto('/training');
  await hsiHq.getByRole('navigation', { name: 'Training' }).getByRole('link', { name: 'Import completions' }).click();
  await expect(hsiHq).toHaveURL(/\/training\/import$/);
  const file = hsiHq.getByLabel('LMS export (CSV)');

  // A bad file: line 2 is fine, line 3 names nobody on the roster, line 4 is dated tomorrow.
  const importsBefore = sql.prepare("SELECT count(*) AS n FROM training_completions WHERE source = 'import'").get();
  const bad = ['badge,module_code,completed_on', `${request.badge},${ORIENTATION},${completedOn}`, `NOSUCHBADGE999,${ORIENTATION},${completedOn}`, `${request.badge},${ORIENTATION},${tomorrow}`, ''].join('\n');
  await file.setInputFiles({ name: 'lms-bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await hsiHq.getByRole('button', { name: 'Import' }).click();
  const alert = hsiHq.getByRole('alert').filter({ hasText: 'There is a problem' });
  await expect(alert).toContainText('Nothing was imported: 2 problems in lms-bad.csv.');
  await expect(alert.getByRole('listitem')).toHaveText([
    'Line 3: badge: No one on the roster you can see has badge NOSUCHBADGE999.',
    `Line 4: completed_on: ${formatDate(tomorrow)} is in the future.`,
  ]);
  expect(completionCount(records, agentId)).toBe(0);
  expect(sql.prepare("SELECT count(*) AS n FROM training_completions WHERE source = 'import'").get()).toEqual(importsBefore);
  expect(records.state(request.id)).toBe('pending_training');

  // The good file: one completion, which was all the approval waited for.
  const good = ['badge,module_code,completed_on,version', `${request.badge},${ORIENTATION},${completedOn},1`, ''].join('\r\n');
  await file.setInputFiles({ name: 'lms-good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await hsiHq.getByRole('button', { name: 'Import' }).click();
  const done = hsiHq.getByRole('status');
  await expect(done).toContainText('Imported lms-good.csv: 1 rows, 1 added, 0 already on record.');
  await expect(done).toContainText(`1 approved request is no longer waiting for training and is now active: ${request.ref}.`);
  expect(records.state(request.id)).toBe('active');
  expect(records.lastEvent(request.id)).toMatchObject({ action: 'activate', from_state: 'pending_training', to_state: 'active', actor_name: 'T21 Tracker (training complete)' });
  expect(records.designation(request.id)).toBeDefined();
  expect(sql.prepare('SELECT kind, completed_on, version, source, recorded_by_name FROM training_completions WHERE agent_id = ?').all(agentId)).toEqual([
    { kind: 'completion', completed_on: completedOn, version: 1, source: 'import', recorded_by_name: 'Priya Raman' },
  ]);

  // The same file again adds nothing.
  await hsiHq.reload();
  await hsiHq.getByLabel('LMS export (CSV)').setInputFiles({ name: 'lms-good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await hsiHq.getByRole('button', { name: 'Import' }).click();
  await expect(hsiHq.getByRole('status')).toHaveText('Imported lms-good.csv: 1 rows, 0 added, 1 already on record.');
  expect(completionCount(records, agentId)).toBe(1);
  expect(records.events(request.id).filter((e) => e.action === 'activate')).toHaveLength(1);

  // The agent's page shows the completion, imported.
  await hsiHq.goto(`/agents/${agentId}`);
  const standing = hsiHq.getByRole('table', { name: /^Where .* stands on each module$/ }).getByRole('row', { name: new RegExp(ORIENTATION) });
  await expect(standing.getByRole('cell').nth(1)).toHaveText(expectedStanding(records, agentId, ORIENTATION).text);
  await expect(hsiHq.locator('ol.timeline')).toContainText(`Completed: ${ORIENTATION} version 1 on ${formatDate(completedOn)}`);
  await expect(hsiHq.locator('ol.timeline')).toContainText('Imported from the LMS by Priya Raman');
});

test('a waiver needs a reason: refused without one, recorded with one', async ({ pageAs, records }) => {
  const agent = newAgent(records);
  const hsiHq = await pageAs('hsiHq');
  await hsiHq.goto(`/agents/${agent.id}`);
  const standing = hsiHq.getByRole('table', { name: /^Where .* stands on each module$/ }).getByRole('row', { name: new RegExp(ORIENTATION) });
  await expect(standing.getByRole('cell').nth(1)).toHaveText(`Due by ${formatDate(plusDays(today(), 60))}`);

  const form = hsiHq.getByRole('form', { name: 'Record a completion or waiver' });
  await form.getByLabel('Module').selectOption({ value: ORIENTATION });
  await form.getByRole('radio', { name: 'Waived or exempted' }).check();
  await expect(form.getByLabel('Waived on')).toHaveValue(today());
  await form.getByRole('button', { name: 'Record' }).click();
  await expect(hsiHq.getByRole('alert').filter({ hasText: 'There is a problem' })).toContainText('Check the highlighted fields.');
  const reason = hsiHq.getByRole('form', { name: 'Record a completion or waiver' }).getByLabel('Reason (required for a waiver or exemption)');
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  await expect(reason).toHaveAccessibleDescription('Error: Give the reason for the waiver or exemption.');
  expect(completionCount(records, agent.id)).toBe(0);
  await expect(standing.getByRole('cell').nth(1)).toHaveText(/^Due by /);

  // The form keeps what was chosen; with a reason, the waiver is recorded.
  await expect(form.getByRole('radio', { name: 'Waived or exempted' })).toBeChecked();
  await expect(form.getByLabel('Module')).toHaveValue(ORIENTATION);
  await reason.fill('Exempted: completed the equivalent DEA Title 21 course at the DEA Academy.');
  await form.getByRole('button', { name: 'Record' }).click();
  await expect(hsiHq.getByRole('status')).toContainText('Recorded.');
  await expect(hsiHq).toHaveURL(new RegExp(`/agents/${agent.id}\\?done=recorded`));
  await expect(standing.getByRole('cell').nth(1)).toHaveText(`Waived ${formatDate(today())}`);
  await expect(standing.getByRole('cell').nth(3)).toHaveText(`Waived or exempted ${formatDate(today())}, version 1: Exempted: completed the equivalent DEA Title 21 course at the DEA Academy.`);
  expect(records.db.$client.prepare('SELECT kind, completed_on, reason, source, recorded_by_name FROM training_completions WHERE agent_id = ?').all(agent.id)).toEqual([
    { kind: 'waiver', completed_on: today(), reason: 'Exempted: completed the equivalent DEA Title 21 course at the DEA Academy.', source: 'manual', recorded_by_name: 'Priya Raman' },
  ]);
  expect(expectedStanding(records, agent.id, ORIENTATION).text).toBe(`Waived ${formatDate(today())}`);
});

test('an auditor reads the offices × modules matrix, drills into an office, and the CSV has the same figures', async ({ pageAs, records }) => {
  const auditor = await pageAs('auditor');
  await auditor.getByRole('link', { name: 'Training', exact: true }).click();
  await auditor.getByRole('navigation', { name: 'Training' }).getByRole('link', { name: 'Who owes what' }).click();
  await expect(auditor).toHaveURL(/\/training\/offices$/);
  await expect(auditor.getByRole('heading', { level: 1 })).toHaveText('Who owes what');
  const matrix = auditor.getByRole('table', { name: 'Training status by office and module' });
  const headers = (await matrix.getByRole('columnheader').allInnerTexts()).map((h) => h.trim());
  expect(headers.slice(0, 2)).toEqual(['Office', 'People']);
  const column = (code: string) => headers.findIndex((h) => h.startsWith(code));
  expect(column(ORIENTATION)).toBeGreaterThan(1);
  expect(column('JOINT-IAA-2009')).toBeGreaterThan(1);
  expect(headers[column(ORIENTATION)]).toContain('Published');

  // HSI San Diego's row: its people, and on the orientation module its counts (no test changes them).
  const row = matrix.getByRole('row', { name: /^HSI San Diego/ });
  const cells = row.locator('th, td');
  const people = Number(await cells.nth(1).innerText());
  expect(people).toBeGreaterThan(0);
  const cellText = (await cells.nth(column(ORIENTATION)).innerText()).trim();
  const figures = /^(\d+) of (\d+) completed \((\d+)%\)\s*(\d+) due · (\d+) overdue \((\d+)%\) · (\d+) waived( · (\d+) expiring soon)?$/.exec(cellText);
  expect(figures, cellText).not.toBeNull();
  const [completed, audience, , due, overdue, , waived, , expiringSoon] = [...figures!.slice(1)].map((v) => (v === undefined ? 0 : Number(v)));
  expect(audience).toBe(people);
  expect(completed! + due! + overdue! + waived!).toBe(audience);
  await expect(cells.nth(column('JOINT-IAA-2009'))).toHaveText(`Not yet available (${people})`);
  // DEA divisions are not in the orientation module's audience.
  await expect(matrix.getByRole('row', { name: /^DEA El Paso Division/ }).locator('th, td').nth(column(ORIENTATION))).toHaveText('Not in audience');

  // The CSV says the same for the office.
  const download = await auditor.request.get('/training/csv/matrix');
  expect(download.status()).toBe(200);
  const csv = csvRows(await download.text());
  const sanDiego = csv.find((r) => r.office_code === 'hsi-san-diego' && r.module_code === ORIENTATION);
  expect(sanDiego).toEqual({
    office_code: 'hsi-san-diego',
    office: 'HSI San Diego',
    module_code: ORIENTATION,
    audience: String(audience),
    completed: String(completed),
    of_which_expiring_soon: String(expiringSoon),
    waived: String(waived),
    due: String(due),
    overdue: String(overdue),
    not_yet_available: '0',
    completed_pct: ((completed! * 100) / audience!).toFixed(1),
    overdue_pct: ((overdue! * 100) / audience!).toFixed(1),
  });
  expect(csv.find((r) => r.office_code === 'hsi-san-diego' && r.module_code === 'JOINT-IAA-2009')).toMatchObject({ audience: String(people), not_yet_available: String(people), completed: '0' });
  expect(csv.find((r) => r.office_code === 'dea-el-paso' && r.module_code === ORIENTATION)).toBeUndefined();

  // Drilling into the office: its people, each with a standing that adds up to the matrix's counts.
  await row.getByRole('link', { name: 'HSI San Diego' }).click();
  await expect(auditor).toHaveURL(/\/training\/offices\/hsi-san-diego$/);
  await expect(auditor.getByRole('heading', { level: 1 })).toHaveText('HSI San Diego: training');
  const officeTable = auditor.getByRole('table', { name: 'Each person’s standing on each module' });
  await expect(officeTable.getByRole('row')).toHaveCount(people + 1);
  const officeHeaders = (await officeTable.getByRole('columnheader').allInnerTexts()).map((h) => h.trim());
  const standings = await officeTable
    .getByRole('row')
    .evaluateAll((rows, index) => rows.slice(1).map((r) => (r.querySelectorAll('th, td')[index]?.textContent ?? '').trim()), officeHeaders.indexOf(ORIENTATION));
  const countOf = (pattern: RegExp) => standings.filter((s) => pattern.test(s)).length;
  expect(countOf(/^(Completed|Expiring)/)).toBe(completed);
  expect(countOf(/^Expiring/)).toBe(expiringSoon);
  expect(countOf(/^Overdue since/)).toBe(overdue);
  expect(countOf(/^(Due by|Not started)/)).toBe(due);
  expect(countOf(/^Waived/)).toBe(waived);
  await expect(auditor.getByRole('link', { name: 'All offices' })).toBeVisible();
  // Read-only: no upload for the auditor.
  await expect(auditor.getByRole('navigation', { name: 'Training' }).getByRole('link', { name: 'Import completions' })).toHaveCount(0);
  expect(records.officeId('hsi-san-diego')).toBeGreaterThan(0);
});
