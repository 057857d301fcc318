#!/usr/bin/env node
// `npm test`: type check, lint, unit and integration tests (vitest), and the end-to-end suite
// (Playwright in Chromium). Every step runs even if an earlier one fails, so one run shows
// everything that is wrong; the last line totals them all: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const results = [];

function run(name, command, args, env = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const child = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env } });
  return { status: child.status ?? 1, seconds: (Date.now() - started) / 1000 };
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

fs.rmSync('test-results', { recursive: true, force: true });
fs.mkdirSync('test-results', { recursive: true });

// Checks that are one pass or one fail each.
for (const [name, command, args] of [
  ['typecheck', 'npx', ['tsc', '--noEmit']],
  ['lint', 'npx', ['eslint', '--max-warnings=0', '.']],
]) {
  const { status, seconds } = run(name, command, args);
  results.push({ name, passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1, seconds });
}

{
  const { status, seconds } = run('unit and integration', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=test-results/vitest.json']);
  const report = readJson('test-results/vitest.json');
  const passed = report?.numPassedTests ?? 0;
  let failed = (report?.numFailedTests ?? 0) + (report?.numPendingTests ?? 0) + (report?.numTodoTests ?? 0);
  // A run that crashed, or found no tests, is a failure, not a quiet zero.
  if ((status !== 0 || passed === 0) && failed === 0) failed = 1;
  results.push({ name: 'unit and integration', passed, failed, seconds });
}

{
  const { status, seconds } = run('end-to-end', 'npx', ['playwright', 'test']);
  const stats = readJson('test-results/e2e-results.json')?.stats;
  const passed = stats?.expected ?? 0;
  let failed = (stats?.unexpected ?? 0) + (stats?.flaky ?? 0) + (stats?.skipped ?? 0);
  if ((status !== 0 || passed === 0) && failed === 0) failed = 1;
  results.push({ name: 'end-to-end', passed, failed, seconds });
}

console.log('\n=== Summary');
for (const r of results) {
  console.log(`${r.name.padEnd(22)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(4)} failed  (${r.seconds.toFixed(0)} s)`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
