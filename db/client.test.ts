// The connection settings the tracker relies on (WAL, synchronous=FULL, a busy timeout, foreign keys)
// are read back at start-up; a connection without any one of them is refused with a message naming it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkDurabilitySettings, openDatabase, type Db } from './client';

let dir: string;
let file: string;
const open: Db[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 't21-client-'));
  file = path.join(dir, 't21.db');
});
afterEach(() => {
  vi.restoreAllMocks();
  for (const db of open.splice(0)) if (db.$client.open) db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function opened(target = file): Db {
  const db = openDatabase(target);
  open.push(db);
  return db;
}

function refusal(fn: () => void): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the settings to be refused');
}

const SETTINGS = ['journal_mode', 'synchronous', 'busy_timeout', 'foreign_keys'] as const;

describe('checkDurabilitySettings', () => {
  it('passes a database opened normally, whose settings read back as required', () => {
    const db = opened();
    expect(() => checkDurabilitySettings(db)).not.toThrow();
    expect(() => checkDurabilitySettings(db.$client)).not.toThrow();
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(5000);
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it.each([
    ['synchronous', 'synchronous = NORMAL', /synchronous is 1 \(NORMAL\) \(required: 2 \(FULL\)\)/],
    ['synchronous', 'synchronous = OFF', /synchronous is 0 \(OFF\)/],
    ['foreign_keys', 'foreign_keys = OFF', /foreign_keys is 0 \(required: 1/],
    ['busy_timeout', 'busy_timeout = 100', /busy_timeout is 100 ms \(required: at least 5000 ms\)/],
    ['busy_timeout', 'busy_timeout = 4999', /busy_timeout is 4999 ms/],
    ['journal_mode', 'journal_mode = DELETE', /journal_mode is delete \(required: wal\)/],
    ['journal_mode', 'journal_mode = TRUNCATE', /journal_mode is truncate \(required: wal\)/],
  ] as const)('fails a connection whose %s was changed afterwards (%s), naming that setting alone', (setting, pragma, detail) => {
    const db = opened();
    db.$client.pragma(pragma);
    const message = refusal(() => checkDurabilitySettings(db));
    expect(message).toMatch(detail);
    expect(message).toContain(file);
    for (const other of SETTINGS.filter((s) => s !== setting)) expect(message).not.toContain(other);
  });

  it('accepts a longer busy timeout and synchronous changed back to FULL', () => {
    const db = opened();
    db.$client.pragma('busy_timeout = 60000');
    db.$client.pragma('synchronous = NORMAL');
    db.$client.pragma('synchronous = FULL');
    expect(() => checkDurabilitySettings(db)).not.toThrow();
  });

  it('names every wrong setting at once', () => {
    const db = opened();
    db.$client.pragma('journal_mode = DELETE');
    db.$client.pragma('synchronous = NORMAL');
    db.$client.pragma('busy_timeout = 0');
    db.$client.pragma('foreign_keys = OFF');
    const message = refusal(() => checkDurabilitySettings(db));
    for (const setting of SETTINGS) expect(message).toContain(`${setting} is`);
  });

  it('fails a plain better-sqlite3 connection, whose defaults are not the tracker’s', () => {
    // This build's defaults: rollback journal, busy timeout 5000, foreign keys on, and a connection to
    // a file already in WAL starts at synchronous=NORMAL unless it sets FULL itself.
    const plain = new Database(file);
    try {
      expect(refusal(() => checkDurabilitySettings(plain))).toMatch(/journal_mode is delete/);
      plain.pragma('journal_mode = WAL');
      expect(() => checkDurabilitySettings(plain)).not.toThrow();
    } finally {
      plain.close();
    }
    const again = new Database(file);
    try {
      const message = refusal(() => checkDurabilitySettings(again));
      expect(message).toMatch(/synchronous is 1 \(NORMAL\)/);
      expect(message).not.toContain('journal_mode');
    } finally {
      again.close();
    }
  });
});

describe('openDatabase', () => {
  it('refuses to open, and closes the connection, when a setting does not take', () => {
    // A pragma that silently keeps the old value (as journal_mode does on a file system without the
    // shared memory WAL needs): simulated by dropping the synchronous setting on reopening a WAL file.
    opened().$client.close();
    const pragma = Database.prototype.pragma;
    const closed = vi.spyOn(Database.prototype, 'close');
    vi.spyOn(Database.prototype, 'pragma').mockImplementation(function (this: Database.Database, source: string, options?: Database.PragmaOptions) {
      if (/^synchronous\s*=/.test(source)) return undefined;
      return pragma.call(this, source, options);
    });
    expect(() => openDatabase(file)).toThrow(/synchronous is 1 \(NORMAL\) \(required: 2 \(FULL\)\).*will not run/);
    expect(closed).toHaveBeenCalledTimes(1);
  });

  it('opens an in-memory database, where the journal is in memory and the other settings still hold', () => {
    const db = opened(':memory:');
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('memory');
    expect(() => checkDurabilitySettings(db, { isInMemory: true })).not.toThrow();
    // Held to a file's standard, it is refused.
    expect(refusal(() => checkDurabilitySettings(db))).toMatch(/journal_mode is memory \(required: wal\)/);
    db.$client.pragma('foreign_keys = OFF');
    expect(refusal(() => checkDurabilitySettings(db, { isInMemory: true }))).toMatch(/foreign_keys is 0/);
  });

  it('keeps the settings when the file is opened again by a second connection', () => {
    opened();
    const second = opened();
    expect(() => checkDurabilitySettings(second)).not.toThrow();
  });
});
