// `t21 backup` while the app is serving: the real command line, run as a child process against a
// temporary SQLite file that a worker thread (standing in for the app) keeps writing to. The copy is
// then restored the way README "Back up and restore" says and checked as an operator would need it:
// intact, every reference holding, nothing committed before the backup began missing, every request's
// state agreeing with its event log, migrations up to date.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openDatabase, type Db } from '@/db/client';
import { seedDemoHistory } from '@/lib/demo/seed-demo';
import type { ServingWriterData, ServingWriterReport } from '@/lib/testing/serving-writer';
import { createTestDb, makeUser, officeId, type TestDb } from '@/lib/testing/test-db';
import { bundleWorker } from '@/lib/testing/worker-bundle';

// tsx's own entry point, run by this Node: what `npx tsx` runs, without npx's start-up.
const TSX_CLI = createRequire(import.meta.url).resolve('tsx/cli');
const CLI = path.join(process.cwd(), 'lib', 'cli', 't21.ts');

let dir: string;
let live: TestDb;
let writerBundle: string;

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** `npx tsx lib/cli/t21.ts <args>` with DATABASE_URL naming `dbFile`, without blocking this thread. */
function t21(dbFile: string, args: string[], timeoutMs = 60_000): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX_CLI, CLI, ...args], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: `file:${dbFile}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

const count = (db: Db, table: string) => db.$client.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 't21-backup-'));
  writerBundle = await bundleWorker('lib/testing/serving-writer.ts', dir);
  // A database of some size (several MB, thousands of pages), so that the backup cannot be one small
  // copy that no write could interleave with.
  live = createTestDb();
  live.db.$client.pragma('synchronous = OFF'); // preparing is not under test
  seedDemoHistory(live.db, { years: 1, perYear: 1500, seed: 11 });
  live.db.$client.pragma('synchronous = FULL');
}, 180_000);

afterAll(() => {
  live?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('t21 backup while the app is serving', { timeout: 120_000 }, () => {
  it('writes a consistent copy that, restored as the README says, holds everything committed before it began', async () => {
    const supervisor = makeUser(live.db, 'supervisor', 'hsi-el-paso', 'Serving Supervisor');
    const control = new SharedArrayBuffer(8);
    const commits = new Int32Array(control);
    const writerData: ServingWriterData = {
      file: live.file,
      supervisor,
      hsi: makeUser(live.db, 'hsi_hq', undefined, 'Serving HSI'),
      dea: makeUser(live.db, 'dea_hq', undefined, 'Serving DEA'),
      division: makeUser(live.db, 'dea_division', 'dea-el-paso', 'Serving Division'),
      deaDivisionId: officeId(live.db, 'dea-el-paso'),
      tag: 'SRV',
      control,
    };
    const writer = new Worker(writerBundle, { workerData: writerData });
    const finished = new Promise<ServingWriterReport>((resolve, reject) => {
      writer.once('message', resolve);
      writer.once('error', reject);
    });

    // Let the app get going, then note what is committed: the backup must hold at least this.
    while (Atomics.load(commits, 1) < 20) await new Promise((r) => setTimeout(r, 20));
    const pageCount = live.db.$client.pragma('page_count', { simple: true }) as number;
    const before = { requests: count(live.db, 'requests'), events: count(live.db, 'request_events') };
    const commitsBefore = Atomics.load(commits, 1);

    const backupFile = path.join(dir, 'backup', 't21-backup.db');
    fs.mkdirSync(path.dirname(backupFile));
    const run = await t21(live.file, ['backup', backupFile]);
    const commitsDuring = Atomics.load(commits, 1) - commitsBefore;

    Atomics.store(commits, 0, 1);
    const report = await finished;
    await writer.terminate();
    expect(report.error).toBeUndefined();
    console.log(
      `backup of ${pageCount} pages took ${run.ms} ms (exit ${run.status}${run.signal ? `, ${run.signal}` : ''}); ` +
        `the app committed ${commitsDuring} transactions meanwhile, ${report.commits} in all`,
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.stdout).toContain(`Backed up ${live.file} to ${backupFile}.`);
    // The app really was writing while the copy was made.
    expect(commitsDuring).toBeGreaterThan(0);

    // Restore as README "Back up and restore" says, into a new place: the app is stopped; its old
    // database file, with a -wal and -shm left beside it, is replaced by the backup and the -wal and
    // -shm are deleted.
    const restoreDir = path.join(dir, 'restored', 'data');
    fs.mkdirSync(restoreDir, { recursive: true });
    const restored = path.join(restoreDir, 't21.db');
    fs.writeFileSync(restored, 'the old database');
    fs.writeFileSync(`${restored}-wal`, 'an old write-ahead log');
    fs.writeFileSync(`${restored}-shm`, 'old shared memory');
    fs.copyFileSync(backupFile, restored);
    fs.rmSync(`${restored}-wal`);
    fs.rmSync(`${restored}-shm`);

    const db = openDatabase(restored);
    try {
      const sqlite = db.$client;
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(sqlite.pragma('foreign_key_check')).toEqual([]);

      const after = { requests: count(db, 'requests'), events: count(db, 'request_events') };
      expect(after.requests).toBeGreaterThanOrEqual(before.requests);
      expect(after.events).toBeGreaterThanOrEqual(before.events);
      // …and no more than the live database holds now that the app has stopped writing.
      expect(after.requests).toBeLessThanOrEqual(count(live.db, 'requests'));
      expect(after.events).toBeLessThanOrEqual(count(live.db, 'request_events'));

      // Every request's state is where its last event left it: no transition half copied.
      const disagreeing = sqlite
        .prepare(
          `SELECT r.id, r.state, (SELECT e.to_state FROM request_events e WHERE e.request_id = r.id ORDER BY e.at DESC, e.id DESC LIMIT 1) AS last_to_state
           FROM requests r WHERE r.state IS NOT last_to_state`,
        )
        .all();
      expect(disagreeing).toEqual([]);
      // The serving app's own writes are in the copy too, each request whole (its create event there).
      expect(sqlite.prepare("SELECT count(*) FROM requests WHERE submission_key GLOB 'SRV-key-*'").pluck().get()).toBeGreaterThan(0);

      // Migrations up to date: every committed migration applied, in order, with the same content.
      const applied = sqlite.prepare('SELECT hash, created_at AS at FROM __drizzle_migrations ORDER BY created_at').all();
      const committedMigrations = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).map((m) => ({ hash: m.hash, at: m.folderMillis }));
      expect(applied).toEqual(committedMigrations);
    } finally {
      db.$client.close();
    }
  });

  it('refuses to overwrite an existing file, saying so, and leaves it as it was', async () => {
    const target = path.join(dir, 'existing.db');
    fs.writeFileSync(target, 'yesterday’s backup');
    const run = await t21(live.file, ['backup', target]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`Error: ${target} exists already; choose a new file name.`);
    expect(run.stdout).toBe('');
    expect(fs.readFileSync(target, 'utf8')).toBe('yesterday’s backup');
  });

  it('refuses a missing source database, naming it, and creates neither file', async () => {
    const missing = path.join(dir, 'nowhere', 't21.db');
    const target = path.join(dir, 'from-nowhere.db');
    const run = await t21(missing, ['backup', target]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`Error: There is no database at ${missing} to back up (check DATABASE_URL).`);
    expect(fs.existsSync(missing)).toBe(false);
    expect(fs.existsSync(target)).toBe(false);
  });

  it('refuses a target in a folder that does not exist, and asks for exactly one file', async () => {
    const target = path.join(dir, 'no-such-folder', 't21.db');
    const run = await t21(live.file, ['backup', target]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Error: .*directory does not exist/);
    expect(fs.existsSync(target)).toBe(false);

    const none = await t21(live.file, ['backup']);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('Error: Name one file to write: npm run t21 -- backup FILE');
  });
});
