// When SQLite gives up waiting for the write lock, nothing was written and a retry will likely work:
// forms and routes say so (503 for routes), instead of the apology for a fault.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { BUSY_MESSAGE, formResult } from './form-state';
import { errorResponse } from './route-handler';

function busyError(): unknown {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 't21-busy-')), 'busy.db');
  const holder = new Database(file);
  holder.exec('CREATE TABLE t (x); BEGIN IMMEDIATE; INSERT INTO t VALUES (1);');
  const other = new Database(file, { timeout: 10 });
  try {
    other.exec('BEGIN IMMEDIATE');
  } catch (error) {
    return error;
  } finally {
    holder.exec('ROLLBACK');
    holder.close();
    other.close();
  }
  throw new Error('expected the second writer to be refused');
}

it('a form told the database is busy says to try again, keeping what was typed', async () => {
  const error = busyError();
  expect((error as { code: string }).code).toBe('SQLITE_BUSY');
  const state = await formResult(() => {
    throw error;
  }, { name: 'typed' });
  expect(state).toEqual({ status: 'error', message: BUSY_MESSAGE, fieldErrors: {}, values: { name: 'typed' } });
});

it('a route told the database is busy answers 503 with the same message', async () => {
  const response = errorResponse(busyError());
  expect(response.status).toBe(503);
  expect(await response.json()).toEqual({ error: BUSY_MESSAGE, fieldErrors: {} });
});
