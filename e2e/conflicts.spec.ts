// Two people acting on the same request at once: exactly one wins, the other is told who moved it and
// when, and the database holds one transition and one event.
import { transitionRequest } from '@/lib/workflow/transition-request';
import { expect, test } from './support/fixtures';

const ALREADY_APPROVED = /This request was already approved by Thomas Becker \(DEA HQ coordinator\) at .+\d{2}:\d{2}.+Reload the page/;

test('a stale page approving a request someone has just approved is told who approved it and when', async ({ pageAs, records }) => {
  const { id } = records.requestIn('dea_decision');
  const first = await pageAs('deaHq');
  const second = await pageAs('deaHq');
  await first.goto(`/requests/${id}`);
  await second.goto(`/requests/${id}`);
  await expect(first.getByRole('button', { name: 'Approve' })).toBeVisible();
  await expect(second.getByRole('button', { name: 'Approve' })).toBeVisible();

  await first.getByRole('button', { name: 'Approve' }).click();
  await expect(first.getByRole('status')).toHaveText('Request approved.');

  // The second page still shows the request waiting for a decision.
  const approve = second.getByRole('form', { name: 'Approve' });
  await approve.getByRole('button', { name: 'Approve' }).click();
  await expect(approve.getByRole('alert')).toContainText(ALREADY_APPROVED);
  await expect(second).toHaveURL(new RegExp(`/requests/${id}$`));

  expect(records.state(id)).toBe('active');
  expect(records.events(id).filter((e) => e.action === 'approve')).toHaveLength(1);
  expect(records.designation(id)).toBeDefined();
  const designations = records.db.$client.prepare('SELECT count(*) AS n FROM designations WHERE request_id = ?').get(id) as { n: number };
  expect(designations.n).toBe(1);

  // Reloading shows where it stands.
  await second.reload();
  await expect(second.locator('.lead')).toContainText('Active designation');
  await expect(second.getByRole('button', { name: 'Approve' })).toHaveCount(0);
});

test('the JSON route approves once and answers a second approval with 409 naming who approved it', async ({ pageAs, records }) => {
  const { id } = records.requestIn('dea_decision');
  const page = await pageAs('deaHq');
  const url = `/api/requests/${id}/transitions`;

  const first = await page.request.post(url, { data: { action: 'approve' } });
  expect(first.status()).toBe(200);
  expect(await first.json()).toMatchObject({ requestId: id, action: 'approve', fromState: 'dea_decision', toState: 'active' });

  const second = await page.request.post(url, { data: { action: 'approve' } });
  expect(second.status()).toBe(409);
  expect((await second.json()).error).toMatch(ALREADY_APPROVED);

  expect(records.state(id)).toBe('active');
  expect(records.events(id).filter((e) => e.action === 'approve')).toHaveLength(1);
});

test('two approvals sent at the same moment yield one approval and one 409', async ({ pageAs, records }) => {
  const { id } = records.requestIn('dea_decision');
  const page = await pageAs('deaHq');
  const url = `/api/requests/${id}/transitions`;
  const responses = await Promise.all([
    page.request.post(url, { data: { action: 'approve', expectedState: 'dea_decision' } }),
    page.request.post(url, { data: { action: 'approve', expectedState: 'dea_decision' } }),
  ]);
  expect(responses.map((r) => r.status()).sort()).toEqual([200, 409]);
  expect(records.events(id).filter((e) => e.action === 'approve')).toHaveLength(1);
  expect(records.state(id)).toBe('active');
});

test('a request that moved on while the page was open cannot be returned from the old stage', async ({ pageAs, records }) => {
  const { id } = records.requestIn('dea_hq_review');
  const deaHq = await pageAs('deaHq');
  await deaHq.goto(`/requests/${id}`);
  await expect(deaHq.getByRole('button', { name: 'Route to division' })).toBeVisible();

  // Meanwhile someone else routes it (through the same writer the pages use).
  transitionRequest(records.db, records.actor('deaHq'), { requestId: id, action: 'route', divisionId: records.officeId('dea-el-paso') });
  const eventsBefore = records.events(id);

  const form = deaHq.getByRole('form', { name: 'Return to requester' });
  await form.getByLabel('Reason to return to requester').fill('The nexus is vague.');
  await form.getByRole('button', { name: 'Return to requester' }).click();
  await expect(form.getByRole('alert')).toContainText(/already routed by Thomas Becker/);
  // What was typed is still there.
  await expect(form.getByLabel('Reason to return to requester')).toHaveValue('The nexus is vague.');
  expect(records.state(id)).toBe('division_review');
  expect(records.events(id)).toEqual(eventsBefore);
});
