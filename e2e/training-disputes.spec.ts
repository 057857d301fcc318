// A content dispute followed by an auditor from where it is raised to its resolution and the module's
// publication: the module list, the module's page, the dashboard's training panel and the offices ×
// modules matrix each tell the same story, and the auditor can change none of it. The module is made
// for this test (audience both, not required before activation), so publishing it cannot make anyone's
// approval wait for training; the joint module of the reference data is only read.
import type { Page } from '@playwright/test';
import { addCalendarDays, calendarDate, daysBetween } from '@/lib/calendar/dates';
import { settings } from '@/lib/config';
import { formatDate } from '@/lib/format';
import { raiseDispute } from '@/lib/training/disputes';
import { createModule } from '@/lib/training/manage-modules';
import { moveModule } from '@/lib/training/module-writer';
import { expect, signIn, test, uniqueBadge } from './support/fixtures';

const DAY = 86_400_000;
const POINT = 'Whether the module may describe cases without a port of entry as having a border nexus.';
const RESOLUTION = 'Both agencies accept the revised section on the border nexus.';

/** The cell of a table's row under the column headed `header` (rows start with a row header). */
async function cellUnder(page: Page, tableName: string | RegExp, rowName: string | RegExp, header: string | RegExp) {
  const table = page.getByRole('table', { name: tableName });
  const headers = await table.getByRole('columnheader').allInnerTexts();
  const index = headers.findIndex((h) => (typeof header === 'string' ? h.trim().startsWith(header) : header.test(h)));
  expect(index, `column ${String(header)} in ${headers.join(' | ')}`).toBeGreaterThanOrEqual(0);
  return table.getByRole('row', { name: rowName }).locator('th, td').nth(index);
}

// The module this file publishes is owed by everyone until someone records a completion; it is retired
// once the story is told, so other tests (who owes what) see the demo's modules only.
let publishedModuleId: number | null = null;
test.afterEach(({ records }) => {
  if (publishedModuleId === null) return;
  const { status } = records.db.$client.prepare('SELECT status FROM training_modules WHERE id = ?').get(publishedModuleId) as { status: string };
  if (status === 'published') moveModule(records.db, records.actor('admin'), { moduleId: publishedModuleId, action: 'retire', note: 'End of the end-to-end test that published it.' });
  publishedModuleId = null;
});

test('an auditor follows a dispute from raised to resolved to the module’s publication', async ({ pageAs, records }) => {
  test.slow();
  const zone = settings().T21_TIME_ZONE;
  const now = Date.now();
  const today = calendarDate(now, zone);
  const code = uniqueBadge('MOD');
  const title = `Border nexus in practice ${code}`;

  // The administrator drafted the module 40 days ago and sent it for review; DEA HQ disputed a point
  // 12 days ago, at headquarters.
  const createdAt = now - 40 * DAY;
  const createdOn = calendarDate(createdAt, zone);
  const raisedOn = addCalendarDays(today, -12);
  const { id: moduleId } = createModule(
    records.db,
    records.actor('admin'),
    { code, title, ownerAgency: 'joint', audience: 'both', isRequiredBeforeActivation: 'no', refresherMonths: '', completionWindowDays: '90' },
    createdAt,
  );
  moveModule(records.db, records.actor('admin'), { moduleId, action: 'submit_for_review' });
  raiseDispute(records.db, records.actor('deaHq'), { moduleId, point: POINT, raisedByAgency: 'DEA', raisedOn, level: 'headquarters' });
  publishedModuleId = moduleId;
  const status = () => (records.db.$client.prepare('SELECT status FROM training_modules WHERE id = ?').get(moduleId) as { status: string }).status;
  expect(status()).toBe('disputed');

  // The module list: disputed, one dispute open.
  const auditor = await pageAs('auditor');
  await auditor.goto('/training');
  const listed = auditor.getByRole('table', { name: 'Training modules' }).getByRole('row', { name: new RegExp(code) });
  const daysUnpublished = String(daysBetween(createdOn, today));
  await expect(listed.getByRole('cell')).toHaveText([`${title} (${code})`, 'Joint DEA–HSI', 'HSI and DEA agents', 'Disputed', '1', /\d{4}/, daysUnpublished, '1', 'No']);

  // The module's page: the open dispute, how long it has been open, where it stands; no way to change anything.
  await auditor.getByRole('link', { name: title }).click();
  await expect(auditor).toHaveURL(new RegExp(`/training/${code}$`));
  await expect(auditor.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(auditor.getByRole('heading', { name: 'Disputes (1 open)' })).toBeVisible();
  const open = auditor.getByRole('region', { name: `Open: raised by DEA on ${formatDate(raisedOn)}` });
  await expect(open).toContainText('Open for 12 days.');
  await expect(open).toContainText(POINT);
  await expect(open.getByRole('listitem')).toHaveText([new RegExp(`^Headquarters from ${formatDate(raisedOn)}`)]);
  await expect(auditor.getByRole('button')).toHaveText(['Sign out']);
  await expect(auditor.getByRole('textbox')).toHaveCount(0);

  // The dashboard's training panel: not finalised, 40 days unpublished, one dispute 12 days old.
  await auditor.goto('/dashboard');
  const panelRow = auditor.getByRole('table', { name: /^Each module: published or not/ }).getByRole('row', { name: title });
  await expect(panelRow.getByRole('cell')).toHaveText(['Not finalised (disputed)', formatDate(createdOn), daysUnpublished, '1', '12', /^\d+$/, '–', '–', '–']);

  // The matrix: nobody can owe it yet.
  await auditor.goto('/training/offices');
  await expect(auditor.getByRole('columnheader', { name: new RegExp(code) })).toContainText('Disputed');
  const elPasoCell = await cellUnder(auditor, 'Training status by office and module', /^HSI El Paso/, code);
  await expect(elPasoCell).toHaveText(/^Not yet available \(\d+\)$/);
  const totalCell = await cellUnder(auditor, 'Training status by office and module', /^All offices/, code);
  await expect(totalCell).toHaveText(/^Not yet available \(\d+\)$/);

  // The administrator is not offered Publish while the dispute is open, and the module writer refuses it.
  const admin = await pageAs('admin');
  await admin.goto(`/training/${code}`);
  await expect(admin.getByRole('heading', { name: 'What you can do' })).toBeVisible();
  await expect(admin.getByRole('button', { name: 'Publish', exact: true })).toHaveCount(0);
  expect(() => moveModule(records.db, records.actor('admin'), { moduleId, action: 'publish' })).toThrow(/A module that is disputed cannot be changed that way/);
  expect(status()).toBe('disputed');

  // DEA HQ takes it to the formal mechanism, then records the resolution.
  const deaHq = await pageAs('deaHq');
  await deaHq.goto(`/training/${code}`);
  await deaHq.getByLabel('Escalate to').selectOption({ label: 'Formal dispute-resolution mechanism' });
  await deaHq.getByLabel('Note (optional)').fill('Headquarters could not agree; referred under the 2009 agreement.');
  await deaHq.getByRole('button', { name: 'Escalate' }).click();
  await expect(deaHq.getByRole('status')).toContainText('The escalation is recorded.');
  expect(status()).toBe('disputed');
  await deaHq.getByLabel('Resolution').fill(RESOLUTION);
  await deaHq.getByRole('button', { name: 'Resolve' }).click();
  await expect(deaHq.getByRole('status')).toContainText('The dispute is resolved.');
  expect(status()).toBe('in_review');

  // With no dispute open, the administrator publishes.
  await admin.reload();
  await admin.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(admin.getByRole('status')).toContainText('The module’s status is saved.');
  expect(status()).toBe('published');

  // The auditor reads the whole record: the dispute resolved, with its dates and each rung it climbed.
  await auditor.goto(`/training/${code}`);
  await expect(auditor.locator('.lead')).toHaveText('Published, version 1');
  await expect(auditor.getByRole('heading', { name: 'Disputes (0 open)' })).toBeVisible();
  const resolved = auditor.getByRole('region', { name: `Resolved: raised by DEA on ${formatDate(raisedOn)}` });
  await expect(resolved).toContainText('Resolved after 12 days.');
  await expect(resolved.getByRole('listitem')).toHaveText([
    new RegExp(`^Headquarters from ${formatDate(raisedOn)}.*recorded by Thomas Becker`),
    new RegExp(`^Formal dispute-resolution mechanism from ${formatDate(today)}.*recorded by Thomas Becker.*Headquarters could not agree`),
    new RegExp(`^Resolved on ${formatDate(today)}${RESOLUTION}`),
  ]);
  await expect(auditor.getByRole('button')).toHaveText(['Sign out']);
  const history = auditor.getByRole('heading', { name: 'History' }).locator('xpath=following-sibling::ol[1]');
  await expect(history.getByRole('listitem')).toHaveText([
    /^Created: Draft, version 1, by Grace Liu/,
    /^Submit for review: Draft → In review/,
    /^Disputed: In review → Disputed, version 1, by Thomas Becker/,
    /^Review resumed: Disputed → In review, version 1, by Thomas Becker/,
    /^Publish: In review → Published/,
  ]);
  const reach = auditor.locator('dl.summary-list dt', { hasText: /^Audience trained$/ }).locator('xpath=following-sibling::dd[1]');
  await expect(reach).toHaveText(/^0 of \d+ \(0%\), 0 waived/);

  // The dashboard: finalised today, no dispute open, none of its audience trained yet.
  await auditor.goto('/dashboard');
  await expect(panelRow.getByRole('cell')).toHaveText(['Published', formatDate(today), '–', '0', '–', /^\d+$/, '0', '0', '0.0%']);
  const audience = Number((await panelRow.getByRole('cell').nth(5).innerText()).replace(/,/g, ''));
  expect(audience).toBeGreaterThan(0);

  // The matrix now counts: everyone in its audience owes it, due within its 90 days, nobody overdue yet.
  await auditor.goto('/training/offices');
  await expect(auditor.getByRole('columnheader', { name: new RegExp(code) })).toContainText('Published');
  for (const office of [/^HSI El Paso/, /^All offices/]) {
    const cell = await cellUnder(auditor, 'Training status by office and module', office, code);
    const text = await cell.innerText();
    const counts = /^0 of ([\d,]+) completed \(0%\)\s*([\d,]+) due · 0 overdue \(0%\) · 0 waived$/.exec(text.trim());
    expect(counts, text).not.toBeNull();
    expect(counts![2]).toBe(counts![1]);
  }

  // The database holds the same history.
  const events = records.db.$client.prepare('SELECT action, to_status, actor_name FROM training_module_events WHERE module_id = ? ORDER BY at, id').all(moduleId);
  expect(events).toEqual([
    { action: 'create', to_status: 'draft', actor_name: 'Grace Liu' },
    { action: 'submit_for_review', to_status: 'in_review', actor_name: 'Grace Liu' },
    { action: 'dispute', to_status: 'disputed', actor_name: 'Thomas Becker' },
    { action: 'resume_review', to_status: 'in_review', actor_name: 'Thomas Becker' },
    { action: 'publish', to_status: 'published', actor_name: 'Grace Liu' },
  ]);
  const steps = records.db.$client
    .prepare('SELECT s.level, s."on" FROM training_dispute_steps s JOIN training_disputes d ON d.id = s.dispute_id WHERE d.module_id = ? ORDER BY s.id')
    .all(moduleId);
  expect(steps).toEqual([
    { level: 'headquarters', on: raisedOn },
    { level: 'formal_mechanism', on: today },
  ]);
});

test('the auditor can still read the joint module’s open dispute, raised by both agencies at headquarters', async ({ page, records }) => {
  await signIn(page, 'auditor');
  await page.goto('/training/JOINT-IAA-2009');
  await expect(page.locator('.lead')).toContainText('Disputed, version 1');
  const open = page.getByRole('region', { name: 'Open: raised by Both agencies on 1 Feb 2025' });
  const today = calendarDate(Date.now(), settings().T21_TIME_ZONE);
  await expect(open).toContainText(`Open for ${daysBetween('2025-02-01', today).toLocaleString('en-US')} days.`);
  await expect(open).toContainText('the agencies disagree');
  await expect(open.getByRole('listitem')).toHaveText([/^Headquarters from 1 Feb 2025.*As reported in GAO-25-107839/]);
  await expect(page.getByRole('button')).toHaveText(['Sign out']);
  const row = records.db.$client.prepare("SELECT status FROM training_modules WHERE code = 'JOINT-IAA-2009'").get();
  expect(row).toEqual({ status: 'disputed' });
});
