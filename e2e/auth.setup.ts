// Signs each demo account in once, through the real sign-in page (the notice, the password and the
// account's current one-time code), and keeps its cookies for the tests (fixtures.ts signIn/pageAs).
import fs from 'node:fs';
import { test as setup, expect } from '@playwright/test';
import { DEMO_PASSWORD } from '@/lib/demo/seed-demo';
import { demoTotpSecret } from '@/lib/demo/demo-mfa';
import { ACCOUNTS, signInAs, storageStateFile, type AccountKey } from './support/fixtures';
import { AUTH_STATE_DIR } from './support/environment';

setup('every demo account signs in with its password and one-time code', async ({ browser }) => {
  fs.mkdirSync(AUTH_STATE_DIR, { recursive: true });
  for (const who of Object.keys(ACCOUNTS) as AccountKey[]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, ACCOUNTS[who], DEMO_PASSWORD, demoTotpSecret(ACCOUNTS[who]));
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await context.storageState({ path: storageStateFile(who) });
    await context.close();
  }
});
