import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: {
    include: ['lib/**/*.test.ts', 'db/**/*.test.ts'],
    environment: 'node',
    // Each integration test file opens its own temporary SQLite file; files run in parallel safely.
    pool: 'forks',
    testTimeout: 30_000,
  },
});
