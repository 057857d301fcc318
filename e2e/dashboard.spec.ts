// An auditor filters the timeliness dashboard, sees the same figures as `npm run t21 -- report` for
// the same period, and downloads the stage table as CSV.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { addCalendarDays, calendarDate } from '@/lib/calendar/dates';
import { expect, signIn, test } from './support/fixtures';
import { E2E_DATABASE_FILE } from './support/environment';

function cliReport(from: string, to: string): string {
  const result = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'lib/cli/t21.ts', 'report', '--from', from, '--to', to], {
    env: { ...process.env, DATABASE_URL: `file:${E2E_DATABASE_FILE}` },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

// The period ends yesterday, so requests other tests decide today cannot change it while we compare.
const today = calendarDate(Date.now(), 'America/New_York');
const from = addCalendarDays(today, -300);
const to = addCalendarDays(today, -1);

test('an auditor filters the dashboard, sees the CLI report’s figures, and downloads the CSV', async ({ page }) => {
  await signIn(page, 'auditor');
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByRole('heading', { name: 'Timeliness dashboard' })).toBeVisible();

  await page.getByLabel('Or from').fill(from);
  await page.getByLabel('to', { exact: true }).fill(to);
  await page.getByRole('button', { name: 'Apply' }).click();
  // The filters are kept in the URL, so the view can be shared.
  await expect(page).toHaveURL(new RegExp(`from=${from}.*to=${to}`));

  const report = cliReport(from, to).trim().split('\n');
  expect(report[0]).toBe('stage,n,p50,p90,max,goal,within_goal_pct');
  const table = page.getByRole('table', { name: /Business days per stage/ });
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(5);
  const decided = Number(report[5]!.split(',')[1]);
  expect(decided).toBeGreaterThan(0);

  for (let i = 0; i < 5; i += 1) {
    const [, n, p50, p90, max, goal, within] = report[i + 1]!.split(',');
    const cells = await rows.nth(i).locator('th, td').allInnerTexts();
    const shown = cells.slice(1).map((text) => text.replace(/,/g, '').replace('%', '').replace('–', ''));
    expect(shown).toEqual([n, p50, p90, max, goal, within]);
  }

  // The headline agrees with the end-to-end row.
  const [, , e2eP50, e2eP90] = report[5]!.split(',');
  await expect(page.getByText('Median end to end').locator('..')).toContainText(`${e2eP50} business days`);
  await expect(page.getByText('90th percentile end to end').locator('..')).toContainText(`${e2eP90} business days`);

  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download the stage table (CSV)' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe(`t21-stages-${from}-to-${to}.csv`);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  expect(csv).toBe(cliReport(from, to));
});

test('the dashboard explains a bad filter instead of failing', async ({ page }) => {
  await signIn(page, 'auditor');
  await page.goto(`/dashboard?from=${to}&to=${from}`);
  await expect(page.getByRole('alert').filter({ hasText: 'There is a problem' })).toContainText('The end date must be on or after the start date.');
});

test('a supervisor has no dashboard', async ({ page }) => {
  await signIn(page, 'supervisor');
  await expect(page.getByRole('link', { name: 'Dashboard' })).toHaveCount(0);
  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  const response = await page.request.get('/dashboard/csv/stages');
  expect(response.status()).toBe(403);
});

test('an administrator adds a goal version; an auditor sees it and cannot add one', async ({ page, records, pageAs }) => {
  const effective = addCalendarDays(today, 400);
  await signIn(page, 'admin');
  await page.goto('/goals');
  await page.getByLabel('Stage').selectOption({ label: 'DEA HQ review' });
  await page.getByLabel('Goal in business days').fill('0');
  await page.getByLabel('Takes effect on').fill(effective);
  await page.getByRole('button', { name: 'Add goal version' }).click();
  await expect(page.getByLabel('Goal in business days')).toHaveAccessibleDescription(/at least 1 business day/);
  await expect(page.getByLabel('Takes effect on')).toHaveValue(effective);

  await page.getByLabel('Goal in business days').fill('8');
  await page.getByRole('button', { name: 'Add goal version' }).click();
  await expect(page.getByRole('status')).toContainText('The new goal version is saved');
  const row = records.db.$client
    .prepare("SELECT business_days, warning_share, created_by_user_id FROM timeliness_goals WHERE stage = 'dea_hq_review' AND effective_from = ?")
    .get(effective);
  expect(row).toEqual({ business_days: 8, warning_share: 0.8, created_by_user_id: records.actor('admin').id });

  const auditor = await pageAs('auditor');
  await auditor.goto('/goals');
  await expect(auditor.getByRole('table', { name: 'Every goal version' })).toContainText('Grace Liu');
  await expect(auditor.getByRole('button', { name: 'Add goal version' })).toHaveCount(0);
});
