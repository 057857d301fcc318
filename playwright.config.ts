import fs from 'node:fs';
import { defineConfig } from '@playwright/test';
import { E2E_BASE_URL, E2E_DATABASE_FILE, E2E_PORT } from './e2e/support/environment';

// Playwright drives the machine's Chromium (Debian's package) when it is there, so nothing is
// downloaded; elsewhere it falls back to Playwright's own browser if one is installed.
const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const executablePath = process.env.CHROMIUM_PATH ?? (fs.existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined);

export default defineConfig({
  testDir: './e2e',
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-results.json' }]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      // Root in a container needs --no-sandbox; this machine's closed network makes Chromium's
      // background connections fail noisily, so they are turned off.
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  // The setup project signs each demo account in once (a one-time code works once); the tests reuse
  // those sessions.
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/, use: { browserName: 'chromium' } },
    { name: 'chromium', use: { browserName: 'chromium' }, dependencies: ['setup'] },
  ],
  webServer: {
    // A fresh database for every run, with a small demo history, served by the production build.
    command: `rm -f ${E2E_DATABASE_FILE} ${E2E_DATABASE_FILE}-wal ${E2E_DATABASE_FILE}-shm && npx tsx lib/cli/start.ts`,
    url: `${E2E_BASE_URL}/sign-in`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: 'pipe',
    env: {
      DATABASE_URL: `file:${E2E_DATABASE_FILE}`,
      PORT: String(E2E_PORT),
      NEXTAUTH_URL: E2E_BASE_URL,
      // Test-only signing key for the throwaway end-to-end database.
      NEXTAUTH_SECRET: 'e2e-test-only-secret-not-used-anywhere-else',
      T21_DEMO_YEARS: '1',
      T21_DEMO_PER_YEAR: '120',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  },
});
