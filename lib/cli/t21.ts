// `npm run t21 -- <command>`: the jobs an administrator scripts. Each command validates its input,
// prints a clear message, and exits non-zero when something is wrong.
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { getDb, migrateDatabase } from '@/db/client';
import { SYSTEM_ACTOR, type SystemActor } from '@/lib/auth/actor';
import { decidedInPeriod, periodFiltersSchema } from '@/lib/timeliness/decided-requests';
import { loadGoals } from '@/lib/timeliness/goals';
import { perRequestCsv, stageSummaryCsv } from '@/lib/timeliness/report-csv';
import { perRequestRows, stageSummary } from '@/lib/timeliness/stage-summary';
import { rebuildTimings } from '@/lib/timeliness/timing-cache';
import { parseOrThrow } from '@/lib/validation/parse';
import { createUser } from '@/lib/admin/manage-users';
import { databasePath, settings } from '@/lib/config';
import { seedDemoHistory, FULL_DEMO } from '@/lib/demo/seed-demo';
import { expireDesignations } from '@/lib/designations/expire-designations';
import { offices } from '@/db/schema';
import { eq } from 'drizzle-orm';
import { isAppError } from '@/lib/errors';
import { formatImportIssue, importHistory, ImportError, MAX_IMPORT_BYTES } from '@/lib/import/import-history';
import { loadReferenceData } from '@/lib/setup/reference-data';
import { verifyAudit } from '@/lib/audit/audit-log';
import { recordExport } from '@/lib/audit/audit-trail';
import { sweepAccounts } from '@/lib/admin/sweep-accounts';
import { importRoster } from '@/lib/roster/import-roster';
import { importTraining } from '@/lib/training/import-training';
import { trainingMatrixCsv, trainingPanelCsv } from '@/lib/training/training-csv';
import { trainingMatrix, trainingPanel } from '@/lib/training/training-status';

class UsageError extends Error {}

// The report reads everything, as an auditor would.
const REPORT_ACTOR: SystemActor = { kind: 'system', name: 'T21 Tracker (report)' };
const LMS_IMPORT_ACTOR: SystemActor = { kind: 'system', name: 'LMS import (command line)' };
const ROSTER_IMPORT_ACTOR: SystemActor = { kind: 'system', name: 'Roster import (command line)' };

const USAGE = `Usage: npm run t21 -- <command> [options]

Commands:
  migrate                      Apply the committed migrations and load reference data.
  seed-demo [--years N] [--per-year N] [--seed N]
                               Generate demo history (demo data only; not for a real database).
  import FILE.csv              Import historical events (all or nothing; see README "Importing history").
  import-training FILE.csv     Import an LMS export of completions: badge,module_code,completed_on[,version]
                               (all or nothing; re-importing adds nothing; activates approvals it clears).
  import-roster FILE.csv       Add or update people on the roster: badge,name,agency,office_code,duty_station
                               (HSI agents in HSI field offices, DEA agents in DEA divisions; all or nothing).
  training-report [--matrix]   Per module: finalised or not, open disputes, share of the audience trained;
                               with --matrix, offices × modules. CSV, the same figures as the pages.
  expire                       Move designations past their end date to expired.
  report --from YYYY-MM-DD --to YYYY-MM-DD [--per-request]
                               Timeliness of requests approved or denied in the period, as CSV.
  rebuild-timings              Recompute every cached processing time from the event log.
  verify-audit                 Check the whole audit trail's hash chain; names the first broken record.
  sweep-accounts               Disable accounts unused for 90 days (run daily).
  backup FILE                  Copy the database to FILE with SQLite's online backup (safe while serving).
  create-user --email E --name N --role R [--office CODE] [--password-stdin]
                               Create a user. Roles: supervisor, hsi_hq, dea_hq, dea_division, auditor, admin.
                               Without --password-stdin a random password is generated and printed once.
`;

function wholeNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--${name} must be a whole number of at least 1 (got "${value}").`);
  return Number(value);
}

function readStdin(): string {
  return fs.readFileSync(0, 'utf8').replace(/\r?\n$/, '');
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const db = () => {
    const database = getDb();
    migrateDatabase(database);
    loadReferenceData(database);
    return database;
  };

  switch (command) {
    case 'migrate': {
      db();
      console.log(`Migrated ${databasePath(settings().DATABASE_URL)} and loaded reference data.`);
      return;
    }
    case 'seed-demo': {
      const { values } = parseArgs({ args: rest, options: { years: { type: 'string' }, 'per-year': { type: 'string' }, seed: { type: 'string' } } });
      const started = Date.now();
      const result = seedDemoHistory(db(), {
        years: wholeNumber('years', values.years, FULL_DEMO.years),
        perYear: wholeNumber('per-year', values['per-year'], FULL_DEMO.perYear),
        seed: wholeNumber('seed', values.seed, 2021),
      });
      console.log(`Demo history: ${result.requests} requests, ${result.events} events in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      return;
    }
    case 'import': {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
      const file = positionals[0];
      if (!file || positionals.length > 1) throw new UsageError('Name one CSV file: npm run t21 -- import FILE.csv');
      if (!fs.existsSync(file)) throw new UsageError(`No such file: ${file}`);
      if (fs.statSync(file).size > MAX_IMPORT_BYTES) {
        throw new UsageError(`${file} is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it by year and import the parts in order.`);
      }
      const summary = importHistory(db(), fs.readFileSync(file, 'utf8'), { fileName: file });
      console.log(JSON.stringify(summary));
      return;
    }
    case 'import-training': {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
      const file = positionals[0];
      if (!file || positionals.length > 1) throw new UsageError('Name one CSV file: npm run t21 -- import-training FILE.csv');
      if (!fs.existsSync(file)) throw new UsageError(`No such file: ${file}`);
      const summary = importTraining(db(), LMS_IMPORT_ACTOR, fs.readFileSync(file, 'utf8'), { fileName: file });
      console.log(
        `${summary.rows} rows: ${summary.added} added, ${summary.alreadyRecorded} already on record.` +
          (summary.activated.length ? ` Activated ${summary.activated.length} approved requests no longer waiting for training: ${summary.activated.join(', ')}.` : ''),
      );
      return;
    }
    case 'import-roster': {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
      const file = positionals[0];
      if (!file || positionals.length > 1) throw new UsageError('Name one CSV file: npm run t21 -- import-roster FILE.csv');
      if (!fs.existsSync(file)) throw new UsageError(`No such file: ${file}`);
      const summary = importRoster(db(), ROSTER_IMPORT_ACTOR, fs.readFileSync(file, 'utf8'), { fileName: file });
      console.log(`${summary.rows} rows: ${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged.`);
      return;
    }
    case 'training-report': {
      const { values } = parseArgs({ args: rest, options: { matrix: { type: 'boolean' } } });
      const database = db();
      recordExport(database, REPORT_ACTOR, values.matrix ? 'training-matrix' : 'training-modules');
      process.stdout.write(values.matrix ? trainingMatrixCsv(trainingMatrix(database, REPORT_ACTOR)) : trainingPanelCsv(trainingPanel(database, REPORT_ACTOR)));
      return;
    }
    case 'expire': {
      parseArgs({ args: rest, options: {} });
      const { expired } = expireDesignations(db());
      console.log(expired.length === 0 ? 'No designations to expire.' : `Expired ${expired.length}: ${expired.join(', ')}`);
      return;
    }
    case 'report': {
      const { values } = parseArgs({ args: rest, options: { from: { type: 'string' }, to: { type: 'string' }, 'per-request': { type: 'boolean' } } });
      const database = db();
      const filters = parseOrThrow(periodFiltersSchema, { from: values.from, to: values.to });
      const decided = decidedInPeriod(database, REPORT_ACTOR, filters);
      const goals = loadGoals(database);
      recordExport(database, REPORT_ACTOR, values['per-request'] ? 'report-per-request' : 'report', { from: filters.from, to: filters.to });
      process.stdout.write(values['per-request'] ? perRequestCsv(perRequestRows(decided, goals)) : stageSummaryCsv(stageSummary(decided, goals, filters.to)));
      return;
    }
    case 'verify-audit': {
      parseArgs({ args: rest, options: {} });
      const result = verifyAudit(db());
      if (!result.ok) {
        console.error(`The audit trail is broken at record ${result.brokenAt}: ${result.reason}. ${result.records} records before it verified.`);
        process.exit(2);
      }
      console.log(`The audit trail is intact: ${result.records} records.${result.head ? ` Head ${result.head}` : ''}`);
      return;
    }
    case 'sweep-accounts': {
      parseArgs({ args: rest, options: {} });
      const { disabled } = sweepAccounts(db(), { kind: 'system', name: 'T21 Tracker (account sweep)' });
      console.log(disabled.length === 0 ? 'No account has gone unused for 90 days.' : `Disabled ${disabled.length} accounts unused for 90 days: ${disabled.join(', ')}`);
      return;
    }
    case 'rebuild-timings': {
      parseArgs({ args: rest, options: {} });
      const { requests } = rebuildTimings(db());
      console.log(`Recomputed the processing times of ${requests} decided requests from the event log.`);
      return;
    }
    case 'backup': {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
      const target = positionals[0];
      if (!target || positionals.length > 1) throw new UsageError('Name one file to write: npm run t21 -- backup FILE');
      if (fs.existsSync(target)) throw new UsageError(`${target} exists already; choose a new file name.`);
      const source = databasePath(settings().DATABASE_URL);
      if (!fs.existsSync(source)) throw new UsageError(`There is no database at ${source} to back up (check DATABASE_URL).`);
      const database = getDb();
      await database.$client.backup(target);
      console.log(`Backed up ${databasePath(settings().DATABASE_URL)} to ${target}.`);
      return;
    }
    case 'create-user': {
      const { values } = parseArgs({
        args: rest,
        options: {
          email: { type: 'string' },
          name: { type: 'string' },
          role: { type: 'string' },
          office: { type: 'string' },
          'password-stdin': { type: 'boolean' },
        },
      });
      const database = db();
      let officeId: number | null = null;
      if (values.office) {
        const office = database.select({ id: offices.id }).from(offices).where(eq(offices.code, values.office)).get();
        if (!office) throw new UsageError(`--office: no office with code "${values.office}".`);
        officeId = office.id;
      }
      const generated = values['password-stdin'] ? null : randomBytes(15).toString('base64url');
      const password = generated ?? readStdin();
      const { id } = createUser(database, SYSTEM_ACTOR, { email: values.email, name: values.name, role: values.role, officeId, password });
      console.log(`Created user ${id} (${values.email}).`);
      if (generated) console.log(`Password (shown once; give it to the user over a separate channel): ${generated}`);
      return;
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return;
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ImportError) {
    console.error(`Import failed: nothing was imported. ${error.errors.length} ${error.errors.length === 1 ? 'problem' : 'problems'}:`);
    for (const issue of error.errors) console.error(`  ${formatImportIssue(issue)}`);
  } else if (isAppError(error)) {
    console.error(`Error: ${error.code === 'invalid' && Object.keys(error.fieldErrors).length > 0 ? 'the input is not valid.' : error.message}`);
    for (const [field, messages] of Object.entries(error.fieldErrors)) console.error(`  ${field}: ${messages.join(' ')}`);
  } else if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`Error: ${(error as Error).message}\n\n${USAGE}`);
  } else {
    console.error(`Error: ${(error as Error).message ?? error}`);
  }
  process.exit(1);
});
