// The administrator's command line, run for real as a child process against a temporary SQLite file:
// exit codes, the messages an administrator reads, and what each command leaves in the database.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '@/db/client';
import { agents, requestEvents, requests, users } from '@/db/schema';
import { verifyCredentials } from '@/lib/auth/users';

// tsx's own entry point, run by this Node: what `npx tsx` runs, without npx's start-up.
const TSX_CLI = createRequire(import.meta.url).resolve('tsx/cli');
const CLI = path.join(process.cwd(), 'lib', 'cli', 't21.ts');
const FIXTURE = path.join(process.cwd(), 'lib', 'import', 'fixtures', 'small-history.csv');

let dir: string;
let dbFile: string;
let fileCounter = 0;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 't21-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
// Each test starts from a database file of its own.
beforeEach(() => {
  dbFile = path.join(dir, `t21-${++fileCounter}.db`);
});

function t21(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [TSX_CLI, CLI, ...args], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: `file:${dbFile}` },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectSuccess(run: ReturnType<typeof t21>): void {
  expect(run.status, run.stderr).toBe(0);
}

/** Opens a database file for a look, and closes it again. */
function inspect<T>(fn: (db: Db) => T, file = dbFile): T {
  const db = openDatabase(file);
  try {
    return fn(db);
  } finally {
    db.$client.close();
  }
}
/** Signs in against a database file, as the web app would. */
async function signIn(email: string, password: string) {
  const db = openDatabase(dbFile);
  try {
    return await verifyCredentials(db, email, password);
  } finally {
    db.$client.close();
  }
}
const totals = (db: Db) => ({
  requests: db.select({ n: count() }).from(requests).get()!.n,
  events: db.select({ n: count() }).from(requestEvents).get()!.n,
  agents: db.select({ n: count() }).from(agents).get()!.n,
  users: db.select({ n: count() }).from(users).get()!.n,
});
const EMPTY = { requests: 0, events: 0, agents: 0, users: 0 };

describe('the t21 command line', { timeout: 120_000 }, () => {
  it('migrates a new database and says which', () => {
    const run = t21(['migrate']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Migrated ${dbFile}`);
    expect(inspect(totals)).toEqual(EMPTY);
  });

  it('refuses an unknown command with the usage, and shows the usage when asked', () => {
    const run = t21(['bogus']);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toContain('Unknown command "bogus"');
    expect(run.stderr).toContain('Usage: npm run t21 -- <command>');
    const help = t21(['help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('Usage: npm run t21 -- <command>');
  });

  describe('import', () => {
    it('names a file that does not exist', () => {
      const missing = path.join(dir, 'no-such-history.csv');
      const run = t21(['import', missing]);
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toContain(`No such file: ${missing}`);
    });

    it('imports nothing from a file with errors, listing each by line', () => {
      const bad = path.join(dir, 'bad-history.csv');
      fs.writeFileSync(
        bad,
        [
          'request_ref,action,at,actor,agent_badge,agent_name,hsi_office,dea_division,kind,reason',
          'T21-2019-00001,create,2019-01-07T09:00:00-05:00,J. Smith,EP1001,Ana Ruiz,hsi-el-paso,dea-el-paso,initial,',
          'T21-2019-00001,submit,not-a-date,J. Smith,,,,,,',
          'T21-2019-00002,create,2019-03-01T09:00:00-05:00,P. Diaz,HO2001,Luis Ortega,hsi-houston,dea-houston,initial,',
          'T21-2019-00002,submit,2019-03-04T09:00:00-05:00,P. Diaz,,,,,,',
          'T21-2019-00002,endorse,2019-03-05T09:00:00-05:00,HSI HQ,,,,,,',
          'T21-2019-00002,deny,2019-03-20T16:00:00-04:00,DEA HQ,,,,,,',
        ].join('\n'),
      );
      const run = t21(['import', bad]);
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toMatch(/nothing was imported/i);
      expect(run.stderr).toMatch(/line 3\b/);
      expect(run.stderr).toMatch(/line 7\b/);
      expect(run.stderr).not.toMatch(/line [2456]\b/);
      expect(run.stdout).toBe('');
      // The valid request in the file was not imported either.
      expect(inspect(totals)).toEqual(EMPTY);
    });

    it('imports a history once: the same file again adds nothing', () => {
      const first = t21(['import', FIXTURE]);
      expect(first.status, first.stderr).toBe(0);
      const summary = JSON.parse(first.stdout);
      const afterFirst = inspect(totals);
      expect(afterFirst.requests).toBeGreaterThan(0);
      expect(summary).toMatchObject({ requestsCreated: afterFirst.requests, eventsAdded: afterFirst.events, agentsCreated: afterFirst.agents });

      const second = t21(['import', FIXTURE]);
      expect(second.status, second.stderr).toBe(0);
      expect(JSON.parse(second.stdout)).toMatchObject({
        rowsRead: summary.rowsRead,
        requestsCreated: 0,
        requestsExtended: 0,
        requestsUnchanged: afterFirst.requests,
        eventsAdded: 0,
        agentsCreated: 0,
      });
      expect(inspect(totals)).toEqual(afterFirst);
    });
  });

  describe('create-user', () => {
    it('requires an office for a supervisor, naming officeId, and creates nobody', () => {
      const run = t21(['create-user', '--email', 'sam@hsi.example.gov', '--name', 'Sam Supervisor', '--role', 'supervisor']);
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toContain('officeId');
      expect(inspect(totals).users).toBe(0);
    });

    it('names an office code that does not exist', () => {
      const run = t21(['create-user', '--email', 'sam@hsi.example.gov', '--name', 'Sam', '--role', 'supervisor', '--office', 'hsi-atlantis']);
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toContain('hsi-atlantis');
      expect(inspect(totals).users).toBe(0);
    });

    it('refuses a short password from standard input', () => {
      const run = t21(['create-user', '--email', 'ada@oig.example.gov', '--name', 'Ada Auditor', '--role', 'auditor', '--password-stdin'], 'too short\n');
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toMatch(/password: .*12/);
      expect(inspect(totals).users).toBe(0);
    });

    it('creates a user with the password from standard input', async () => {
      const password = 'a long enough passphrase';
      const run = t21(
        ['create-user', '--email', 'Sam@HSI.example.gov', '--name', 'Sam Supervisor', '--role', 'supervisor', '--office', 'hsi-el-paso', '--password-stdin'],
        `${password}\n`,
      );
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^Created user \d+ \(Sam@HSI\.example\.gov\)\./);
      expect(run.stdout).not.toContain(password);
      const user = inspect((db) => db.select().from(users).where(eq(users.email, 'sam@hsi.example.gov')).get());
      expect(user).toMatchObject({ name: 'Sam Supervisor', role: 'supervisor', isActive: true });
      // The trailing newline of standard input is not part of the password.
      expect(await signIn('sam@hsi.example.gov', password)).toMatchObject({ id: user!.id, role: 'supervisor' });
    });

    it('generates a password and shows it once when none is given', async () => {
      const run = t21(['create-user', '--email', 'ada@oig.example.gov', '--name', 'Ada Auditor', '--role', 'auditor']);
      expect(run.status, run.stderr).toBe(0);
      const password = /shown once.*?: (\S+)\s*$/m.exec(run.stdout)?.[1];
      expect(password).toBeDefined();
      expect(password!.length).toBeGreaterThanOrEqual(12);
      expect(await signIn('ada@oig.example.gov', password!)).toMatchObject({ role: 'auditor', officeId: null });
    });
  });

  it('refuses a demo history of zero years, generating nothing', () => {
    const run = t21(['seed-demo', '--years', '0']);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toContain('--years must be a whole number of at least 1');
    expect(inspect(totals).requests).toBe(0);
  });

  it('expires designations that have ended, and then has none left to expire', () => {
    expectSuccess(t21(['import', FIXTURE]));
    const active = inspect((db) => db.select({ ref: requests.ref }).from(requests).where(eq(requests.state, 'active')).all().map((r) => r.ref));
    // The fixture's designations all ended years ago.
    expect(active.length).toBeGreaterThan(0);

    const run = t21(['expire']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Expired ${active.length}: ${active.join(', ')}`);
    expect(inspect((db) => db.select({ n: count() }).from(requests).where(eq(requests.state, 'active')).get()!.n)).toBe(0);

    const again = t21(['expire']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('No designations to expire.');
  });

  describe('backup', () => {
    it('writes a copy that passes an integrity check and holds the same requests', () => {
      expectSuccess(t21(['import', FIXTURE]));
      const backup = path.join(dir, `backup-${fileCounter}.db`);
      const run = t21(['backup', backup]);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain(`to ${backup}`);

      const original = inspect(totals);
      expect(original.requests).toBeGreaterThan(0);
      inspect((db) => {
        expect(db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(totals(db)).toEqual(original);
      }, backup);
    });

    it('refuses to overwrite an existing file', () => {
      expectSuccess(t21(['migrate']));
      const existing = path.join(dir, `existing-${fileCounter}.db`);
      fs.writeFileSync(existing, 'keep me');
      const run = t21(['backup', existing]);
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toContain(`${existing} exists already`);
      expect(fs.readFileSync(existing, 'utf8')).toBe('keep me');
    });
  });
});
