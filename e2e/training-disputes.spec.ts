// The joint module's dispute, followed from where the reference data leaves it (open, at headquarters)
// to the formal mechanism, its resolution, and the module's publication; an auditor reads it all and
// can change nothing.
import { expect, signIn, test } from './support/fixtures';

const JOINT = '/training/JOINT-IAA-2009';

test('a dispute goes from raised to resolved, and only then can the module be published', async ({ page, pageAs, records }) => {
  const moduleId = (records.db.$client.prepare("SELECT id FROM training_modules WHERE code = 'JOINT-IAA-2009'").get() as { id: number }).id;
  const status = () => (records.db.$client.prepare('SELECT status FROM training_modules WHERE id = ?').get(moduleId) as { status: string }).status;

  // The auditor sees the stuck module and its open dispute, and no way to change either.
  const auditor = await pageAs('auditor');
  await auditor.goto('/training');
  await expect(auditor.getByRole('row', { name: /Joint DEA–HSI training/ })).toContainText('Disputed');
  await auditor.goto(JOINT);
  await expect(auditor.getByRole('heading', { name: /^Open: raised by Both agencies/ })).toBeVisible();
  await expect(auditor.getByRole('button')).toHaveText(['Sign out']);

  // The administrator is not offered Publish while the dispute is open.
  const admin = await pageAs('admin');
  await admin.goto(JOINT);
  await expect(admin.getByRole('button', { name: 'Publish' })).toHaveCount(0);

  // DEA HQ takes it to the formal mechanism, then records the resolution.
  await signIn(page, 'deaHq');
  await page.goto(JOINT);
  await page.getByLabel('Escalate to').selectOption({ label: 'Formal dispute-resolution mechanism' });
  await page.getByRole('button', { name: 'Escalate' }).click();
  await expect(page.getByRole('status')).toContainText('The escalation is recorded.');
  await page.getByLabel('Resolution').fill('Both agencies accept the revised section on the border nexus.');
  await page.getByRole('button', { name: 'Resolve' }).click();
  await expect(page.getByRole('status')).toContainText('The dispute is resolved.');
  expect(status()).toBe('in_review');

  // With no open dispute, the administrator publishes.
  await admin.reload();
  await admin.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(admin.getByRole('status')).toContainText('The module’s status is saved.');
  expect(status()).toBe('published');

  // The auditor follows the whole record.
  await auditor.reload();
  await expect(auditor.getByRole('heading', { name: /^Resolved: raised by Both agencies/ })).toBeVisible();
  await expect(auditor.getByText('Formal dispute-resolution mechanism')).toBeVisible();
  const history = auditor.getByRole('heading', { name: 'History' }).locator('xpath=following-sibling::ol[1]');
  await expect(history.getByRole('listitem')).toContainText([/Created/, /Review resumed: Disputed → In review/, /Publish: In review → Published/]);
  const events = records.db.$client.prepare('SELECT action, to_status FROM training_module_events WHERE module_id = ? ORDER BY at, id').all(moduleId);
  expect(events).toEqual([
    { action: 'create', to_status: 'disputed' },
    { action: 'resume_review', to_status: 'in_review' },
    { action: 'publish', to_status: 'published' },
  ]);
});
