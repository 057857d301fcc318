// Every row of the transition table (lib/workflow/transitions.ts), taken in a real browser by the
// role the table names: the button on the request's page, the reason where one is required, the
// page's confirmation, and the state and event the database then holds. request-lifecycle.spec.ts
// walks the usual path (submit, endorse, route, concur, approve, return from DEA HQ review, resubmit);
// this file covers the rest. expire and activate are the system's alone, so they have no button.
import type { Page } from '@playwright/test';
import type { ReviewStage } from '@/lib/domain/workflow-states';
import { STATE_LABELS } from '@/lib/domain/workflow-states';
import { transitionRequest } from '@/lib/workflow/transition-request';
import { expect, test, type AccountKey } from './support/fixtures';

const NAMES = {
  supervisor: 'Maria Alvarez',
  hsiHq: 'Priya Raman',
  deaHq: 'Thomas Becker',
  division: 'Rosa Delgado',
} as const;

/** Fills the action's required reason, presses its button and waits for the page's confirmation. */
async function act(page: Page, button: string, done: string, reason?: string) {
  if (reason !== undefined) await page.getByLabel(`Reason to ${button.toLowerCase()}`, { exact: true }).fill(reason);
  await page.getByRole('button', { name: button, exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: done })).toHaveText(done);
}

function statusOf(page: Page) {
  return page.locator('dl.summary-list dt', { hasText: /^Status$/ }).locator('xpath=following-sibling::dd[1]');
}

test.describe('deny', () => {
  for (const from of ['dea_hq_review', 'dea_decision'] as const) {
    test(`DEA HQ denies a request at ${from}, with a reason`, async ({ pageAs, records }) => {
      const { id } = records.requestIn(from);
      const before = records.events(id);
      const reason = `Border nexus not shown (${from}).`;

      const deaHq = await pageAs('deaHq');
      await deaHq.goto(`/requests/${id}`);
      await act(deaHq, 'Deny', 'Request denied.', reason);
      await expect(statusOf(deaHq)).toContainText('Denied');
      await expect(deaHq.getByText('There is nothing for you to do on this request now.')).toBeVisible();

      expect(records.state(id)).toBe('denied');
      expect(records.events(id)).toEqual([...before, { action: 'deny', from_state: from, to_state: 'denied', actor_name: NAMES.deaHq, reason }]);
    });
  }
});

test('the division coordinator non-concurs with a reason, and DEA HQ may still approve', async ({ pageAs, records }) => {
  const { id } = records.requestIn('division_review');
  const before = records.events(id);
  const reason = 'The division has no open investigation this agent would support.';

  const division = await pageAs('division');
  await division.goto(`/requests/${id}`);
  await act(division, 'Non-concur', 'Request non-concurred.', reason);
  await expect(statusOf(division)).toContainText('DEA HQ decision');
  expect(records.state(id)).toBe('dea_decision');

  // A non-concurrence informs DEA HQ's decision; it does not make it.
  const deaHq = await pageAs('deaHq');
  await deaHq.goto(`/requests/${id}`);
  await expect(deaHq.getByText(`Reason: ${reason}`)).toBeVisible();
  await act(deaHq, 'Approve', 'Request approved.');
  await expect(statusOf(deaHq)).toContainText('Active designation');

  expect(records.state(id)).toBe('active');
  expect(records.designation(id)).toBeDefined();
  expect(records.events(id)).toEqual([
    ...before,
    { action: 'nonconcur', from_state: 'division_review', to_state: 'dea_decision', actor_name: NAMES.division, reason },
    { action: 'approve', from_state: 'dea_decision', to_state: 'active', actor_name: NAMES.deaHq, reason: null },
  ]);
});

test.describe('return and resubmit', () => {
  // dea_hq_review is covered by request-lifecycle.spec.ts.
  const REVIEWERS: { stage: Exclude<ReviewStage, 'dea_hq_review'>; who: AccountKey; name: string }[] = [
    { stage: 'hsi_review', who: 'hsiHq', name: NAMES.hsiHq },
    { stage: 'division_review', who: 'division', name: NAMES.division },
    { stage: 'dea_decision', who: 'deaHq', name: NAMES.deaHq },
  ];
  for (const { stage, who, name } of REVIEWERS) {
    test(`${who} returns a request at ${stage}; the resubmission resumes there`, async ({ pageAs, records }) => {
      const { id } = records.requestIn(stage);
      const before = records.events(id);
      const reason = `Add the seizure dates (${stage}).`;

      const reviewer = await pageAs(who);
      await reviewer.goto(`/requests/${id}`);
      await act(reviewer, 'Return to requester', 'Request returned.', reason);
      await expect(statusOf(reviewer)).toContainText(`Returned to requester (from ${STATE_LABELS[stage]}; resubmitting returns it there)`);
      expect(records.state(id)).toBe('returned');

      const supervisor = await pageAs('supervisor');
      await supervisor.goto(`/requests/${id}`);
      await expect(supervisor.getByText(`Reason: ${reason}`)).toBeVisible();
      await act(supervisor, 'Resubmit', 'Request resubmitted.');
      await expect(statusOf(supervisor)).toContainText(STATE_LABELS[stage]);
      expect(records.state(id)).toBe(stage);

      // Back with the reviewer who returned it, who can act on it again.
      await reviewer.goto(`/requests/${id}`);
      await expect(reviewer.getByRole('button', { name: 'Return to requester', exact: true })).toBeVisible();

      expect(records.events(id)).toEqual([
        ...before,
        { action: 'return', from_state: stage, to_state: 'returned', actor_name: name, reason },
        { action: 'resubmit', from_state: 'returned', to_state: stage, actor_name: NAMES.supervisor, reason: null },
      ]);
    });
  }
});

test.describe('withdraw', () => {
  const CASES: { from: 'draft' | 'returned' | 'hsi_review'; who: AccountKey; name: string }[] = [
    { from: 'draft', who: 'supervisor', name: NAMES.supervisor },
    { from: 'returned', who: 'supervisor', name: NAMES.supervisor },
    { from: 'hsi_review', who: 'hsiHq', name: NAMES.hsiHq },
  ];
  for (const { from, who, name } of CASES) {
    test(`${who} withdraws a request from ${from}, with the reason stored`, async ({ pageAs, records }) => {
      const { id } = records.requestIn(from === 'returned' ? 'hsi_review' : from);
      if (from === 'returned') {
        // Returned by HSI HQ from its endorsement stage.
        transitionRequest(records.db, records.actor('hsiHq'), { requestId: id, action: 'return', reason: 'Name the duty station’s DEA office.' });
        expect(records.state(id)).toBe('returned');
      }
      const before = records.events(id);
      const reason = `The agent is transferring out of El Paso (${from}).`;

      const page = await pageAs(who);
      await page.goto(`/requests/${id}`);
      await act(page, 'Withdraw', 'Request withdrawn.', reason);
      await expect(statusOf(page)).toContainText('Withdrawn');
      await expect(page.getByText(`Reason: ${reason}`)).toBeVisible();
      await expect(page.getByText('There is nothing for you to do on this request now.')).toBeVisible();

      expect(records.state(id)).toBe('withdrawn');
      expect(records.events(id)).toEqual([...before, { action: 'withdraw', from_state: from, to_state: 'withdrawn', actor_name: name, reason }]);
    });
  }
});

test.describe('rescind', () => {
  const CASES: { who: AccountKey; name: string; category: { value: string; label: string } }[] = [
    { who: 'deaHq', name: NAMES.deaHq, category: { value: 'misconduct', label: 'Misconduct' } },
    { who: 'hsiHq', name: NAMES.hsiHq, category: { value: 'transfer', label: 'Transfer' } },
  ];
  for (const { who, name, category } of CASES) {
    test(`${who} rescinds an active designation, with a category and a reason`, async ({ pageAs, records }) => {
      const { id } = records.requestIn('active');
      const before = records.events(id);
      const reason = `Rescinded by ${who}: ${category.label.toLowerCase()}.`;

      const page = await pageAs(who);
      await page.goto(`/requests/${id}`);
      await page.getByLabel('Why is it rescinded?').selectOption({ label: category.label });
      await act(page, 'Rescind', 'Request rescinded.', reason);
      await expect(statusOf(page)).toContainText('Rescinded');
      await expect(page.getByText(`Category: ${category.label}`)).toBeVisible();

      expect(records.state(id)).toBe('rescinded');
      expect(records.events(id)).toEqual([...before, { action: 'rescind', from_state: 'active', to_state: 'rescinded', actor_name: name, reason }]);
      expect(records.lastEvent(id)).toMatchObject({ action: 'rescind', reason_category: category.value });
    });
  }
});

test('the supervisor submits a draft from its page', async ({ pageAs, records }) => {
  const { id } = records.requestIn('draft');
  expect(records.events(id).map((e) => e.action)).toEqual(['create']);

  const supervisor = await pageAs('supervisor');
  await supervisor.goto(`/requests/${id}`);
  await act(supervisor, 'Submit', 'Submitted to HSI headquarters for endorsement.');
  await expect(statusOf(supervisor)).toContainText('HSI HQ endorsement');

  expect(records.state(id)).toBe('hsi_review');
  expect(records.events(id)).toEqual([
    { action: 'create', from_state: null, to_state: 'draft', actor_name: NAMES.supervisor, reason: null },
    { action: 'submit', from_state: 'draft', to_state: 'hsi_review', actor_name: NAMES.supervisor, reason: null },
  ]);
});
