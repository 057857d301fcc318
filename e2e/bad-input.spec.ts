// What people get wrong: every rejected form says what is wrong next to the field and in a summary at
// the top, keeps what was typed, and writes nothing; bad addresses get a clear page, never a 500.
import type { Page } from '@playwright/test';
import { expect, signIn, test, uniqueBadge, type Records } from './support/fixtures';

function agentField(page: Page, label: string) {
  return page.getByRole('group', { name: 'Agent 1' }).getByLabel(label);
}

function errorSummary(page: Page) {
  return page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'There is a problem' }) });
}

/** Requests written for this badge, counted straight from the database. */
function requestsWithBadge(records: Records, badge: string): number {
  const row = records.db.$client
    .prepare('SELECT count(*) AS n FROM requests r JOIN agents a ON a.id = r.agent_id WHERE a.badge = ?')
    .get(badge.toUpperCase()) as { n: number };
  return row.n;
}

test.describe('the new-request form', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, 'supervisor');
    await page.goto('/requests/new');
  });

  test('empty fields: an error beside each one and a summary linking to them', async ({ page }) => {
    await page.getByRole('button', { name: 'Continue' }).click();
    const summary = errorSummary(page);
    await expect(summary).toBeVisible();
    for (const text of ['DEA division:', 'Border nexus:', 'Agent 1 name:', 'Agent 1 badge:', 'Agent 1 duty station:']) {
      await expect(summary.getByRole('link', { name: text })).toBeVisible();
    }
    await expect(page.getByLabel('DEA division where the agents will work')).toHaveAccessibleDescription(/Choose the DEA division where the agent will work/);
    await expect(page.getByLabel('DEA division where the agents will work')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Border nexus')).toHaveAccessibleDescription(/at least 20 characters/);
    await expect(agentField(page, 'Full name')).toHaveAccessibleDescription(/Enter the agent’s full name/);
    await expect(agentField(page, 'Badge or employee number')).toHaveAccessibleDescription(/Enter the badge or employee number/);
    await expect(agentField(page, 'Duty station')).toHaveAccessibleDescription(/Enter the duty station/);
    await expect(agentField(page, 'Full name')).toHaveAttribute('aria-invalid', 'true');
    // The summary's link takes you to the field.
    await summary.getByRole('link', { name: /Agent 1 badge/ }).click();
    await expect(page).toHaveURL(/#field-agents-0-badge$/);
    await expect(page.getByRole('heading', { name: 'Check your answers' })).toHaveCount(0);
  });

  test('a short border nexus is refused, the typing is kept and nothing is written', async ({ page, records }) => {
    const badge = uniqueBadge('BN');
    await page.getByLabel('DEA division where the agents will work').selectOption({ label: 'DEA El Paso Division' });
    await page.getByLabel('Border nexus').fill('Border stuff');
    await agentField(page, 'Full name').fill('Nadia Short');
    await agentField(page, 'Badge or employee number').fill(badge);
    await agentField(page, 'Duty station').fill('El Paso, TX');
    await page.getByRole('button', { name: 'Continue' }).click();

    await expect(errorSummary(page).getByRole('link')).toHaveText([/^Border nexus: Explain the border nexus in at least 20 characters/]);
    await expect(page.getByRole('radio', { name: 'Initial designation' })).toBeChecked();
    await expect(page.getByLabel('Border nexus')).toHaveAccessibleDescription(/at least 20 characters/);
    await expect(page.getByLabel('Border nexus')).toHaveValue('Border stuff');
    await expect(page.getByLabel('DEA division where the agents will work')).toHaveValue(String(records.officeId('dea-el-paso')));
    await expect(agentField(page, 'Full name')).toHaveValue('Nadia Short');
    await expect(agentField(page, 'Badge or employee number')).toHaveValue(badge);
    await expect(agentField(page, 'Duty station')).toHaveValue('El Paso, TX');
    await expect(agentField(page, 'Full name')).not.toHaveAttribute('aria-invalid');
    expect(requestsWithBadge(records, badge)).toBe(0);

    // Fixed, it passes the check; checking still writes nothing.
    await page.getByLabel('Border nexus').fill('Heroin carried on foot across the Rio Grande near Tornillo.');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('heading', { name: 'Check your answers' })).toBeVisible();
    expect(requestsWithBadge(records, badge)).toBe(0);
    // Changing the answers goes back with everything still filled in.
    await page.getByRole('button', { name: 'Change your answers' }).click();
    await expect(agentField(page, 'Badge or employee number')).toHaveValue(badge);
    await expect(page.getByLabel('Border nexus')).toHaveValue('Heroin carried on foot across the Rio Grande near Tornillo.');
  });

  test('choices made before a rejected check stay made', async ({ page, records }) => {
    await page.getByRole('radio', { name: /^Renewal/ }).check();
    await page.getByLabel('DEA division where the agents will work').selectOption({ label: 'DEA Houston Division' });
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(errorSummary(page)).toBeVisible();
    await expect(page.getByRole('radio', { name: /^Renewal/ })).toBeChecked();
    await expect(page.getByLabel('DEA division where the agents will work')).toHaveValue(String(records.officeId('dea-houston')));
    await expect(errorSummary(page).getByRole('link', { name: /DEA division/ })).toHaveCount(0);
    // Posting the same form again still sends the choices.
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(errorSummary(page).getByRole('link', { name: /Agent 1 name/ })).toBeVisible();
    await expect(errorSummary(page).getByRole('link', { name: /DEA division/ })).toHaveCount(0);
  });

  test('a malformed badge is refused beside the badge field and nothing is written', async ({ page, records }) => {
    const name = `Omar Badbadge ${uniqueBadge()}`;
    await page.getByLabel('DEA division where the agents will work').selectOption({ label: 'DEA El Paso Division' });
    await page.getByLabel('Border nexus').fill('Cocaine hidden in commercial trucks at the Santa Teresa port of entry.');
    await agentField(page, 'Full name').fill(name);
    await agentField(page, 'Badge or employee number').fill('#1');
    await agentField(page, 'Duty station').fill('El Paso, TX');
    await page.getByRole('button', { name: 'Continue' }).click();

    await expect(errorSummary(page).getByRole('link')).toHaveText([/^Agent 1 badge: Use 3 to 20 letters, digits or hyphens/]);
    await expect(agentField(page, 'Badge or employee number')).toHaveAccessibleDescription(/Use 3 to 20 letters, digits or hyphens, starting with a letter or digit/);
    await expect(agentField(page, 'Badge or employee number')).toHaveAttribute('aria-invalid', 'true');
    await expect(agentField(page, 'Badge or employee number')).toHaveValue('#1');
    await expect(agentField(page, 'Full name')).toHaveValue(name);
    const written = records.db.$client.prepare('SELECT count(*) AS n FROM agents WHERE name = ?').get(name) as { n: number };
    expect(written.n).toBe(0);
  });

  test('a badge of another office is refused and nothing is written', async ({ page, records }) => {
    const houston = records.requestIn('hsi_review', { supervisor: 'otherSupervisor' });
    await page.getByLabel('DEA division where the agents will work').selectOption({ label: 'DEA El Paso Division' });
    await page.getByLabel('Border nexus').fill('Cocaine hidden in commercial trucks at the Santa Teresa port of entry.');
    await agentField(page, 'Full name').fill('Someone Else');
    await agentField(page, 'Badge or employee number').fill(houston.badge);
    await agentField(page, 'Duty station').fill('El Paso, TX');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(agentField(page, 'Badge or employee number')).toHaveAccessibleDescription(new RegExp(`Badge ${houston.badge} belongs to an agent of another office`));
    expect(requestsWithBadge(records, houston.badge)).toBe(1);
  });
});

test.describe('decisions that need a reason', () => {
  for (const [action, label] of [
    ['return', 'Return to requester'],
    ['deny', 'Deny'],
  ] as const) {
    test(`${action} without a reason shows the field error and leaves the request as it was`, async ({ page, records }) => {
      const { id } = records.requestIn('dea_hq_review');
      const before = records.events(id);
      await signIn(page, 'deaHq');
      await page.goto(`/requests/${id}`);
      const form = page.getByRole('form', { name: label });
      await form.getByRole('button', { name: label }).click();
      await expect(form.getByRole('alert')).toContainText(`A reason is required to ${label.toLowerCase()}.`);
      await expect(form.getByLabel(`Reason to ${label.toLowerCase()}`)).toHaveAccessibleDescription(new RegExp(`Enter why you ${label.toLowerCase()} this request`));
      await expect(form.getByLabel(`Reason to ${label.toLowerCase()}`)).toHaveAttribute('aria-invalid', 'true');
      await expect(page).toHaveURL(new RegExp(`/requests/${id}$`));
      expect(records.state(id)).toBe('dea_hq_review');
      expect(records.events(id)).toEqual(before);
    });
  }

  test('a reason of only spaces is no reason', async ({ page, records }) => {
    const { id } = records.requestIn('dea_decision');
    await signIn(page, 'deaHq');
    await page.goto(`/requests/${id}`);
    const form = page.getByRole('form', { name: 'Deny' });
    await form.getByLabel('Reason to deny').fill('    ');
    await form.getByRole('button', { name: 'Deny' }).click();
    await expect(form.getByRole('alert')).toContainText('A reason is required to deny.');
    expect(records.state(id)).toBe('dea_decision');
  });
});

test.describe('addresses that lead nowhere', () => {
  test('an unknown or malformed request id shows the not-found page', async ({ page }) => {
    await signIn(page, 'auditor');
    for (const path of ['/requests/987654321', '/requests/not-a-number', '/requests/987654321/edit']) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    }
  });

  test('a garbage filter value explains itself instead of failing', async ({ page }) => {
    await signIn(page, 'deaHq');
    const response = await page.goto('/requests?state=bogus&kind=sideways');
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Requests');
    const summary = errorSummary(page);
    await expect(summary).toContainText('Check the filters.');
    await expect(summary).toContainText('Choose a state from the list.');
    await expect(page.getByLabel('Status')).toHaveAccessibleDescription(/Choose a state from the list/);
    await expect(page.getByLabel('Kind')).toHaveAccessibleDescription(/Choose initial or renewal/);
    await expect(page.getByText('Sorry, something went wrong')).toHaveCount(0);
  });

  test('the JSON list answers a bad filter with 400 and the field', async ({ page }) => {
    await signIn(page, 'deaHq');
    const response = await page.request.get('/api/requests?state=bogus');
    expect(response.status()).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'Check the filters.', fieldErrors: { state: ['Choose a state from the list.'] } });
  });
});
