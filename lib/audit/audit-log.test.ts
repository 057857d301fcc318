// The audit trail on a real temporary SQLite file: records chain by hash and the triggers refuse
// changes in place; `verifyAudit` accepts an untouched trail and names the first broken record after
// each kind of tampering an attacker with the file could try on a copy (edit any field, delete a row
// in the middle or at the end, reorder, insert); and a record that cannot be written stops the action.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openDatabase, type Db } from '@/db/client';
import { appMeta } from '@/db/schema';
import { createTestDb, makeUser, type TestDb } from '@/lib/testing/test-db';
import { recordAudit, verifyAudit } from './audit-log';

let t: TestDb;
const copies: Db[] = [];
beforeEach(() => {
  t = createTestDb();
  const admin = makeUser(t.db, 'admin', undefined, 'Abe Admin');
  const auditor = makeUser(t.db, 'auditor', undefined, 'Ada Auditor');
  for (let i = 0; i < 10; i += 1) {
    recordAudit(t.db, i % 2 ? admin : auditor, { action: i % 2 ? 'user_changed' : 'audit_read', objectType: 'user', objectId: i, details: { n: i } }, Date.UTC(2026, 10, 2, 15, i));
  }
});
afterEach(() => {
  for (const db of copies.splice(0)) db.$client.close();
  t.close();
});

/** A copy of the database with the append-only triggers dropped, as someone with the file could. */
function tamperableCopy(): Db {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 't21-audit-')), 'copy.db');
  t.db.$client.exec(`VACUUM INTO '${file}'`);
  const copy = openDatabase(file);
  copy.$client.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  copies.push(copy);
  return copy;
}

describe('an untouched trail', () => {
  it('verifies, record by record', () => {
    expect(verifyAudit(t.db)).toMatchObject({ ok: true, records: 10 });
  });

  it('cannot be changed or removed in place', () => {
    expect(() => t.db.$client.exec("UPDATE audit_log SET actor_name = 'Someone else' WHERE id = 3")).toThrow(/append-only/);
    expect(() => t.db.$client.exec('DELETE FROM audit_log WHERE id = 10')).toThrow(/append-only/);
    expect(verifyAudit(t.db).ok).toBe(true);
  });
});

describe('tampering with a copy is detected at the first broken record', () => {
  const FIELDS: [string, string][] = [
    ['at', 'at + 1'],
    ['actor_user_id', 'NULL'],
    ['actor_name', "'Mallory'"],
    ['actor_role', "'supervisor'"],
    ['action', "'sign_in'"],
    ['object_type', "'request'"],
    ['object_id', "'999'"],
    ['outcome', "'failure'"],
    ['source_address', "'10.0.0.66'"],
    ['details', "'{}'"],
    ['prev_hash', "'" + 'f'.repeat(64) + "'"],
    ['hash', "'" + 'e'.repeat(64) + "'"],
  ];
  it.each(FIELDS)('editing %s of record 4', (column, value) => {
    const copy = tamperableCopy();
    copy.$client.exec(`UPDATE audit_log SET ${column} = ${value} WHERE id = 4`);
    expect(verifyAudit(copy)).toMatchObject({ ok: false, brokenAt: 4 });
  });

  it('deleting a record in the middle', () => {
    const copy = tamperableCopy();
    copy.$client.exec('DELETE FROM audit_log WHERE id = 6');
    expect(verifyAudit(copy)).toMatchObject({ ok: false, brokenAt: 6, reason: 'record 6 is missing (the next one is 7)' });
  });

  it('deleting the newest records', () => {
    const copy = tamperableCopy();
    copy.$client.exec('DELETE FROM audit_log WHERE id >= 9');
    expect(verifyAudit(copy)).toMatchObject({ ok: false, brokenAt: 9, reason: 'records 9 to 10 are missing from the end' });
  });

  it('deleting a record and renumbering the rest', () => {
    const copy = tamperableCopy();
    copy.$client.exec('DELETE FROM audit_log WHERE id = 5; UPDATE audit_log SET id = id - 1 WHERE id > 5;');
    expect(verifyAudit(copy)).toMatchObject({ ok: false, brokenAt: 5 });
  });

  it('swapping two records', () => {
    const copy = tamperableCopy();
    copy.$client.exec('UPDATE audit_log SET id = -3 WHERE id = 3; UPDATE audit_log SET id = 3 WHERE id = 7; UPDATE audit_log SET id = 7 WHERE id = -3;');
    expect(verifyAudit(copy)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('inserting a forged record in the middle', () => {
    const copy = tamperableCopy();
    copy.$client.exec('UPDATE audit_log SET id = id + 1000 WHERE id > 5; UPDATE audit_log SET id = id - 999 WHERE id > 1000;');
    const prev = copy.$client.prepare('SELECT hash FROM audit_log WHERE id = 5').get() as { hash: string };
    copy.$client.prepare("INSERT INTO audit_log (id, at, actor_name, action, outcome, prev_hash, hash) VALUES (6, 1, 'Mallory', 'sign_in', 'success', ?, ?)").run(prev.hash, 'a'.repeat(64));
    expect(verifyAudit(copy)).toMatchObject({ ok: false, brokenAt: 6 });
  });

  it('appending a forged record at the end', () => {
    const copy = tamperableCopy();
    const last = copy.$client.prepare('SELECT hash FROM audit_log WHERE id = 10').get() as { hash: string };
    copy.$client.prepare("INSERT INTO audit_log (id, at, actor_name, action, outcome, prev_hash, hash) VALUES (11, 1, 'Mallory', 'sign_in', 'success', ?, ?)").run(last.hash, 'a'.repeat(64));
    expect(verifyAudit(copy)).toMatchObject({ ok: false, brokenAt: 11 });
  });
});

it('a record that cannot be written stops the action it records', () => {
  const admin = makeUser(t.db, 'admin', undefined, 'Second Admin');
  // Make every insert into the trail fail, then try an action that writes a row and its record.
  t.db.$client.exec("CREATE TRIGGER audit_log_refuse BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
  expect(() =>
    t.db.transaction((tx) => {
      tx.insert(appMeta).values({ key: 'example', value: 'the action' }).run();
      recordAudit(tx, admin, { action: 'user_changed' });
    }),
  ).toThrow(/disk full/);
  expect(t.db.select().from(appMeta).where(eq(appMeta.key, 'example')).all()).toEqual([]);
});
