// A worker thread for lib/workflow/concurrency.test.ts: a long-lived "coordinator" that, for each job
// it is sent, opens its own connection to the job's SQLite file, waits at a barrier until every worker
// is ready, then tries to approve each request in the order given and reports what each attempt got.
//
// `writer: 'one-writer'` goes through the real writer (transitionRequest). `writer: 'naive'` is a
// deliberately broken writer that exists only to show the test can fail: it reads the state with a
// plain SELECT outside any transaction, waits a little, and then in a separate DEFERRED transaction
// updates the request without the `AND state = ?` guard and appends the event. The test loads it
// bundled (lib/testing/worker-bundle.ts).
import { parentPort } from 'node:worker_threads';
import { openDatabase } from '@/db/client';
import type { UserActor } from '@/lib/auth/actor';
import { isAppError } from '@/lib/errors';
import { transitionRequest } from '@/lib/workflow/transition-request';

export interface DecisionJob {
  file: string;
  actor: UserActor;
  /** The requests to approve, in this worker's order. */
  requestIds: number[];
  writer: 'one-writer' | 'naive';
  /** For the naive writer: how long to wait between reading the state and writing, in ms. */
  naiveWindowMs?: number;
  /** A pause of up to this many ms (at random, sleeping) between one attempt and the next, as between
   * a coordinator's clicks; 0 for a tight loop. */
  maxPauseMs: number;
  /** Int32Array over a SharedArrayBuffer: [0] counts workers ready. */
  barrier: SharedArrayBuffer;
  workers: number;
}

export type DecisionOutcome =
  | { requestId: number; ok: true; eventId: number }
  | { requestId: number; ok: false; code: string; message: string };

/** busyRetries: attempts that found the write lock held past the busy timeout ("database is locked",
 * raised by BEGIN IMMEDIATE before anything is read or written) and were tried again, as a user would
 * after an error page. */
export type DecisionWorkerReply = { outcomes: DecisionOutcome[]; busyRetries: number } | { failed: string };

const MAX_BUSY_RETRIES = 10;

function isBusy(error: unknown): boolean {
  return (error as { code?: unknown })?.code === 'SQLITE_BUSY';
}

function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // a busy wait: the thread keeps the core, as a slow request handler would
  }
}

function runJob(job: DecisionJob): { outcomes: DecisionOutcome[]; busyRetries: number } {
  const db = openDatabase(job.file);
  try {
    const sqlite = db.$client;
    const readState = sqlite.prepare('SELECT state FROM requests WHERE id = ?').pluck();
    const update = sqlite.prepare(
      "UPDATE requests SET state = 'active', state_entered_at = ?, last_event_at = ? WHERE id = ?",
    );
    const append = sqlite.prepare(
      `INSERT INTO request_events (request_id, action, from_state, to_state, actor_user_id, actor_name, actor_role, at)
       VALUES (?, 'approve', 'dea_decision', 'active', ?, ?, ?, ?)`,
    );
    // better-sqlite3's default: BEGIN DEFERRED.
    const naiveWrite = sqlite.transaction((requestId: number, at: number) => {
      update.run(at, at, requestId);
      return Number(append.run(requestId, job.actor.id, job.actor.name, job.actor.role, at).lastInsertRowid);
    });
    const naiveApprove = (requestId: number): DecisionOutcome => {
      const state = readState.get(requestId);
      if (state !== 'dea_decision') return { requestId, ok: false, code: 'conflict', message: `naive: request is ${String(state)}` };
      spin(job.naiveWindowMs ?? 1);
      return { requestId, ok: true, eventId: naiveWrite(requestId, Date.now()) };
    };

    const ready = new Int32Array(job.barrier);
    Atomics.add(ready, 0, 1);
    Atomics.notify(ready, 0);
    const deadline = Date.now() + 60_000;
    for (let seen = Atomics.load(ready, 0); seen < job.workers; seen = Atomics.load(ready, 0)) {
      if (Date.now() > deadline) throw new Error(`only ${seen} of ${job.workers} workers reached the barrier`);
      Atomics.wait(ready, 0, seen, 1000);
    }

    const sleeper = new Int32Array(new SharedArrayBuffer(4));
    let busyRetries = 0;
    const attempt = (requestId: number): DecisionOutcome => {
      if (job.writer === 'naive') return naiveApprove(requestId);
      return { requestId, ok: true, eventId: transitionRequest(db, job.actor, { requestId, action: 'approve' }).eventId };
    };
    const outcomes = job.requestIds.map((requestId, index): DecisionOutcome => {
      if (index > 0 && job.maxPauseMs > 0) Atomics.wait(sleeper, 0, 0, Math.random() * job.maxPauseMs);
      for (let tries = 0; ; tries += 1) {
        try {
          return attempt(requestId);
        } catch (error) {
          if (isBusy(error) && tries < MAX_BUSY_RETRIES) {
            busyRetries += 1;
            continue;
          }
          return isAppError(error)
            ? { requestId, ok: false, code: error.code, message: error.message }
            : { requestId, ok: false, code: 'crash', message: String(error) };
        }
      }
    });
    return { outcomes, busyRetries };
  } finally {
    db.$client.close();
  }
}

parentPort!.on('message', (job: DecisionJob) => {
  let reply: DecisionWorkerReply;
  try {
    reply = runJob(job);
  } catch (error) {
    reply = { failed: String((error as Error).stack ?? error) };
  }
  parentPort!.postMessage(reply);
});
