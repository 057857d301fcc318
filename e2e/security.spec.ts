// What the browser sees of the security controls: the headers on pages, routes and static files; a
// policy under which the app runs with no violation; the session cookie's flags; the audit trail an
// auditor reads, filters, verifies and downloads (and that their reading is recorded); a locked
// account refused even its right password until an administrator unlocks it.
import type { ConsoleMessage } from '@playwright/test';
import { DEMO_PASSWORD } from '@/lib/demo/seed-demo';
import { expect, signInAs, test, uniqueBadge } from './support/fixtures';

const HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
};

test('pages, routes and static files carry the security headers, with a fresh script nonce per page', async ({ page, request }) => {
  const first = await request.get('/sign-in');
  const second = await request.get('/sign-in');
  for (const response of [first, second, await request.get('/api/requests')]) expect(response.headers()).toMatchObject(HEADERS);
  const csp = first.headers()['content-security-policy']!;
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'none'");
  expect(csp).not.toContain('unsafe-eval');
  expect(second.headers()['content-security-policy']).not.toBe(csp);

  await page.goto('/sign-in');
  const script = await page.locator('script[src*="/_next/static/"]').first().getAttribute('src');
  const asset = await request.get(script!);
  expect(asset.status()).toBe(200);
  expect(asset.headers()).toMatchObject(HEADERS);
});

test('the main pages run under the policy without a single violation', async ({ pageAs }) => {
  const auditor = await pageAs('auditor');
  const violations: string[] = [];
  auditor.on('console', (message: ConsoleMessage) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(message.text());
  });
  for (const path of ['/inbox', '/requests', '/dashboard', '/training', '/training/offices', '/agents', '/audit']) {
    await auditor.goto(path);
    await expect(auditor.getByRole('heading', { level: 1 })).toBeVisible();
  }
  // A client-side interaction still works (scripts ran): sorting a dashboard table.
  await auditor.goto('/dashboard');
  await auditor.getByRole('button', { name: /Median days/ }).first().click();
  expect(violations).toEqual([]);
});

test('the session cookie is HttpOnly and SameSite, and carries no readable claims', async ({ pageAs }) => {
  const page = await pageAs('supervisor');
  const cookie = (await page.context().cookies()).find((c) => c.name === 't21.session' || c.name === '__Host-t21.session');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  expect(cookie!.value).not.toContain('supervisor.elpaso');
  expect(await page.evaluate(() => document.cookie)).not.toContain('t21.session');
});

test('an auditor reads, filters, verifies and downloads the audit trail, and their reading is in it', async ({ pageAs, records }) => {
  const auditor = await pageAs('auditor');
  await auditor.getByRole('link', { name: 'Audit trail' }).click();
  await expect(auditor.getByRole('heading', { name: 'Audit trail' })).toBeVisible();
  await expect(auditor.getByRole('status')).toContainText('records found');

  // Sign-ins are there, with where they came from.
  await auditor.getByLabel('Action').selectOption({ label: 'sign in' });
  await auditor.getByRole('button', { name: 'Apply filters' }).click();
  await expect(auditor).toHaveURL(/action=sign_in/);
  const rows = auditor.getByRole('table').locator('tbody tr');
  await expect(rows.first()).toContainText('sign in');
  expect(await rows.locator('td:nth-child(4)').allTextContents()).toEqual(expect.arrayContaining(['sign in']));
  expect(new Set(await rows.locator('td:nth-child(4)').allTextContents())).toEqual(new Set(['sign in']));

  await auditor.getByRole('link', { name: 'Verify the whole chain' }).click();
  await expect(auditor.getByRole('status').filter({ hasText: 'The chain is intact' })).toBeVisible();

  const download = auditor.waitForEvent('download');
  await auditor.getByRole('link', { name: 'Download these records (CSV)' }).click();
  const csv = await (await download).createReadStream();
  let text = '';
  for await (const chunk of csv) text += chunk;
  expect(text.split('\n')[0]).toBe('id,at_utc,actor,role,action,object_type,object_id,outcome,source_address,details,hash');
  expect(text.split('\n').slice(1).filter(Boolean).every((line) => line.includes(',sign_in,'))).toBe(true);

  const auditorId = records.actor('auditor').id;
  const reads = records.db.$client.prepare("SELECT action FROM audit_log WHERE actor_user_id = ? AND action IN ('audit_read', 'audit_exported')").all(auditorId) as { action: string }[];
  expect(reads.some((r) => r.action === 'audit_read')).toBe(true);
  expect(reads.some((r) => r.action === 'audit_exported')).toBe(true);
});

test('five wrong passwords lock an account, which refuses even the right one until an administrator unlocks it', async ({ page, pageAs, records, browser }) => {
  // A fresh account, so that no other test's sign-ins are disturbed.
  const admin = await pageAs('admin');
  const email = `lock.${uniqueBadge('L').toLowerCase()}@demo.example`;
  const password = 'violet harbour tractor lamp';
  await admin.goto('/admin/users/new');
  await admin.getByLabel('Full name').fill('Lena Lockout');
  await admin.getByLabel('Email address').fill(email);
  await admin.getByLabel('Role').selectOption({ value: 'auditor' });
  await admin.getByLabel('Initial password').fill(password);
  await admin.getByRole('button', { name: 'Create user' }).click();
  await expect(admin.getByRole('status')).toHaveText('User created.');

  const attempt = async (pw: string) => {
    await page.goto('/sign-in');
    await page.getByLabel('I have read this notice and consent to these terms').check();
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(pw);
    await page.getByRole('button', { name: 'Sign in' }).click();
    return page.getByRole('form', { name: 'Sign in' }).getByRole('alert');
  };
  for (let i = 1; i <= 4; i += 1) await expect(await attempt(`wrong password number ${i}`)).toContainText('The email or password is not right');
  await expect(await attempt('wrong password number 5')).toContainText('This account is locked');
  await expect(await attempt(password)).toContainText('This account is locked');

  const id = (records.db.$client.prepare('SELECT id FROM users WHERE email = ?').get(email) as { id: number }).id;
  await admin.goto(`/admin/users/${id}`);
  await admin.getByRole('button', { name: 'Unlock the account' }).click();
  await expect(admin.getByRole('status')).toContainText('Unlocked');

  const context = await browser.newContext();
  await signInAs(await context.newPage(), email, password);
  await context.close();
  const trail = records.db.$client.prepare("SELECT action FROM audit_log WHERE object_type = 'user' AND object_id = ? ORDER BY id").all(String(id)) as { action: string }[];
  expect(trail.map((r) => r.action)).toEqual(expect.arrayContaining(['sign_in_failed', 'account_locked', 'account_unlocked', 'mfa_enrolled', 'sign_in']));
  expect(DEMO_PASSWORD).not.toBe(password);
});
