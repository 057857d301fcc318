// What each role must NOT be able to do, asked of the pages and of the JSON routes alike. A record
// outside someone's scope is a 404 (so ids reveal nothing); a move their role may not make is a 403;
// and nothing is ever written.
import type { APIResponse, Page } from '@playwright/test';
import { DEMO_PASSWORD } from '@/lib/demo/seed-demo';
import { transitionRequest } from '@/lib/workflow/transition-request';
import { expect, signIn, test, uniqueBadge } from './support/fixtures';

async function expectNotFoundPage(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
}

async function expectStatus(response: APIResponse, status: number) {
  expect(response.status(), await response.text()).toBe(status);
}

const REVIEW_BUTTONS = ['Submit', 'Endorse and forward to DEA', 'Route to division', 'Concur', 'Non-concur', 'Approve', 'Deny', 'Return to requester', 'Resubmit', 'Rescind'];

test.describe('without signing in', () => {
  test('every page sends you to sign in, and back afterwards', async ({ page, records }) => {
    const { id } = records.requestIn('hsi_review');
    for (const path of ['/inbox', '/requests', `/requests/${id}`, '/requests/new', '/agents', '/admin/users']) {
      await page.goto(path);
      await expect(page, path).toHaveURL(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
      await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    }
    // Signing in from there returns to the page asked for.
    await page.getByLabel('I have read this notice and consent to these terms').check();
    await page.getByLabel('Email address').fill('hsi.hq@demo.example');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByLabel('One-time code').fill(records.demoCode('hsiHq'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL('/admin/users');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  });

  test('the JSON routes answer 401 and write nothing', async ({ request, records }) => {
    const { id } = records.requestIn('dea_decision');
    const eventsBefore = records.events(id);
    const badge = uniqueBadge('UA');

    await expectStatus(await request.get('/api/requests'), 401);
    await expectStatus(await request.get(`/api/requests/${id}`), 401);
    const created = await request.post('/api/requests', {
      data: {
        kind: 'initial',
        deaDivisionId: records.officeId('dea-el-paso'),
        borderNexus: 'Methamphetamine smuggled through the Bridge of the Americas port of entry.',
        agents: [{ name: 'Nobody Signedin', badge, dutyStation: 'El Paso, TX' }],
        submissionKey: `e2e-${badge}`,
      },
    });
    await expectStatus(created, 401);
    expect(await created.json()).toMatchObject({ error: 'Sign in first.' });
    await expectStatus(await request.post(`/api/requests/${id}/transitions`, { data: { action: 'approve' } }), 401);

    expect(records.requestsForBadge(badge)).toHaveLength(0);
    expect(records.state(id)).toBe('dea_decision');
    expect(records.events(id)).toEqual(eventsBefore);
  });
});

test.describe('a supervisor of another office', () => {
  test('cannot open, find, change or move an El Paso request', async ({ page, records }) => {
    const { id, badge } = records.requestIn('hsi_review');
    const eventsBefore = records.events(id);
    await signIn(page, 'otherSupervisor');
    await expectNotFoundPage(page, `/requests/${id}`);
    await expectNotFoundPage(page, `/requests/${id}/edit`);
    await page.goto(`/requests?q=${badge}`);
    await expect(page.getByRole('status')).toHaveText('0 requests found.');
    await page.goto(`/agents?q=${badge}`);
    await expect(page.getByRole('status')).toHaveText('0 agents found.');

    await expectStatus(await page.request.get(`/api/requests/${id}`), 404);
    await expectStatus(await page.request.post(`/api/requests/${id}/transitions`, { data: { action: 'withdraw', reason: 'Not mine.' } }), 404);
    const list = await page.request.get(`/api/requests?q=${badge}`);
    expect((await list.json()).total).toBe(0);
    expect(records.state(id)).toBe('hsi_review');
    expect(records.events(id)).toEqual(eventsBefore);
  });
});

test.describe('HSI HQ', () => {
  test('cannot review, route or decide a request waiting for DEA HQ', async ({ page, records }) => {
    const { id } = records.requestIn('dea_hq_review');
    const eventsBefore = records.events(id);
    await signIn(page, 'hsiHq');
    await page.goto(`/requests/${id}`);
    await expect(page.getByRole('heading', { name: 'What you can do' })).toBeVisible();
    for (const name of REVIEW_BUTTONS) await expect(page.getByRole('button', { name, exact: true }), name).toHaveCount(0);
    // The one thing HSI HQ may still do with a submitted request is withdraw it (lib/workflow/transitions.ts).
    await expect(page.locator('form.action-form')).toHaveCount(1);
    await expect(page.getByRole('button', { name: 'Withdraw' })).toBeVisible();

    for (const data of [{ action: 'route', divisionId: records.officeId('dea-el-paso') }, { action: 'approve' }, { action: 'return', reason: 'Not ours to return.' }]) {
      await expectStatus(await page.request.post(`/api/requests/${id}/transitions`, { data }), 403);
    }
    expect(records.state(id)).toBe('dea_hq_review');
    expect(records.events(id)).toEqual(eventsBefore);
  });

  test('cannot see a supervisor’s draft', async ({ page, records }) => {
    const { id, badge } = records.requestIn('draft');
    await signIn(page, 'hsiHq');
    await expectNotFoundPage(page, `/requests/${id}`);
    await page.goto(`/requests?q=${badge}`);
    await expect(page.getByRole('status')).toHaveText('0 requests found.');
  });
});

test.describe('a DEA division coordinator', () => {
  test('cannot see or act on a request routed to another division', async ({ page, records }) => {
    const { id, badge } = records.requestIn('dea_hq_review');
    transitionRequest(records.db, records.actor('deaHq'), { requestId: id, action: 'route', divisionId: records.officeId('dea-houston') });
    expect(records.state(id)).toBe('division_review');
    const eventsBefore = records.events(id);

    await signIn(page, 'division');
    await expectNotFoundPage(page, `/requests/${id}`);
    await page.goto(`/requests?q=${badge}`);
    await expect(page.getByRole('status')).toHaveText('0 requests found.');
    await expectStatus(await page.request.get(`/api/requests/${id}`), 404);
    await expectStatus(await page.request.post(`/api/requests/${id}/transitions`, { data: { action: 'concur' } }), 404);
    expect(records.state(id)).toBe('division_review');
    expect(records.events(id)).toEqual(eventsBefore);
  });
});

test.describe('the auditor', () => {
  test('reads requests but has no forms, no proposing, and every move is refused', async ({ page, records }) => {
    const { id, badge, ref } = records.requestIn('dea_decision');
    const eventsBefore = records.events(id);
    await signIn(page, 'auditor');
    await expect(page.getByText('Your role reviews and reports; nothing waits on you.')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Propose agents' })).toHaveCount(0);

    await page.goto(`/requests?q=${badge}`);
    await expect(page.getByRole('status')).toHaveText('1 request found.');
    await page.getByRole('link', { name: ref }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(ref);
    await expect(page.getByText('There is nothing for you to do on this request now.')).toBeVisible();
    await expect(page.locator('main form')).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Propose agents' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Change the request' })).toHaveCount(0);

    await page.goto('/requests/new');
    await expect(page.getByText('Only HSI field supervisors propose agents for cross-designation.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Continue' })).toHaveCount(0);

    for (const data of [{ action: 'approve' }, { action: 'deny', reason: 'Auditors decide nothing.' }, { action: 'return', reason: 'No.' }]) {
      await expectStatus(await page.request.post(`/api/requests/${id}/transitions`, { data }), 403);
    }
    const newBadge = uniqueBadge('AU');
    const created = await page.request.post('/api/requests', {
      data: {
        kind: 'initial',
        deaDivisionId: records.officeId('dea-el-paso'),
        borderNexus: 'Methamphetamine smuggled through the Bridge of the Americas port of entry.',
        agents: [{ name: 'Audit Attempt', badge: newBadge, dutyStation: 'El Paso, TX' }],
      },
    });
    await expectStatus(created, 403);
    expect(records.requestsForBadge(newBadge)).toHaveLength(0);
    expect(records.state(id)).toBe('dea_decision');
    expect(records.events(id)).toEqual(eventsBefore);
  });
});

test.describe('a supervisor', () => {
  test('cannot approve or endorse, even their own office’s request', async ({ page, records }) => {
    const { id } = records.requestIn('dea_decision');
    const eventsBefore = records.events(id);
    await signIn(page, 'supervisor');
    await page.goto(`/requests/${id}`);
    await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
    await expectStatus(await page.request.post(`/api/requests/${id}/transitions`, { data: { action: 'approve' } }), 403);
    await expectStatus(await page.request.post(`/api/requests/${id}/transitions`, { data: { action: 'concur' } }), 403);
    expect(records.state(id)).toBe('dea_decision');
    expect(records.events(id)).toEqual(eventsBefore);
  });

  test('cannot change a request once it is submitted', async ({ page, records }) => {
    const { id } = records.requestIn('hsi_review');
    await signIn(page, 'supervisor');
    await page.goto(`/requests/${id}`);
    await expect(page.getByRole('heading', { name: 'What you can do' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Change the request' })).toHaveCount(0);
    await page.goto(`/requests/${id}/edit`);
    await expect(page.getByText('Only a supervisor of the proposing office can change a draft or returned request.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save changes' })).toHaveCount(0);
  });
});

test.describe('anyone but an administrator', () => {
  for (const who of ['supervisor', 'deaHq', 'auditor'] as const) {
    test(`${who} gets the not-found page for the admin pages`, async ({ page }) => {
      await signIn(page, who);
      await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' })).toHaveCount(0);
      for (const path of ['/admin/users', '/admin/users/new', '/admin/offices']) await expectNotFoundPage(page, path);
    });
  }
});

test.describe('DEA HQ', () => {
  test('cannot see a supervisor’s draft', async ({ page, records }) => {
    const { id, badge } = records.requestIn('draft');
    await signIn(page, 'deaHq');
    await expectNotFoundPage(page, `/requests/${id}`);
    await expectStatus(await page.request.get(`/api/requests/${id}`), 404);
    await expectStatus(await page.request.post(`/api/requests/${id}/transitions`, { data: { action: 'deny', reason: 'Not submitted.' } }), 404);
    await page.goto(`/requests?q=${badge}`);
    await expect(page.getByRole('status')).toHaveText('0 requests found.');
    expect(records.state(id)).toBe('draft');
  });
});
