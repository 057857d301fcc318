// The mixed load (issue 7): 50 signed-in users at once for 30 s against `next start`, over the inbox,
// the request list, request pages, the dashboard and new proposals; throughput, latency (overall and
// per kind), errors, and the server's peak memory.
//
//   1. a copy of the scale's database (load-copy.ts): the load writes, the reused dataset must not change;
//   2. the users, created in the copy through createUser (load-users.ts), and what each opens (load-targets.ts);
//   3. the server on the copy (server.ts), each user signed in over HTTP (session.ts);
//   4. autocannon in this process, one connection per user with its own cookie and its role's steps
//      (load-mix.ts), a short warm-up, then the timed run; every response recorded by kind
//      (load-record.ts); the server's memory and CPU sampled from /proc (load-proc.ts);
//   5. the server stopped, the writes checked against the 201s, the server's log read, the copy deleted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { openDatabase } from '@/db/client';
import { copyForLoad, removeLoadCopy } from './load-copy';
import { cpuBetween, cpuSnapshot, groupPids, sampleMemory, type CpuSnapshot, type MemoryReport } from './load-proc';
import { CYCLES, UserLoad } from './load-mix';
import { LoadRecorder, type KindResult, type LatencySummary, type LoadErrors, type LoadKind } from './load-record';
import { targetsFor, type UserTargets } from './load-targets';
import { createLoadUsers, rolePlan, type LoadRole, type LoadUser } from './load-users';
import { startServer, type Server } from './server';
import { signIn } from './session';

export { loadMarkdown } from './load-report';
export type { KindResult, LatencySummary, LoadErrors, LoadKind, LoadRole };

export const LOAD_TARGETS = { p95Ms: 300, errors: 0, requestsPerSecond: 200, serverMb: 500 } as const;
const DEFAULT_USERS = 50;
const DEFAULT_SECONDS = 30;
const WARMUP_SECONDS = 5;
// autocannon's default: a request unanswered this long is a timeout (an error), and its connection is remade.
const TIMEOUT_SECONDS = 10;

export interface LoadResult {
  /** The scale's label, from the dataset's file name ("10k"). */
  dataset: string;
  /** Requests in the database when the load started. */
  requestsInDatabase: number;
  users: number;
  usersByRole: Record<LoadRole, number>;
  /** Field offices the supervisors are spread over. */
  supervisorOffices: number;
  /** One connection per user, each sending its next request as soon as the last is answered. */
  connections: number;
  /** The steps each role repeats. */
  cycles: Record<LoadRole, LoadKind[]>;
  durationSeconds: number;
  /** The timed part's length, from the switch after the warm-up to autocannon's end. */
  measuredSeconds: number;
  warmupSeconds: number;
  warmup: { requests: number; errors: number };
  signInSeconds: number;
  /** Complete responses in the timed run (errors included). */
  requests: number;
  requestsPerSecond: number;
  perKind: Record<LoadKind, KindResult>;
  /** Over every response, errors included. */
  latency: LatencySummary;
  errors: LoadErrors;
  /** autocannon's own totals over the warm-up and the timed run together, a cross-check on the
   * per-response records (warm-up + timed). */
  autocannon: { seconds: number; responses: number; non2xx: number; errors: number; timeouts: number; p50Ms: number; p99Ms: number };
  /** Proposals answered 201 (warm-up and timed run), and the requests with this run's keys found in
   * the database after: a few more when proposals were in flight as the load stopped (the server
   * finishes them; nobody reads the answer). */
  submissions: { created: number; inDatabase: number };
  /** Peak of the summed resident memory of the server's node processes (npx and next-server), MB. */
  serverPeakRssMb: number;
  /** Peak resident memory of the next-server process alone, MB. */
  serverProcessPeakRssMb: number;
  /** next-server's VmHWM at the end (its peak over its life, sign-ins included), MB. */
  serverHighWaterMb: number | null;
  /** The server's node processes before the warm-up, MB. */
  serverStartRssMb: number;
  memorySamples: number;
  /** The group's resident memory every 5 s from the start of the warm-up, MB. */
  memoryTimelineMb: number[];
  /** next-server's CPU time during the timed run, % of one core. */
  serverCpuPercent: number | null;
  /** This process's (autocannon's) CPU time during the timed run, % of one core. */
  loadGeneratorCpuPercent: number;
  /** Everything else on the machine during the timed run, % of one core: on a shared machine,
   * other work competes with the server for the same cores and the figures suffer. */
  otherCpuPercent: number | null;
  cores: number;
  /** The server's log and the lines in it other than npm's and Next.js's start-up notices. */
  serverLog: { file: string; problemLines: number; firstProblems: string[] };
  targetsMet: { p95: boolean; errors: boolean; throughput: boolean; memory: boolean };
}

export interface LoadOptions {
  datasetFile: string;
  port: number;
  durationSeconds?: number;
  users?: number;
  log: (line: string) => void;
}

/** One autocannon run; each response goes to whichever recorder `recorder()` names at that moment. */
function run(baseUrl: string, loads: UserLoad[], seconds: number, recorder: () => LoadRecorder): Promise<autocannon.Result> {
  let next = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: baseUrl,
        connections: loads.length,
        pipelining: 1,
        duration: seconds,
        timeout: TIMEOUT_SECONDS,
        // Each connection is created in turn; the n-th is the n-th user's.
        setupClient: (client) => loads[next++ % loads.length]!.attach(client, recorder),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/** Lines a healthy server does not write: anything after start-up that is not npm's config warning. */
function serverLogProblems(file: string): { problemLines: number; firstProblems: string[] } {
  const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [];
  const problems = lines.filter((l) => l.trim() !== '' && !/^npm warn /.test(l) && !/^\s*(▲|-|✓) /.test(l));
  return { problemLines: problems.length, firstProblems: [...new Set(problems.map((l) => l.trim().slice(0, 240)))].slice(0, 8) };
}

/**
 * Stops the server and makes sure nothing of it survives. Server.stop() waits for npx only, which
 * exits at once on SIGTERM; a next-server stuck in a long synchronous query (as under this load at
 * 50k) cannot run its SIGTERM handler and would be left running, orphaned, with the copy open.
 */
async function stopServer(server: Server, log: (line: string) => void): Promise<void> {
  await server.stop();
  const deadline = Date.now() + 10_000;
  while (groupPids(server.pid).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
  const left = groupPids(server.pid);
  if (left.length === 0) return;
  log(`The server's process group still had ${left.join(', ')} 10 s after SIGTERM; killing it.`);
  try {
    process.kill(-server.pid, 'SIGKILL');
  } catch {
    // Gone in the meantime.
  }
}

function countRows(file: string, sql: string, ...params: unknown[]): number {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (sqlite.prepare(sql).get(...params) as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

export async function measureMixedLoad(opts: LoadOptions): Promise<LoadResult> {
  const { datasetFile, port, log } = opts;
  const userCount = opts.users ?? DEFAULT_USERS;
  const durationSeconds = opts.durationSeconds ?? DEFAULT_SECONDS;
  const label = path.basename(datasetFile, '.db');
  const logFile = path.join(path.dirname(datasetFile), `${label}.load.server.log`);

  const copy = await copyForLoad(datasetFile);
  try {
    log(`${label} load: copied to ${path.relative(process.cwd(), copy)}; creating ${userCount} users…`);
    const db = openDatabase(copy);
    let users: LoadUser[];
    let targets: UserTargets[];
    try {
      users = createLoadUsers(db, userCount);
      targets = targetsFor(db, users);
    } finally {
      db.$client.close();
    }
    const requestsInDatabase = countRows(copy, 'SELECT count(*) AS n FROM requests');

    const server = await startServer(copy, port, logFile);
    const runTag = Date.now().toString(36).slice(-5).toUpperCase();
    const warm = new LoadRecorder();
    const recorder = new LoadRecorder();
    let signInSeconds: number;
    let result: autocannon.Result;
    let cpu: ReturnType<typeof cpuBetween>;
    let memory: MemoryReport;
    try {
      // One at a time: each sign-in is a 32 MB scrypt on the server, and the memory figures should
      // be the load's, not fifty password checks at once.
      const started = performance.now();
      const cookies: string[] = [];
      for (const user of users) cookies.push(await signIn(server.baseUrl, copy, user.email));
      signInSeconds = Math.round((performance.now() - started) / 100) / 10;
      log(`${label} load: ${users.length} users signed in in ${signInSeconds} s; ${WARMUP_SECONDS} s warm-up, then ${durationSeconds} s timed…`);

      const loads = users.map((user, i) => new UserLoad(user, targets[i]!, cookies[i]!, runTag));
      const sampler = sampleMemory(server.pid);
      try {
        // The warm-up and the timed run are one autocannon run, the recorder switched between
        // them: two runs would drop the warm-up's requests in flight, which the server would still
        // work through while the timed run's connections queued behind them (timeouts at the start).
        let current = warm;
        let from: CpuSnapshot | null = null;
        const switchOver = setTimeout(() => {
          current = recorder;
          from = cpuSnapshot(sampler.serverPid);
          log(`${label} load: warm-up done (${warm.responses} responses, ${warm.errors().total} errors); timing…`);
        }, WARMUP_SECONDS * 1000);
        try {
          result = await run(server.baseUrl, loads, WARMUP_SECONDS + durationSeconds, () => current);
        } finally {
          clearTimeout(switchOver);
        }
        if (from === null) throw new Error('The load ended before its warm-up did.');
        cpu = cpuBetween(from, cpuSnapshot(sampler.serverPid));
      } finally {
        memory = sampler.stop();
      }
    } finally {
      await stopServer(server, log);
    }

    const created = [warm, recorder].reduce((n, r) => n + r.perKind().submit.requests - r.perKind().submit.errors, 0);
    const inDatabase = countRows(copy, 'SELECT count(*) AS n FROM requests WHERE submission_key GLOB ?', `load-${runTag}-*`);
    const latency = recorder.overall();
    const errors = recorder.errors();
    const measuredSeconds = Math.round(cpu.seconds * 100) / 100;
    const requestsPerSecond = Math.round((recorder.responses / cpu.seconds) * 10) / 10;
    const load: LoadResult = {
      dataset: label,
      requestsInDatabase,
      users: users.length,
      usersByRole: rolePlan(userCount),
      supervisorOffices: new Set(users.filter((u) => u.role === 'supervisor').map((u) => u.officeId)).size,
      connections: users.length,
      cycles: CYCLES,
      durationSeconds,
      measuredSeconds,
      warmupSeconds: WARMUP_SECONDS,
      warmup: { requests: warm.responses, errors: warm.errors().total },
      signInSeconds,
      requests: recorder.responses,
      requestsPerSecond,
      perKind: recorder.perKind(),
      latency,
      errors,
      autocannon: {
        seconds: result.duration,
        responses: result.requests.total,
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
      },
      submissions: { created, inDatabase },
      serverPeakRssMb: memory.groupPeakRssMb,
      serverProcessPeakRssMb: memory.serverPeakRssMb,
      serverHighWaterMb: memory.serverHighWaterMb,
      serverStartRssMb: memory.groupStartRssMb,
      memorySamples: memory.samples,
      memoryTimelineMb: memory.timelineMb,
      serverCpuPercent: cpu.server,
      loadGeneratorCpuPercent: cpu.generator,
      otherCpuPercent: cpu.other,
      cores: os.cpus().length,
      serverLog: { file: path.relative(process.cwd(), logFile), ...serverLogProblems(logFile) },
      targetsMet: {
        // No answers at all is no latency to speak of, not a met target.
        p95: latency.count > 0 && latency.p95Ms <= LOAD_TARGETS.p95Ms,
        errors: errors.total <= LOAD_TARGETS.errors,
        throughput: requestsPerSecond >= LOAD_TARGETS.requestsPerSecond,
        memory: memory.groupPeakRssMb <= LOAD_TARGETS.serverMb,
      },
    };
    log(
      `${label} load: ${load.requests} requests in ${load.measuredSeconds} s (${load.requestsPerSecond}/s), p50 ${latency.p50Ms} ms, p95 ${latency.p95Ms} ms, ` +
        `p99 ${latency.p99Ms} ms, ${errors.total} errors, server peak ${load.serverPeakRssMb} MB (next-server ${load.serverProcessPeakRssMb} MB); ` +
        `CPU (% of a core): server ${load.serverCpuPercent}, autocannon ${load.loadGeneratorCpuPercent}, everything else ${load.otherCpuPercent}.`,
    );
    for (const sample of errors.samples) log(`${label} load: error: ${sample}`);
    if (load.serverLog.problemLines > 0) log(`${label} load: ${load.serverLog.problemLines} unexpected lines in ${load.serverLog.file}, first: ${load.serverLog.firstProblems[0]}`);
    return load;
  } finally {
    removeLoadCopy(copy);
  }
}
