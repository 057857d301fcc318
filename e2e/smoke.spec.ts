import { expect, signIn, test } from './support/fixtures';

test('a supervisor signs in and sees their inbox', async ({ page }) => {
  await signIn(page, 'supervisor');
  await expect(page.getByRole('heading', { name: 'Needs my action' })).toBeVisible();
});
