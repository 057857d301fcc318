// One request from proposal to designation, acted on in a real browser by each of the four working
// roles, with a return and a resubmission on the way; the page and the database must tell the same story.
import type { Page } from '@playwright/test';
import { formatDate } from '@/lib/format';
import { DEMO_MODULE_CODE } from '@/lib/demo/seed-demo-training';
import { expect, test, uniqueBadge } from './support/fixtures';

const NEXUS = 'Fentanyl smuggled in passenger vehicles through the Ysleta port of entry.';
const BETTER_NEXUS = 'Fentanyl smuggled in passenger vehicles through the Ysleta and Bridge of the Americas ports of entry.';
const RETURN_REASON = 'Name the port of entry for each seizure in the border nexus.';

/** Fills the new-request form's shared fields. */
async function fillProposal(page: Page, agents: { name: string; badge: string; dutyStation: string }[]) {
  await page.goto('/requests/new');
  await expect(page.getByRole('radio', { name: 'Initial designation' })).toBeChecked();
  await page.getByLabel('DEA division where the agents will work').selectOption({ label: 'DEA El Paso Division' });
  await page.getByLabel('Border nexus').fill(NEXUS);
  for (const [index, agent] of agents.entries()) {
    if (index > 0) await page.getByRole('button', { name: 'Add another agent' }).click();
    const fieldset = page.getByRole('group', { name: `Agent ${index + 1}` });
    await fieldset.getByLabel('Full name').fill(agent.name);
    await fieldset.getByLabel('Badge or employee number').fill(agent.badge);
    await fieldset.getByLabel('Duty station').fill(agent.dutyStation);
  }
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Check your answers' })).toBeVisible();
}

/** Presses an action's button on the detail page and waits for the confirmation it leads to. */
async function act(page: Page, button: string, done: string) {
  await page.getByRole('button', { name: button, exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: done })).toBeVisible();
}

function statusOf(page: Page) {
  // The summary list's "Status" entry.
  return page.locator('dl.summary-list dt', { hasText: /^Status$/ }).locator('xpath=following-sibling::dd[1]');
}

test('a request goes from proposal to designation across the four working roles, with a return on the way', async ({ pageAs, records }) => {
  test.slow();
  const badge = uniqueBadge('LC');
  const agentName = `Elena Lifecycle ${badge}`;

  // The El Paso supervisor proposes one agent, checks the answers and submits.
  const supervisor = await pageAs('supervisor');
  await fillProposal(supervisor, [{ name: agentName, badge, dutyStation: 'El Paso, TX' }]);
  const answers = supervisor.getByRole('table', { name: 'Agents proposed' });
  await expect(answers.getByRole('row')).toHaveCount(2);
  await expect(answers).toContainText(agentName);
  await expect(answers).toContainText(badge);
  await expect(supervisor.getByText('DEA El Paso Division')).toBeVisible();
  expect(records.requestsForBadge(badge)).toHaveLength(0); // checking the answers writes nothing
  await supervisor.getByRole('button', { name: 'Submit to HSI HQ' }).click();
  await expect(supervisor.getByRole('status')).toHaveText('Submitted to HSI headquarters for endorsement.');
  const id = Number(/\/requests\/(\d+)/.exec(supervisor.url())?.[1]);
  expect(id).toBeGreaterThan(0);
  expect(records.state(id)).toBe('hsi_review');
  const ref = records.requestsForBadge(badge)[0]!.ref;
  await expect(supervisor.getByRole('heading', { level: 1 })).toHaveText(`${ref}: ${agentName}`);

  // HSI HQ endorses and forwards to DEA.
  const hsiHq = await pageAs('hsiHq');
  await hsiHq.goto(`/requests/${id}`);
  await act(hsiHq, 'Endorse and forward to DEA', 'Request endorsed.');
  await expect(statusOf(hsiHq)).toContainText('DEA HQ review');
  expect(records.state(id)).toBe('dea_hq_review');

  // DEA HQ returns it to the supervisor, with a reason.
  const deaHq = await pageAs('deaHq');
  await deaHq.goto(`/requests/${id}`);
  await deaHq.getByLabel('Reason to return to requester').fill(RETURN_REASON);
  await act(deaHq, 'Return to requester', 'Request returned.');
  await expect(statusOf(deaHq)).toContainText('Returned to requester (from DEA HQ review; resubmitting returns it there)');
  expect(records.state(id)).toBe('returned');

  // The supervisor finds it in the inbox under "Returned to you", fixes the border nexus, resubmits.
  await supervisor.goto('/inbox');
  const returned = supervisor.getByRole('region', { name: /^Returned to you for changes/ });
  await returned.getByRole('link', { name: ref }).click();
  await expect(supervisor).toHaveURL(new RegExp(`/requests/${id}$`));
  await expect(supervisor.getByText(`Reason: ${RETURN_REASON}`)).toBeVisible();
  await supervisor.getByRole('link', { name: 'Change the request' }).click();
  await expect(supervisor.getByLabel('Border nexus')).toHaveValue(NEXUS);
  await supervisor.getByLabel('Border nexus').fill(BETTER_NEXUS);
  await supervisor.getByRole('button', { name: 'Save changes' }).click();
  await expect(supervisor.getByRole('status')).toHaveText('Your changes are saved.');
  await expect(supervisor.locator('dl.summary-list')).toContainText(BETTER_NEXUS);
  expect(records.state(id)).toBe('returned');
  await act(supervisor, 'Resubmit', 'Request resubmitted.');
  // It resumes at the stage that returned it, not at the start.
  await expect(statusOf(supervisor)).toContainText('DEA HQ review');
  expect(records.state(id)).toBe('dea_hq_review');

  // DEA HQ routes it to the El Paso Division.
  await deaHq.goto(`/requests/${id}`);
  await deaHq.getByLabel('DEA division', { exact: true }).selectOption({ label: 'DEA El Paso Division' });
  await act(deaHq, 'Route to division', 'Request routed.');
  expect(records.state(id)).toBe('division_review');

  // The division coordinator concurs.
  const division = await pageAs('division');
  await division.goto(`/requests/${id}`);
  await act(division, 'Concur', 'Request concurred.');
  expect(records.state(id)).toBe('dea_decision');

  // DEA HQ approves. The agent has not done the orientation module, which must be completed before
  // a designation becomes active: the approval waits for it, with no designation yet.
  await deaHq.goto(`/requests/${id}`);
  await act(deaHq, 'Approve', 'Request approved.');
  expect(records.state(id)).toBe('pending_training');
  expect(records.designation(id)).toBeUndefined();
  await expect(statusOf(deaHq)).toContainText('Approved, pending training');
  await expect(deaHq.getByRole('note')).toContainText(`becomes active by itself when ${agentName}’s completion of`);
  await expect(deaHq.getByRole('note')).toContainText(DEMO_MODULE_CODE);

  // HSI HQ records the completion on the agent's page; the request becomes active at once.
  await hsiHq.goto(`/requests/${id}`);
  await hsiHq.getByRole('link', { name: agentName }).first().click();
  await expect(hsiHq.getByRole('heading', { level: 1 })).toHaveText(agentName);
  await expect(hsiHq.getByRole('status')).toContainText(`${ref} is approved and waiting for training`);
  const form = hsiHq.getByRole('form', { name: 'Record a completion or waiver' });
  await form.getByLabel('Module').selectOption({ value: DEMO_MODULE_CODE });
  await form.getByRole('button', { name: 'Record' }).click();
  await expect(hsiHq.getByRole('status')).toContainText(`${ref} is now active`);
  expect(records.state(id)).toBe('active');
  const designation = records.designation(id);
  expect(designation).toBeDefined();
  await deaHq.reload();
  await expect(deaHq.locator('.lead')).toContainText('Active designation');
  await expect(statusOf(deaHq)).toContainText('Active designation');
  const dates = deaHq.locator('dl.summary-list dt', { hasText: /^Designation$/ }).locator('xpath=following-sibling::dd[1]');
  await expect(dates).toHaveText(`${formatDate(designation!.starts_on)} to ${formatDate(designation!.ends_on)}`);
  // What is left to do on an active designation is to rescind it.
  await expect(deaHq.locator('form.action-form')).toHaveCount(1);
  await expect(deaHq.getByRole('button', { name: 'Rescind' })).toBeVisible();

  // The timeline lists every step in order, with who did it.
  const supervisorName = 'Maria Alvarez \\(HSI field supervisor\\)';
  const hsiName = 'Priya Raman \\(HSI HQ reviewer\\)';
  const deaName = 'Thomas Becker \\(DEA HQ coordinator\\)';
  const divisionName = 'Rosa Delgado \\(DEA division coordinator\\)';
  await expect(deaHq.locator('ol.timeline > li')).toHaveText([
    new RegExp(`^Created by ${supervisorName} → Draft`),
    new RegExp(`^Submitted by ${supervisorName} → HSI HQ endorsement`),
    new RegExp(`^Endorsed by ${hsiName} → DEA HQ review`),
    new RegExp(`^Returned by ${deaName} → Returned to requester.*Reason: ${RETURN_REASON}`),
    new RegExp(`^Edited by ${supervisorName}.*Changed: border nexus`),
    new RegExp(`^Resubmitted by ${supervisorName} → DEA HQ review`),
    new RegExp(`^Routed by ${deaName} → DEA division concurrence, to DEA El Paso Division`),
    new RegExp(`^Concurred by ${divisionName} → DEA HQ decision`),
    new RegExp(`^Approved by ${deaName} → Approved, pending training`),
    /^Activated by T21 Tracker \(training complete\) → Active designation/,
  ]);

  // The database holds the same history.
  expect(records.events(id)).toEqual([
    { action: 'create', from_state: null, to_state: 'draft', actor_name: 'Maria Alvarez', reason: null },
    { action: 'submit', from_state: 'draft', to_state: 'hsi_review', actor_name: 'Maria Alvarez', reason: null },
    { action: 'endorse', from_state: 'hsi_review', to_state: 'dea_hq_review', actor_name: 'Priya Raman', reason: null },
    { action: 'return', from_state: 'dea_hq_review', to_state: 'returned', actor_name: 'Thomas Becker', reason: RETURN_REASON },
    { action: 'edit', from_state: 'returned', to_state: 'returned', actor_name: 'Maria Alvarez', reason: null },
    { action: 'resubmit', from_state: 'returned', to_state: 'dea_hq_review', actor_name: 'Maria Alvarez', reason: null },
    { action: 'route', from_state: 'dea_hq_review', to_state: 'division_review', actor_name: 'Thomas Becker', reason: null },
    { action: 'concur', from_state: 'division_review', to_state: 'dea_decision', actor_name: 'Rosa Delgado', reason: null },
    { action: 'approve', from_state: 'dea_decision', to_state: 'pending_training', actor_name: 'Thomas Becker', reason: null },
    { action: 'activate', from_state: 'pending_training', to_state: 'active', actor_name: 'T21 Tracker (training complete)', reason: null },
  ]);
  const [stored] = records.requestsForBadge(badge);
  expect(stored).toMatchObject({ state: 'active', hsi_office: 'hsi-el-paso', division: 'dea-el-paso' });
});

test('proposing two agents in one submission creates one request for each', async ({ pageAs, records }) => {
  const first = uniqueBadge('TA');
  const second = uniqueBadge('TB');
  const supervisor = await pageAs('supervisor');
  await fillProposal(supervisor, [
    { name: `Ana Pair ${first}`, badge: first, dutyStation: 'El Paso, TX' },
    { name: `Ben Pair ${second}`, badge: second, dutyStation: 'Las Cruces, NM' },
  ]);
  await expect(supervisor.getByText('2 requests, one for each agent, will be created.')).toBeVisible();
  await expect(supervisor.getByRole('table', { name: 'Agents proposed' }).getByRole('row')).toHaveCount(3);
  await supervisor.getByRole('button', { name: 'Submit to HSI HQ' }).click();
  await expect(supervisor).toHaveURL(/\/inbox/);
  await expect(supervisor.getByRole('status')).toHaveText('2 requests submitted to HSI headquarters for endorsement.');

  for (const badge of [first, second]) {
    const created = records.requestsForBadge(badge);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ state: 'hsi_review', hsi_office: 'hsi-el-paso', division: 'dea-el-paso' });
    expect(records.events(created[0]!.id).map((e) => e.action)).toEqual(['create', 'submit']);
  }
  // Both appear in the supervisor's request list.
  for (const [badge, name] of [
    [first, `Ana Pair ${first}`],
    [second, `Ben Pair ${second}`],
  ] as const) {
    await supervisor.goto(`/requests?q=${badge}`);
    await expect(supervisor.getByRole('status')).toHaveText('1 request found.');
    const row = supervisor.getByRole('row', { name: new RegExp(name) });
    await expect(row).toContainText('HSI HQ endorsement');
  }
});
