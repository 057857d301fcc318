// The two bulk commands, timed as an administrator runs them: `npm run t21 -- import FILE` with a
// history of 100,000 requests into a new database, and `npm run t21 -- seed-demo` (its default size)
// into another. Wall time of the whole command, process start and migrations included, with peak
// memory from /usr/bin/time when the machine has it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { exportHistoryCsv, type ExportedHistory } from './history-export';

export interface CommandTiming {
  command: string;
  seconds: number;
  peakMemoryMb: number | null;
  output: string;
}

export interface BulkResult {
  import: CommandTiming & { history: ExportedHistory; requestsCreated: number; eventsAdded: number };
  seedDemo: CommandTiming & { requests: number; events: number };
}

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

function timeCommand(args: string[], databaseFile: string): CommandTiming {
  const hasTime = fs.existsSync('/usr/bin/time');
  const [program, ...rest] = hasTime ? ['/usr/bin/time', '-f', 'PEAK_KB=%M', 'npm', 'run', '--silent', 't21', '--', ...args] : ['npm', 'run', '--silent', 't21', '--', ...args];
  const started = performance.now();
  const result = spawnSync(program!, rest, {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, DATABASE_URL: `file:${databaseFile}`, NODE_ENV: 'production' },
  });
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const command = `npm run t21 -- ${args.map((a) => path.relative(process.cwd(), a) || a).join(' ')}`;
  if (result.status !== 0) throw new Error(`${command} failed (exit ${result.status}): ${(result.stderr || result.stdout).slice(-2000)}`);
  const peak = /PEAK_KB=(\d+)/.exec(result.stderr ?? '');
  return { command, seconds, peakMemoryMb: peak ? Math.round(Number(peak[1]) / 1024) : null, output: result.stdout.trim() };
}

/**
 * Times the import of the first `requests` requests of `sourceDatabase` (exported as a history CSV)
 * and seed-demo, each into a new database under `workDir`, which is removed afterwards.
 */
export function measureBulkCommands(sourceDatabase: string, requests: number, workDir: string, log: (line: string) => void): BulkResult {
  fs.mkdirSync(workDir, { recursive: true });
  const csv = path.join(workDir, `history-${requests}.csv`);
  const importDb = path.join(workDir, 'import.db');
  const seedDb = path.join(workDir, 'seed-demo.db');
  try {
    log(`bulk: exporting ${requests.toLocaleString('en-US')} requests from ${path.basename(sourceDatabase)} as a history CSV…`);
    const history = exportHistoryCsv(sourceDatabase, csv, requests);
    log(`bulk: ${history.rows.toLocaleString('en-US')} rows, ${history.megabytes} MB; importing into a new database…`);
    removeDatabase(importDb);
    const imported = timeCommand(['import', csv], importDb);
    const summary = JSON.parse(imported.output.split('\n').at(-1) ?? '{}') as { requestsCreated?: number; eventsAdded?: number };
    if (summary.requestsCreated !== history.requests) {
      throw new Error(`The import created ${summary.requestsCreated} requests; the file has ${history.requests}.`);
    }
    log(`bulk: import ${imported.seconds} s; seed-demo into a new database…`);
    removeDatabase(seedDb);
    const seeded = timeCommand(['seed-demo'], seedDb);
    const counts = /(\d+) requests, (\d+) events/.exec(seeded.output);
    log(`bulk: seed-demo ${seeded.seconds} s.`);
    return {
      import: { ...imported, history, requestsCreated: summary.requestsCreated, eventsAdded: summary.eventsAdded ?? 0 },
      seedDemo: { ...seeded, requests: Number(counts?.[1] ?? 0), events: Number(counts?.[2] ?? 0) },
    };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
