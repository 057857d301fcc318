// `npm start`: prepares the database (migrations, reference data, demo history on an empty database),
// builds the app if the build is missing or older than the source, prints the demo sign-ins, and
// serves. One command from a fresh clone to a working, seeded tracker.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getDb } from '@/db/client';
import { databasePath, settings } from '@/lib/config';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isDemoDatabase, type SeedDemoOptions } from '@/lib/demo/seed-demo';
import { prepareDatabase, START_DEMO } from '@/lib/setup/prepare-database';

const SOURCE_DIRS = ['app', 'components', 'lib', 'db'];
const SOURCE_FILES = ['next.config.js', 'package.json', 'package-lock.json', 'tsconfig.json'];

function newestSourceChange(root: string): number {
  let newest = 0;
  const visit = (entry: string) => {
    const stat = fs.statSync(entry);
    if (stat.isDirectory()) {
      for (const child of fs.readdirSync(entry)) visit(path.join(entry, child));
    } else if (!entry.endsWith('.test.ts')) {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) if (fs.existsSync(path.join(root, dir))) visit(path.join(root, dir));
  for (const file of SOURCE_FILES) if (fs.existsSync(path.join(root, file))) newest = Math.max(newest, fs.statSync(path.join(root, file)).mtimeMs);
  return newest;
}

function buildIfNeeded(root: string): void {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (fs.existsSync(buildId) && fs.statSync(buildId).mtimeMs >= newestSourceChange(root)) return;
  console.log('Building the app (first start, or the source changed)…');
  const result = spawnSync('npx', ['next', 'build'], { stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (result.status !== 0) {
    console.error('The build failed; see the messages above.');
    process.exit(result.status ?? 1);
  }
}

/** The session-signing secret: from the environment, or generated once and kept beside the database
 * (never in the repository). */
function authSecret(dbFile: string): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const file = path.join(path.dirname(path.resolve(dbFile)), '.auth-secret');
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

function printDemoSignIns(port: number): void {
  console.log(`\nT21 Tracker: http://localhost:${port}`);
  console.log('\nDEMO DATA. These sign-ins exist only in this demo database. Password for each:', DEMO_PASSWORD);
  console.log('Each also needs a one-time code: the sign-in page shows every demo account\'s current code.');
  for (const account of DEMO_ACCOUNTS) console.log(`  ${account.email.padEnd(34)} ${account.purpose}`);
  console.log('');
}

/** T21_DEMO_YEARS and T21_DEMO_PER_YEAR size the demo history (the end-to-end tests use a small one). */
function demoSize(): SeedDemoOptions {
  const read = (name: string, fallback: number) => {
    const value = process.env[name];
    if (value === undefined || value === '') return fallback;
    if (!/^\d+$/.test(value) || Number(value) < 1) throw new Error(`${name} must be a whole number of at least 1 (got "${value}").`);
    return Number(value);
  };
  return { years: read('T21_DEMO_YEARS', START_DEMO.years), perYear: read('T21_DEMO_PER_YEAR', START_DEMO.perYear) };
}

function main(): void {
  const root = process.cwd();
  const config = settings();
  const dbFile = databasePath(config.DATABASE_URL);
  const db = getDb();
  const seedDemo = process.env.T21_DEMO !== 'false';
  const started = Date.now();
  const { seeded } = prepareDatabase(db, { seedDemo, demo: demoSize() });
  if (seeded) console.log(`Generated demo history in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  const isDemo = isDemoDatabase(db);
  db.$client.close();

  buildIfNeeded(root);

  const port = Number(process.env.PORT ?? 3000);
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    NEXTAUTH_SECRET: authSecret(dbFile),
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
  };
  const server = spawn('npx', ['next', 'start', '-p', String(port)], { stdio: 'inherit', env });
  if (isDemo) printDemoSignIns(port);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
  server.on('exit', (code) => process.exit(code ?? 0));
}

main();
