// The agents roster as a supervisor sees it (their own office only, with each designation's end), and
// an administrator adding a person who can then sign in.
import { formatDate } from '@/lib/format';
import { expect, signIn, signInAs, test, uniqueBadge } from './support/fixtures';

test('the El Paso supervisor’s roster lists only El Paso agents', async ({ page, records }) => {
  const houston = records.requestIn('hsi_review', { supervisor: 'otherSupervisor' });
  await signIn(page, 'supervisor');
  await page.goto('/agents');
  await expect(page.getByRole('heading', { name: 'Agents' })).toBeVisible();
  // Supervisors are not offered other offices to filter by.
  await expect(page.getByLabel('Office or division')).toHaveCount(0);

  const table = page.getByRole('table', { name: 'Agents' });
  const officeCells = table.locator('tbody tr td:nth-child(4)');
  await expect(officeCells.first()).toBeVisible();
  const offices = await officeCells.allTextContents();
  expect(offices.length).toBeGreaterThan(0);
  expect(new Set(offices)).toEqual(new Set(['HSI El Paso']));

  // A Houston agent is not found even by exact badge; nor is an office filter honoured to reach them.
  await page.goto(`/agents?q=${houston.badge}`);
  await expect(page.getByRole('status')).toHaveText('0 agents found.');
  await page.goto(`/agents?office=${records.officeId('hsi-houston')}`);
  const filtered = await page.getByRole('table', { name: 'Agents' }).locator('tbody tr td:nth-child(4)').allTextContents();
  expect(filtered.filter((office) => office !== 'HSI El Paso')).toEqual([]);
});

test('an approved agent shows as an active designation with its end date', async ({ page, records }) => {
  const agentName = `Roster Active ${uniqueBadge()}`;
  const { id, badge } = records.requestIn('active', { agentName });
  const designation = records.designation(id);
  expect(designation).toBeDefined();

  await signIn(page, 'supervisor');
  await page.goto(`/agents?q=${badge}`);
  await expect(page.getByRole('status')).toHaveText('1 agent found.');
  const row = page.getByRole('table', { name: 'Agents' }).getByRole('row', { name: new RegExp(agentName) });
  await expect(row.getByRole('cell')).toHaveText([agentName, badge, 'HSI', 'HSI El Paso', 'El Paso, TX', 'Active designation', formatDate(designation!.ends_on), '']);
});

test('an agent with a request under review links to it from the roster', async ({ page, records }) => {
  const { badge, ref, id } = records.requestIn('division_review');
  await signIn(page, 'supervisor');
  await page.goto(`/agents?q=${badge}`);
  const row = page.getByRole('table', { name: 'Agents' }).getByRole('row', { name: new RegExp(badge) });
  await expect(row.getByRole('cell').nth(5)).toHaveText('None');
  await row.getByRole('link', { name: ref }).click();
  await expect(page).toHaveURL(new RegExp(`/requests/${id}$`));
});

test('an administrator adds a user, who can then sign in', async ({ page, browser, records }) => {
  const suffix = uniqueBadge('U').toLowerCase();
  const email = `new.reviewer.${suffix}@agency.example`;
  const name = `Nora Reviewer ${suffix}`;
  const password = `long-enough-${suffix}`;
  const usersBefore = records.db.$client.prepare('SELECT count(*) AS n FROM users WHERE email = ?').get(email) as { n: number };
  expect(usersBefore.n).toBe(0);

  await signIn(page, 'admin');
  await page.goto('/admin/users');
  await page.getByRole('link', { name: 'Add a user' }).click();
  await expect(page.getByRole('heading', { name: 'Add a user' })).toBeVisible();
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Role').selectOption({ label: 'HSI HQ reviewer' });
  await page.getByLabel('Initial password').fill('short');
  await page.getByRole('button', { name: 'Create user' }).click();

  // Refused: the reason beside the password, what was typed kept (but never the password).
  await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expect(page.getByLabel('Initial password')).toHaveAccessibleDescription(/Use at least 12 characters/);
  await expect(page.getByLabel('Full name')).toHaveValue(name);
  await expect(page.getByLabel('Email address')).toHaveValue(email);
  await expect(page.getByLabel('Role')).toHaveValue('hsi_hq');
  await expect(page.getByLabel('Initial password')).toHaveValue('');
  const afterRefusal = records.db.$client.prepare('SELECT count(*) AS n FROM users WHERE email = ?').get(email) as { n: number };
  expect(afterRefusal.n).toBe(0);

  await page.getByLabel('Initial password').fill(password);
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page).toHaveURL(/\/admin\/users\?done=created$/);
  await expect(page.getByRole('status')).toHaveText('User created.');
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('HSI HQ reviewer');
  const stored = records.db.$client.prepare('SELECT name, role, office_id, is_active FROM users WHERE email = ?').get(email);
  expect(stored).toEqual({ name, role: 'hsi_hq', office_id: null, is_active: 1 });

  // The new person signs in with that password and lands on their inbox.
  const context = await browser.newContext();
  const theirPage = await context.newPage();
  await signInAs(theirPage, email, password);
  await expect(theirPage.getByRole('heading', { name: 'Needs my action' })).toBeVisible();
  await expect(theirPage.getByRole('heading', { name: /^Waiting for HSI HQ endorsement/ })).toBeVisible();
  await expect(theirPage.getByRole('banner')).toContainText(`${name} (HSI HQ reviewer)`);
  await context.close();
});

test('a wrong password is refused without saying which part was wrong', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('I have read this notice and consent to these terms').check();
  await page.getByLabel('Email address').fill('admin@demo.example');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The email or password is not right' })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
});
