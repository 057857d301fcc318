// A crash mid-stream: 500 proposals fired at once at a server process that calls the real
// createRequests, the process SIGKILLed partway through, restarted, and every submission it had not
// acknowledged sent again with the same key. Whatever was acknowledged must be there exactly once; in
// the end every submission must be there exactly once (the submission key makes a retry of something
// already committed return what it created, not create it again); the file must be intact.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '@/db/client';
import { createTestDb, makeUser } from '@/lib/testing/test-db';

// The server runs as one process, `node --import tsx`: tsx's own command line would run it in a child
// of its own, and a SIGKILL to tsx would then leave the server itself running, orphaned.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const SERVER = path.join(process.cwd(), 'lib', 'testing', 'submit-server.ts');

const SUBMISSIONS = 500;

interface Submission {
  key: string;
  badge: string;
  name: string;
}
interface Ack {
  id: number;
  ref: string;
}
interface Reply {
  status: number;
  body: unknown;
}

let dir: string;
let dbFile: string;
let supervisorId: number;
const running: ChildProcessWithoutNullStreams[] = [];

beforeAll(() => {
  const t = createTestDb();
  dir = path.dirname(t.file);
  dbFile = t.file;
  supervisorId = makeUser(t.db, 'supervisor', 'hsi-el-paso', 'Sam Supervisor').id;
  t.db.$client.close();
});
afterAll(() => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface Server {
  child: ChildProcessWithoutNullStreams;
  port: number;
  /** Keys the server printed as committed, in order, with what it created. */
  acks: Map<string, Ack>;
  /** Called with the number of acknowledgements so far, after each. */
  onAck: (count: number) => void;
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Starts lib/testing/submit-server.ts (as `npx tsx` would) and waits until it listens. */
function startServer(options: { holdAfterCommit?: number } = {}): Promise<Server> {
  const hold = options.holdAfterCommit ? ['--hold-after-commit', String(options.holdAfterCommit)] : [];
  const child = spawn(process.execPath, ['--import', TSX_LOADER, SERVER, '--db', dbFile, '--supervisor', String(supervisorId), ...hold], {
    cwd: process.cwd(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.push(child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return new Promise((resolve, reject) => {
    const server: Server = { child, port: 0, acks: new Map(), onAck: () => {}, closed };
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const [word, key, id, ref] = line.split(' ');
        if (word === 'listening') {
          server.port = Number(key);
          resolve(server);
        } else if (word === 'committed') {
          expect(server.acks.has(key!), `the server acknowledged ${key} twice in one life`).toBe(false);
          server.acks.set(key!, { id: Number(id), ref: ref! });
          server.onAck(server.acks.size);
        }
      }
    });
    void closed.then(({ code, signal }) => {
      if (server.port === 0) reject(new Error(`the server exited before listening (${code ?? signal}): ${stderr}`));
    });
  });
}

/** One POST on a connection of its own; a dropped connection is a reply of status 0. */
function submit(port: number, submission: Submission): Promise<Reply> {
  return new Promise((resolve) => {
    const payload = JSON.stringify(submission);
    const request = http.request(
      { host: '127.0.0.1', port, path: '/submit', method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : null }));
        response.on('error', (error) => resolve({ status: 0, body: String(error) }));
      },
    );
    request.on('error', (error) => resolve({ status: 0, body: String(error) }));
    request.end(payload);
  });
}

/** What the database holds for each key: the requests created under it (normally one, never more). */
function requestsByKey(db: Db, keys: string[]): Map<string, { id: number; ref: string; state: string; events: number }[]> {
  const rows = db.$client
    .prepare(
      `SELECT r.id, r.ref, r.state, r.submission_key AS submissionKey,
              (SELECT count(*) FROM request_events e WHERE e.request_id = r.id) AS events
       FROM requests r WHERE r.created_by_user_id = ?`,
    )
    .all(supervisorId) as { id: number; ref: string; state: string; submissionKey: string; events: number }[];
  const byKey = new Map<string, { id: number; ref: string; state: string; events: number }[]>(keys.map((k) => [k, []]));
  for (const row of rows) {
    const key = row.submissionKey.replace(/:\d+$/, '');
    const list = byKey.get(key);
    if (!list) throw new Error(`a request under an unknown key: ${row.submissionKey}`);
    list.push({ id: row.id, ref: row.ref, state: row.state, events: row.events });
  }
  return byKey;
}

function inspect<T>(fn: (db: Db) => T): T {
  const db = openDatabase(dbFile);
  try {
    return fn(db);
  } finally {
    db.$client.close();
  }
}

/**
 * After a crash: the file is intact, every acknowledged submission is there exactly once as it was
 * acknowledged, and no submission is there twice. Returns what each key holds.
 */
function checkAfterCrash(keys: string[], acked: Map<string, Ack>) {
  const state = inspect((db) => ({ integrity: db.$client.pragma('integrity_check', { simple: true }), byKey: requestsByKey(db, keys) }));
  expect(state.integrity).toBe('ok');
  for (const [key, ack] of acked) expect(state.byKey.get(key), key).toEqual([{ ...ack, state: 'hsi_review', events: 2 }]);
  for (const key of keys) expect(state.byKey.get(key)!.length, key).toBeLessThanOrEqual(1);
  return state.byKey;
}

/** Sends `batch` all at once; every 200 must match what the server printed, and anything else is a dropped connection. */
async function sendAll(server: Server, batch: Submission[]): Promise<Map<string, Reply>> {
  const replies = await Promise.all(batch.map((s) => submit(server.port, s)));
  const byKey = new Map(batch.map((s, i) => [s.key, replies[i]!]));
  for (const [key, reply] of byKey) {
    if (reply.status === 200) expect(server.acks.get(key), key).toEqual(reply.body);
    else expect(reply.status, `${key}: ${JSON.stringify(reply.body)}`).toBe(0);
  }
  return byKey;
}

describe('a server killed mid-stream (SIGKILL) and restarted', { timeout: 120_000 }, () => {
  it('keeps every acknowledged submission exactly once, and after retries with the same keys has every one exactly once', async () => {
    const submissions: Submission[] = Array.from({ length: SUBMISSIONS }, (_, i) => ({
      key: `crash-test-key-${String(i).padStart(4, '0')}`,
      badge: `CR-${String(i).padStart(4, '0')}`,
      name: `Crash Agent ${i}`,
    }));
    const keys = submissions.map((s) => s.key);
    /** Every acknowledgement, over all the server's lives. */
    const acked = new Map<string, Ack>();
    const remember = (server: Server) => {
      for (const [key, ack] of server.acks) {
        // A key acknowledged again (a resend) names what it named the first time.
        if (acked.has(key)) expect(ack, key).toEqual(acked.get(key));
        acked.set(key, ack);
      }
    };

    // First life: all 500 at once. Once `acknowledgedBeforeKill` have been acknowledged, the next one
    // commits and the server is killed outright before it can acknowledge it (it is told to stop dead
    // at that point; the test sees the commit land with a connection of its own, then sends SIGKILL).
    const acknowledgedBeforeKill = 100 + Math.floor(Math.random() * 150);
    const first = await startServer({ holdAfterCommit: acknowledgedBeforeKill + 1 });
    const killedAfterCommit = new Promise<void>((resolve, reject) => {
      first.onAck = (acknowledged) => {
        if (acknowledged !== acknowledgedBeforeKill) return;
        const watcher = openDatabase(dbFile);
        const committed = watcher.$client.prepare('SELECT count(*) FROM requests WHERE created_by_user_id = ?').pluck();
        const started = Date.now();
        const poll = setInterval(() => {
          if ((committed.get(supervisorId) as number) > acknowledgedBeforeKill || Date.now() - started > 30_000) {
            clearInterval(poll);
            watcher.$client.close();
            first.child.kill('SIGKILL');
            resolve();
          }
        }, 2);
      };
      void first.closed.then(() => reject(new Error('the server ended before it was killed')));
    });
    await sendAll(first, submissions);
    await killedAfterCommit;
    const firstEnd = await first.closed;
    expect(firstEnd.signal).toBe('SIGKILL');
    expect(firstEnd.stderr).toBe('');
    remember(first);
    expect(acked.size).toBe(acknowledgedBeforeKill);

    const afterFirstCrash = checkAfterCrash(keys, acked);
    // The one killed between commit and acknowledgement is there, unacknowledged; nothing else is.
    const committedUnacknowledged = keys.filter((k) => !acked.has(k) && afterFirstCrash.get(k)!.length > 0);
    expect(committedUnacknowledged).toHaveLength(1);
    const [orphan] = committedUnacknowledged as [string];
    const orphanRequest = afterFirstCrash.get(orphan)![0]!;
    expect(orphanRequest).toMatchObject({ state: 'hsi_review', events: 2 });

    // Second life: every submission not acknowledged is sent again with the same key, and the server
    // is killed again wherever it happens to be once a few more have been acknowledged (most often in
    // the middle of the next transaction).
    const second = await startServer();
    const killAt = 20 + Math.floor(Math.random() * 60);
    second.onAck = (acknowledged) => {
      if (acknowledged >= killAt && second.child.signalCode === null) second.child.kill('SIGKILL');
    };
    const secondBatch = submissions.filter((s) => !acked.has(s.key));
    const secondReplies = await sendAll(second, secondBatch);
    const secondEnd = await second.closed;
    expect(secondEnd.signal).toBe('SIGKILL');
    expect(secondEnd.stderr).toBe('');
    remember(second);
    expect(acked.size).toBeGreaterThanOrEqual(acknowledgedBeforeKill + killAt);
    expect(acked.size).toBeLessThan(SUBMISSIONS);
    // The orphan, if it was answered this time, was answered with what it created before the crash.
    if (secondReplies.get(orphan)!.status === 200) expect(secondReplies.get(orphan)!.body).toEqual({ id: orphanRequest.id, ref: orphanRequest.ref });
    const afterSecondCrash = checkAfterCrash(keys, acked);

    // Third life: the rest are sent again, and a sample of acknowledged ones too (as a client that never
    // saw the reply would). Every one is answered, and a key committed before returns what it created then.
    const third = await startServer();
    const retried = submissions.filter((s) => !acked.has(s.key));
    const resent = submissions.filter((s, i) => acked.has(s.key) && i % 10 === 0);
    const thirdReplies = await sendAll(third, [...retried, ...resent]);
    third.child.kill('SIGTERM');
    const thirdEnd = await third.closed;
    expect(thirdEnd.stderr).toBe('');
    remember(third);
    for (const [key, reply] of thirdReplies) {
      expect(reply.status, `${key}: ${JSON.stringify(reply.body)}`).toBe(200);
      const earlier = afterSecondCrash.get(key)![0];
      if (earlier) expect(reply.body, key).toEqual({ id: earlier.id, ref: earlier.ref });
    }
    expect([...acked.keys()].sort()).toEqual(keys);

    const final = inspect((db) => ({
      integrity: db.$client.pragma('integrity_check', { simple: true }),
      foreignKeys: db.$client.pragma('foreign_key_check'),
      byKey: requestsByKey(db, keys),
      agents: db.$client.prepare("SELECT badge, count(*) AS n FROM agents WHERE badge GLOB 'CR-*' GROUP BY badge HAVING n <> 1").all(),
      agentCount: db.$client.prepare("SELECT count(*) FROM agents WHERE badge GLOB 'CR-*'").pluck().get(),
    }));
    expect(final.integrity).toBe('ok');
    expect(final.foreignKeys).toEqual([]);
    expect(keys.filter((k) => final.byKey.get(k)!.length !== 1)).toEqual([]);
    for (const [key, ack] of acked) expect(final.byKey.get(key), key).toEqual([{ ...ack, state: 'hsi_review', events: 2 }]);
    expect(final.agents).toEqual([]);
    expect(final.agentCount).toBe(SUBMISSIONS);

    console.log(
      `first kill after ${acknowledgedBeforeKill} acknowledgements, with 1 committed but unacknowledged; ` +
        `second kill after ${second.acks.size} more (of ${secondBatch.length} resent); third life: ${retried.length} retried, ` +
        `${resent.length} acknowledged ones resent; ${SUBMISSIONS} present exactly once`,
    );
  });
});
