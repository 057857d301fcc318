// A worker thread for the concurrency test in lib/workflow/transition-request.test.ts: it opens its
// own connection to the test's SQLite file, waits at a barrier until every worker is ready, then
// attempts one transition and reports what it got. Run with `--import tsx`.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '@/db/client';
import type { UserActor } from '@/lib/auth/actor';
import { isAppError } from '@/lib/errors';
import { transitionRequest, type TransitionInput } from '@/lib/workflow/transition-request';

export interface TransitionWorkerData {
  file: string;
  actor: UserActor;
  input: TransitionInput;
  /** Int32Array over a SharedArrayBuffer: [0] counts workers ready. */
  barrier: SharedArrayBuffer;
  workers: number;
}

export type TransitionWorkerResult = { ok: true; eventId: number } | { ok: false; code: string; message: string };

const data = workerData as TransitionWorkerData;
const db = openDatabase(data.file);
const ready = new Int32Array(data.barrier);
Atomics.add(ready, 0, 1);
Atomics.notify(ready, 0);
// Everyone opened the file; start together.
for (let seen = Atomics.load(ready, 0); seen < data.workers; seen = Atomics.load(ready, 0)) {
  Atomics.wait(ready, 0, seen, 1000);
}

let result: TransitionWorkerResult;
try {
  result = { ok: true, eventId: transitionRequest(db, data.actor, data.input).eventId };
} catch (error) {
  result = isAppError(error)
    ? { ok: false, code: error.code, message: error.message }
    : { ok: false, code: 'crash', message: String(error) };
}
db.$client.close();
parentPort!.postMessage(result);
