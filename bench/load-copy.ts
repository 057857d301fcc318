// The mixed load writes (new requests, sign-ins, sessions, audit records), but bench/data/<scale>.db is
// reused between runs and its fingerprint promises it holds exactly what the generator made. So the
// load runs on a copy, made with SQLite's online backup: a byte copy of a WAL database could miss
// pages still in its -wal file, or catch them half written.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** bench/data/10k.db → bench/data/10k.load.db */
export function loadCopyPath(datasetFile: string): string {
  return path.join(path.dirname(datasetFile), `${path.basename(datasetFile, '.db')}.load.db`);
}

export function removeLoadCopy(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
}

export async function copyForLoad(datasetFile: string): Promise<string> {
  const copy = loadCopyPath(datasetFile);
  // A copy left by a run that died would otherwise be written over page by page, WAL and all.
  removeLoadCopy(copy);
  const source = new Database(datasetFile, { readonly: true, fileMustExist: true });
  try {
    await source.backup(copy);
  } finally {
    source.close();
  }
  return copy;
}
