// `next start` on loopback over one scale's database. The server runs in its own process group so it
// can be stopped with everything npx started under it (npx → next → node), and nothing else.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';

export interface Server {
  baseUrl: string;
  /** The pid of npx, the process the server was spawned as; also the id of its process group. */
  pid: number;
  stop(): Promise<void>;
}

async function isAnswering(url: string): Promise<boolean> {
  try {
    await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

export async function startServer(databaseFile: string, port: number, logFile: string): Promise<Server> {
  const host = '127.0.0.1';
  const baseUrl = `http://${host}:${port}`;
  if (await isAnswering(`${baseUrl}/sign-in`)) throw new Error(`Something already answers on ${baseUrl}; choose another --port.`);

  const log = fs.openSync(logFile, 'w');
  const child: ChildProcess = spawn('npx', ['next', 'start', '-p', String(port), '-H', host], {
    detached: true,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: `file:${databaseFile}`,
      // A throwaway signing key: sessions last only as long as this run.
      NEXTAUTH_SECRET: randomBytes(32).toString('base64'),
      NEXTAUTH_URL: baseUrl,
    },
  });
  let exited = false;
  child.on('exit', () => (exited = true));

  // npx exits at once on SIGTERM while next-server may still be finishing a long request, so stopping
  // waits for the whole process group to be gone (signal 0 probes it), and kills it after 10 s.
  const groupAlive = (pgid: number) => {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  };
  let isStopped = false;
  const stop = async () => {
    if (isStopped || child.pid === undefined) return;
    isStopped = true;
    const pgid = child.pid;
    if (groupAlive(pgid)) process.kill(-pgid, 'SIGTERM');
    const deadline = Date.now() + 10_000;
    while (groupAlive(pgid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
    // A killed process lingers until reaped; without an init that reaps, it would linger for good.
    const reaped = Date.now() + 5_000;
    while (groupAlive(pgid) && Date.now() < reaped) await new Promise((resolve) => setTimeout(resolve, 100));
    fs.closeSync(log);
  };

  // Ready when the sign-in page answers (as the end-to-end suite waits for it).
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited) throw new Error(`next start exited early; see ${logFile}.`);
    if (await isAnswering(`${baseUrl}/sign-in`)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start did not answer within 120 s; see ${logFile}.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { baseUrl, pid: child.pid!, stop };
}
