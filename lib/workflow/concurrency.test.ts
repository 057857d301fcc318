// Real OS-level concurrency on one SQLite file: sixteen worker threads, each with its own connection,
// all try to approve the same 200 requests (each in its own shuffled order). The one writer must
// yield exactly one transition, one `approve` event and one designation per request, and a 409 for
// every other attempt, run after run. The same procedure is then pointed at a deliberately naive
// writer (read, then write without the state guard, in a DEFERRED transaction) to show that it would
// catch a writer that double-approves.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '@/db/client';
import type { UserActor } from '@/lib/auth/actor';
import type { DecisionJob, DecisionOutcome, DecisionWorkerReply } from '@/lib/testing/decision-worker';
import { createTestDb, makeUser, type TestDb } from '@/lib/testing/test-db';
import { bundleWorker } from '@/lib/testing/worker-bundle';
import { advance, makeReviewers, propose } from '@/lib/testing/workflow';

const REQUESTS = 200;
const WORKERS = 16;
const RUNS = 3;
const NAIVE_ROUNDS = 5;
// Each worker pauses up to this long (at random) between its attempts, as a coordinator does between
// clicks. In a tight loop SQLite's busy handler (sleep and try again, not a queue) lets whichever thread
// holds the lock keep it while the others sleep: one thread wins nearly everything, and a starved one
// can wait past the 5 s busy timeout and get "database is locked" instead of a 409. Such an attempt
// (refused at BEGIN IMMEDIATE, nothing read or written) is retried by the worker and counted.
const MAX_PAUSE_MS = 2;

let template: TestDb;
let dir: string;
let dea: UserActor;
let requestIds: number[];
let eventsBefore: number;
let workers: Worker[] = [];
let runCounter = 0;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 't21-concurrency-'));
  const bundle = await bundleWorker('lib/testing/decision-worker.ts', dir);
  workers = Array.from({ length: WORKERS }, () => new Worker(bundle));

  // One database with 200 requests waiting for the DEA decision, made through the real functions.
  // Each run gets its own copy of it.
  template = createTestDb();
  const supervisor = makeUser(template.db, 'supervisor', 'hsi-el-paso', 'Sam Supervisor');
  const reviewers = makeReviewers(template.db);
  dea = reviewers.dea;
  requestIds = [];
  // Preparing is not under test: skip the flush to disk at each commit while it runs (the copies the
  // workers open get synchronous=FULL from openDatabase like any connection).
  template.db.$client.pragma('synchronous = OFF');
  for (let i = 0; i < REQUESTS; i += 1) {
    const { id } = propose(template.db, supervisor, { badge: `CC-${String(i).padStart(4, '0')}`, submit: true });
    advance(template.db, reviewers, id, 'dea_decision');
    requestIds.push(id);
  }
  const states = template.db.$client.prepare('SELECT state, count(*) AS n FROM requests GROUP BY state').all();
  expect(states).toEqual([{ state: 'dea_decision', n: REQUESTS }]);
  eventsBefore = template.db.$client.prepare('SELECT count(*) FROM request_events').pluck().get() as number;
  // Everything into the main file, so a plain copy of it is the whole database.
  template.db.$client.pragma('synchronous = FULL');
  template.db.$client.pragma('wal_checkpoint(TRUNCATE)');
}, 120_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.terminate()));
  template?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh copy of the prepared database. */
function freshCopy(): string {
  runCounter += 1;
  const file = path.join(dir, `run-${runCounter}.db`);
  fs.copyFileSync(template.file, file);
  return file;
}

/** A small seeded generator, so that a failing order can be replayed from the seed in the message. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function send(worker: Worker, job: DecisionJob): Promise<Extract<DecisionWorkerReply, { outcomes: unknown }>> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      worker.off('message', onMessage);
      reject(error);
    };
    const onMessage = (reply: DecisionWorkerReply) => {
      worker.off('error', onError);
      if ('failed' in reply) reject(new Error(`worker failed: ${reply.failed}`));
      else resolve(reply);
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
    worker.postMessage(job);
  });
}

interface Round {
  outcomes: DecisionOutcome[];
  /** How many requests each worker won. */
  winsPerWorker: number[];
  busyRetries: number;
}

/** All sixteen workers at once, each with its own shuffle of the 200 requests. */
async function round(file: string, writer: DecisionJob['writer'], seed: number, naiveWindowMs?: number): Promise<Round> {
  const barrier = new SharedArrayBuffer(4);
  const random = mulberry32(seed);
  const replies = await Promise.all(
    workers.map((worker) =>
      send(worker, { file, actor: dea, requestIds: shuffled(requestIds, random), writer, naiveWindowMs, maxPauseMs: MAX_PAUSE_MS, barrier, workers: WORKERS }),
    ),
  );
  // Every worker tried every request once.
  for (const { outcomes } of replies) expect(outcomes.map((o) => o.requestId).sort((a, b) => a - b)).toEqual(requestIds);
  return {
    outcomes: replies.flatMap((r) => r.outcomes),
    winsPerWorker: replies.map((r) => r.outcomes.filter((o) => o.ok).length),
    busyRetries: replies.reduce((sum, r) => sum + r.busyRetries, 0),
  };
}

interface RequestTally {
  requestId: number;
  successes: number;
  /** Outcomes of the other attempts that were not a 409 naming the approval. */
  unexpectedRefusals: string[];
  approveEvents: number[];
  /** Whether the one event is the one the one success reported. */
  eventMatchesSuccess: boolean;
  events: number;
  state: string;
  designations: number;
}

/** What every request ended up with, read back on a connection of the test's own. */
function tally(file: string, outcomes: DecisionOutcome[]): RequestTally[] {
  const db: Db = openDatabase(file);
  try {
    const sqlite = db.$client;
    const approves = sqlite.prepare("SELECT id FROM request_events WHERE request_id = ? AND action = 'approve' ORDER BY id").pluck();
    const eventCount = sqlite.prepare('SELECT count(*) FROM request_events WHERE request_id = ?').pluck();
    const state = sqlite.prepare('SELECT state FROM requests WHERE id = ?').pluck();
    const designations = sqlite.prepare('SELECT count(*) FROM designations WHERE request_id = ?').pluck();
    const byRequest = new Map<number, DecisionOutcome[]>();
    for (const o of outcomes) byRequest.set(o.requestId, [...(byRequest.get(o.requestId) ?? []), o]);
    return requestIds.map((requestId) => {
      const mine = byRequest.get(requestId) ?? [];
      const wins = mine.filter((o) => o.ok);
      const approveEvents = approves.all(requestId) as number[];
      return {
        requestId,
        successes: wins.length,
        unexpectedRefusals: mine
          .filter((o): o is Extract<DecisionOutcome, { ok: false }> => !o.ok)
          .filter((o) => o.code !== 'conflict' || !/already approved by/.test(o.message))
          .map((o) => `${o.code}: ${o.message}`),
        approveEvents,
        eventMatchesSuccess: wins.length === 1 && approveEvents.length === 1 && wins[0]!.ok && wins[0]!.eventId === approveEvents[0],
        events: eventCount.get(requestId) as number,
        state: state.get(requestId) as string,
        designations: designations.get(requestId) as number,
      };
    });
  } finally {
    db.$client.close();
  }
}

/** What the one writer must have produced for one request. */
const EXACTLY_ONE = (requestId: number, eventsPerRequest: number): RequestTally => ({
  requestId,
  successes: 1,
  unexpectedRefusals: [],
  approveEvents: [expect.any(Number) as unknown as number],
  eventMatchesSuccess: true,
  events: eventsPerRequest + 1,
  state: 'active',
  designations: 1,
});

describe('sixteen coordinators deciding the same 200 requests at once', { timeout: 60_000 }, () => {
  it.each(Array.from({ length: RUNS }, (_, i) => i + 1))(
    'run %i: each request gets exactly one approval, one event and one designation; every other attempt a 409',
    async (run) => {
      const file = freshCopy();
      const seed = 1000 + run;
      const { outcomes, winsPerWorker, busyRetries } = await round(file, 'one-writer', seed);
      expect(outcomes).toHaveLength(WORKERS * REQUESTS);

      const eventsPerRequest = eventsBefore / REQUESTS;
      const tallies = tally(file, outcomes);
      const wrong = tallies.filter((t) => !isExactlyOne(t, eventsPerRequest));
      expect(wrong, `seed ${seed}: ${JSON.stringify(wrong.slice(0, 3))}`).toEqual([]);
      expect(tallies).toEqual(requestIds.map((id) => EXACTLY_ONE(id, eventsPerRequest)));
      expect(outcomes.filter((o) => !o.ok)).toHaveLength((WORKERS - 1) * REQUESTS);
      // The threads really interleaved: the approvals are spread over several of them, not all won by
      // whichever started first.
      expect(winsPerWorker.filter((n) => n > 0).length, `approvals per worker: ${winsPerWorker.join(', ')}`).toBeGreaterThanOrEqual(4);
      console.log(`run ${run}: approvals per worker ${winsPerWorker.join(', ')}; ${busyRetries} attempts found the database locked past the busy timeout and were retried`);
    },
  );

  it('would catch a naive writer (read, then a DEFERRED write without the state guard): it approves some request twice', async () => {
    // The same procedure against the naive writer, until it double-approves (bounded). Its window
    // between read and write is a busy wait, widened each round.
    const eventsPerRequest = eventsBefore / REQUESTS;
    const rounds: { windowMs: number; doubled: RequestTally[] }[] = [];
    for (let r = 0; r < NAIVE_ROUNDS; r += 1) {
      const windowMs = 1 + r;
      const file = freshCopy();
      const { outcomes } = await round(file, 'naive', 2000 + r, windowMs);
      const tallies = tally(file, outcomes);
      const doubled = tallies.filter((t) => t.approveEvents.length > 1);
      rounds.push({ windowMs, doubled });
      console.log(`naive round ${r + 1}: a ${windowMs} ms window; ${doubled.length} of ${REQUESTS} requests approved more than once`);
      if (doubled.length > 0) {
        // The checks the one writer passes fail here, for the reason that matters.
        for (const t of doubled) {
          expect(isExactlyOne(t, eventsPerRequest)).toBe(false);
          expect(t.successes).toBe(t.approveEvents.length);
          expect(t.events).toBe(eventsPerRequest + t.approveEvents.length);
        }
        break;
      }
    }
    const last = rounds.at(-1)!;
    expect(last.doubled.length, `naive rounds: ${JSON.stringify(rounds.map((r) => ({ windowMs: r.windowMs, doubled: r.doubled.length })))}`).toBeGreaterThan(0);
  });
});

function isExactlyOne(t: RequestTally, eventsPerRequest: number): boolean {
  return (
    t.successes === 1 &&
    t.unexpectedRefusals.length === 0 &&
    t.approveEvents.length === 1 &&
    t.eventMatchesSuccess &&
    t.events === eventsPerRequest + 1 &&
    t.state === 'active' &&
    t.designations === 1
  );
}
