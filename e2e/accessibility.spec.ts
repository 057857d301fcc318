// Every page, in the states people meet it in (empty, with errors, with action forms), has no WCAG 2.1
// A/AA violations axe can find; and the skip link is the first thing the keyboard reaches.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, signIn, test } from './support/fixtures';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe on the page as it stands; a failure lists each rule with the elements that break it. */
async function expectNoViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const violations = results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    elements: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
  }));
  expect(violations, `${what} (${page.url()})`).toEqual([]);
  // A page axe could not read would pass vacuously.
  expect(results.passes.length, what).toBeGreaterThan(10);
}

test('sign-in page, empty and after a failed attempt', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expectNoViolations(page, 'sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Check the highlighted fields.' })).toBeVisible();
  await expect(page.getByLabel('Email address')).toHaveAccessibleDescription(/Enter your email address/);
  await expectNoViolations(page, 'sign-in with errors');
});

test('inbox and request list', async ({ page, records }) => {
  records.requestIn('draft');
  await signIn(page, 'supervisor');
  await expect(page.getByRole('heading', { name: 'Needs my action' })).toBeVisible();
  await expectNoViolations(page, 'supervisor inbox');

  await page.goto('/requests');
  await expect(page.getByRole('status')).toContainText('found');
  await expectNoViolations(page, 'request list');
  await page.goto('/requests?state=bogus');
  await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expectNoViolations(page, 'request list with a bad filter');
});

test('inbox and request list of headquarters', async ({ page }) => {
  await signIn(page, 'deaHq');
  await expect(page.getByRole('heading', { name: /^Waiting for DEA HQ review/ })).toBeVisible();
  await expectNoViolations(page, 'DEA HQ inbox');
  await page.goto('/requests?page=2');
  await expect(page.getByRole('link', { name: 'Previous page' })).toBeVisible();
  await expectNoViolations(page, 'request list, second page');
});

test('new request: the form, its errors, and checking the answers', async ({ page }) => {
  await signIn(page, 'supervisor');
  await page.goto('/requests/new');
  await expect(page.getByRole('heading', { name: /Propose agents/ })).toBeVisible();
  await expectNoViolations(page, 'new request form');

  await page.getByRole('button', { name: 'Add another agent' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expectNoViolations(page, 'new request form with errors');

  await page.getByRole('button', { name: 'Remove agent 2' }).click();
  await page.getByLabel('DEA division where the agents will work').selectOption({ label: 'DEA El Paso Division' });
  await page.getByLabel('Border nexus').fill('Methamphetamine carried through the Paso del Norte port of entry.');
  const agent = page.getByRole('group', { name: 'Agent 1' });
  await agent.getByLabel('Full name').fill('Axe Tester');
  await agent.getByLabel('Badge or employee number').fill('AXE-0001');
  await agent.getByLabel('Duty station').fill('El Paso, TX');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Check your answers' })).toBeVisible();
  await expectNoViolations(page, 'check your answers');
});

test('request detail with action forms, before and after a refused action', async ({ page, records }) => {
  const { id } = records.requestIn('dea_hq_review');
  await signIn(page, 'deaHq');
  await page.goto(`/requests/${id}`);
  await expect(page.getByRole('button', { name: 'Route to division' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Deny' })).toBeVisible();
  await expectNoViolations(page, 'request detail with action forms');

  await page.getByRole('button', { name: 'Return to requester' }).click();
  await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expectNoViolations(page, 'request detail with a refused action');
});

test('request detail with a long history, and the done message', async ({ page, records }) => {
  const { id } = records.requestIn('active');
  await signIn(page, 'deaHq');
  await page.goto(`/requests/${id}?done=approve`);
  await expect(page.getByRole('status')).toHaveText('Request approved.');
  await expect(page.getByRole('combobox', { name: 'Why is it rescinded?' })).toBeVisible();
  await expectNoViolations(page, 'active request with a rescind form');
});

test('edit request', async ({ page, records }) => {
  const { id } = records.requestIn('draft');
  await signIn(page, 'supervisor');
  await page.goto(`/requests/${id}/edit`);
  await expect(page.getByRole('button', { name: 'Save changes' })).toBeVisible();
  await expectNoViolations(page, 'edit request');
  await page.getByLabel('Border nexus').fill('Too short');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expectNoViolations(page, 'edit request with errors');
});

test('agents roster', async ({ page }) => {
  await signIn(page, 'supervisor');
  await page.goto('/agents');
  await expect(page.getByRole('heading', { name: 'Agents' })).toBeVisible();
  await expectNoViolations(page, 'agents');
});

test('administration: users, a new user with errors, offices', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/admin/users');
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
  await expectNoViolations(page, 'users');

  await page.goto('/admin/users/new');
  await expectNoViolations(page, 'new user');
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expectNoViolations(page, 'new user with errors');

  await page.goto('/admin/offices');
  await expect(page.getByRole('heading', { name: 'Offices' })).toBeVisible();
  await page.locator('details summary').first().click();
  await expectNoViolations(page, 'offices, one opened');
});

test('not-found page', async ({ page }) => {
  await signIn(page, 'auditor');
  await page.goto('/requests/987654321');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expectNoViolations(page, 'not found');
});

test('the skip link is the first tab stop and moves focus to the main content', async ({ page }) => {
  await signIn(page, 'supervisor');
  for (const path of ['/inbox', '/requests/new']) {
    await page.goto(path);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press('Enter');
    await expect(page.locator('main#main')).toBeFocused();
    // The next tab stop is inside the main content, not back in the header.
    await page.keyboard.press('Tab');
    await expect(page.locator('main#main :focus')).toHaveCount(1);
  }
});

test('timeliness dashboard, with and without a bad filter, and the goals page', async ({ page }) => {
  await signIn(page, 'auditor');
  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { name: 'Timeliness dashboard' })).toBeVisible();
  await expect(page.getByRole('table', { name: /Business days per stage/ })).toBeVisible();
  await expectNoViolations(page, 'dashboard');
  await page.goto('/dashboard?fy=abc');
  await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expectNoViolations(page, 'dashboard with a bad filter');
  await page.goto('/goals');
  await expect(page.getByRole('heading', { name: 'Timeliness goals' })).toBeVisible();
  await expectNoViolations(page, 'goals, read-only');
});

test('goals page with the administrator’s form and its errors', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/goals');
  await page.getByRole('button', { name: 'Add goal version' }).click();
  await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expectNoViolations(page, 'goals form with errors');
});

test('training modules: the list, and a module with its dispute and forms', async ({ page }) => {
  await signIn(page, 'deaHq');
  await page.goto('/training');
  await expect(page.getByRole('heading', { name: 'Training modules' })).toBeVisible();
  await expectNoViolations(page, 'training modules');
  await page.goto('/training/MODULE-2021-2');
  await expect(page.getByRole('heading', { name: 'Record a new dispute' })).toBeVisible();
  await page.getByRole('button', { name: 'Record the dispute' }).click();
  await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expectNoViolations(page, 'training module with dispute form errors');
});

test('who owes what: the offices × modules matrix, and an office’s people × modules', async ({ page }) => {
  await signIn(page, 'auditor');
  await page.goto('/training/offices');
  await expect(page.getByRole('table', { name: 'Training status by office and module' })).toBeVisible();
  await expectNoViolations(page, 'offices × modules');
  await page.goto('/training/offices/hsi-el-paso');
  await expect(page.getByRole('table', { name: 'Each person’s standing on each module' })).toBeVisible();
  await expectNoViolations(page, 'an office’s people × modules');
});

test('what a supervisor’s agents owe, everyone and only those who owe', async ({ page }) => {
  await signIn(page, 'supervisor');
  await page.goto('/training/offices/hsi-el-paso');
  await expect(page.getByRole('heading', { name: 'HSI El Paso: training' })).toBeVisible();
  await expectNoViolations(page, 'supervisor’s office training');
  await page.getByRole('link', { name: 'Show only people who still owe a module' }).click();
  await expect(page.getByRole('link', { name: 'Show everyone' })).toBeVisible();
  await expectNoViolations(page, 'supervisor’s office training, owing only');
});

test('importing completions: the form, and a refused file with its problems', async ({ page }) => {
  await signIn(page, 'hsiHq');
  await page.goto('/training/import');
  await expect(page.getByRole('heading', { name: 'Import completions' })).toBeVisible();
  await expectNoViolations(page, 'import completions');
  await page.getByLabel('LMS export (CSV)').setInputFiles({ name: 'axe.csv', mimeType: 'text/csv', buffer: Buffer.from('badge,module_code,completed_on\nNOSUCHBADGE999,NO-SUCH-MODULE,2001-02-30\n') });
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was imported' })).toBeVisible();
  await expectNoViolations(page, 'import completions with problems');
});

test('a new training module: the form and its errors', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/training/new');
  await expect(page.getByRole('heading', { name: 'New training module' })).toBeVisible();
  await expectNoViolations(page, 'new training module');
  await page.getByRole('button', { name: 'Create the module' }).click();
  await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expectNoViolations(page, 'new training module with errors');
});

test('a person’s page: training standing, records, and the form with its errors', async ({ page, records }) => {
  const { badge } = records.requestIn('dea_hq_review');
  const { id } = records.db.$client.prepare('SELECT id FROM agents WHERE badge = ?').get(badge) as { id: number };
  await signIn(page, 'hsiHq');
  await page.goto(`/agents/${id}`);
  await expect(page.getByRole('heading', { name: 'Record a completion or waiver' })).toBeVisible();
  await expect(page.locator('ol.timeline > li')).toHaveCount(1);
  await expectNoViolations(page, 'person page');
  const form = page.getByRole('form', { name: 'Record a completion or waiver' });
  await form.getByRole('radio', { name: 'Waived or exempted' }).check();
  await form.getByRole('button', { name: 'Record' }).click();
  await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expectNoViolations(page, 'person page with form errors');
});
