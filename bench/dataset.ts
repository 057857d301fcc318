// One database per scale in bench/data/<scale>.db, generated through the real code path of `npm start`
// (prepareDatabase: migrations, reference data, then seedDemoHistory, which drives the one writer,
// applyTransition, for every event). Generating 50k requests takes minutes, so a database is reused
// when the fingerprint stored in its app_meta matches: same size, same seed, same migrations and the
// same demo generator source. Anything else (or a run that died half way) is regenerated from scratch.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrateDatabase, openDatabase } from '@/db/client';
import { prepareDatabase } from '@/lib/setup/prepare-database';
import type { ScaleSpec } from './scales';

export const DATA_DIR = path.join(process.cwd(), 'bench', 'data');
const SEED = 2021;
// Bump when the harness changes what it generates.
const HARNESS_VERSION = 1;

export interface Dataset {
  spec: ScaleSpec;
  file: string;
  reused: boolean;
  /** Wall time of prepareDatabase (migrate, reference data, demo history and training), when generated. */
  generationSeconds: number;
  generatedAt: string;
  requests: number;
  events: number;
  decided: number;
  open: number;
  fileMegabytes: number;
}

interface StoredGeneration {
  seconds: number;
  generatedAt: string;
}

function hashFolder(hash: ReturnType<typeof createHash>, dir: string): void {
  for (const name of fs.readdirSync(dir).sort()) {
    const entry = path.join(dir, name);
    if (fs.statSync(entry).isDirectory()) hashFolder(hash, entry);
    else if (!name.endsWith('.test.ts')) hash.update(name).update(fs.readFileSync(entry));
  }
}

/** What the generated data depends on: its size and seed, and the demo generator. Neither the writer's
 * code nor the schema is hashed: a reused database is migrated forward (ensureDataset), as a real one
 * is when the tracker is upgraded, rather than generated again. */
export function fingerprint(spec: ScaleSpec): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ HARNESS_VERSION, SEED, years: spec.years, perYear: spec.perYear }));
  hashFolder(hash, path.join(process.cwd(), 'lib', 'demo'));
  return hash.digest('hex').slice(0, 16);
}

function readMeta(file: string, key: string): string | undefined {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (sqlite.prepare('SELECT value FROM app_meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  } catch {
    return undefined;
  } finally {
    sqlite.close();
  }
}

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

function counts(file: string): Pick<Dataset, 'requests' | 'events' | 'decided' | 'open' | 'fileMegabytes'> {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const n = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n;
    return {
      requests: n('SELECT count(*) AS n FROM requests'),
      events: n('SELECT count(*) AS n FROM request_events'),
      decided: n('SELECT count(*) AS n FROM request_timings'),
      open: n("SELECT count(*) AS n FROM requests WHERE state IN ('hsi_review','dea_hq_review','division_review','dea_decision','returned')"),
      fileMegabytes: Math.round(fs.statSync(file).size / 1024 / 102.4) / 10,
    };
  } finally {
    sqlite.close();
  }
}

export function ensureDataset(spec: ScaleSpec, log: (line: string) => void): Dataset {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const file = path.join(DATA_DIR, `${spec.label}.db`);
  const expected = fingerprint(spec);

  if (fs.existsSync(file) && readMeta(file, 'bench_fingerprint') === expected) {
    const stored = JSON.parse(readMeta(file, 'bench_generation') ?? '{}') as Partial<StoredGeneration>;
    log(`${spec.label}: reusing ${path.relative(process.cwd(), file)} (fingerprint ${expected}); applying any new migrations.`);
    const db = openDatabase(file);
    try {
      migrateDatabase(db);
    } finally {
      db.$client.close();
    }
    return { spec, file, reused: true, generationSeconds: stored.seconds ?? NaN, generatedAt: stored.generatedAt ?? 'unknown', ...counts(file) };
  }

  // Generate into a temporary name, so an interrupted run never leaves a database that looks complete.
  const temporary = `${file}.partial`;
  removeDatabase(temporary);
  removeDatabase(file);
  log(`${spec.label}: generating ${spec.years} fiscal years (+ the current one so far) at ${spec.perYear} proposals a year…`);
  const db = openDatabase(temporary);
  const started = performance.now();
  prepareDatabase(db, { seedDemo: true, demo: { years: spec.years, perYear: spec.perYear, seed: SEED } });
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const generation: StoredGeneration = { seconds, generatedAt: new Date().toISOString() };
  // The fingerprint goes in last: its presence means the generation finished.
  const meta = db.$client.prepare('INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  meta.run('bench_generation', JSON.stringify(generation));
  meta.run('bench_fingerprint', expected);
  // A clean checkpoint on close folds the WAL into the file, so the rename moves everything.
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.close();
  removeDatabase(file);
  fs.renameSync(temporary, file);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(temporary + suffix, { force: true });
  const result = { spec, file, reused: false, generationSeconds: seconds, generatedAt: generation.generatedAt, ...counts(file) };
  log(`${spec.label}: ${result.requests} requests, ${result.events} events in ${seconds} s.`);
  return result;
}
