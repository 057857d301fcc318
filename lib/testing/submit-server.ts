// A stand-in for the app's "propose agents" route, for lib/cli/crash.test.ts: a child process that
// opens the database like the app (openDatabase), listens on a local port with Node's http module, and
// for each `POST /submit` with {"key", "badge", "name"} calls the real createRequests (submitting at
// once, with the key as the form's submissionKey). Only after createRequests has returned (committed)
// does it acknowledge: it prints `committed <key> <requestId> <ref>` on stdout, then answers 200.
//
//   node --import tsx lib/testing/submit-server.ts --db FILE --supervisor USER_ID [--hold-after-commit N]
//
// On start it prints `listening <port>`. With --hold-after-commit N, the Nth submission it commits is
// never acknowledged: the process stops dead between the commit and the acknowledgement (as if it were
// killed while rendering the reply), so a test can SIGKILL it at exactly that point.
import http from 'node:http';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { openDatabase } from '@/db/client';
import { offices, users } from '@/db/schema';
import type { UserActor } from '@/lib/auth/actor';
import { isAppError } from '@/lib/errors';
import { createRequests } from '@/lib/requests/create-requests';

const { values } = parseArgs({
  options: { db: { type: 'string' }, supervisor: { type: 'string' }, 'hold-after-commit': { type: 'string' } },
});
if (!values.db || !values.supervisor) {
  console.error('Usage: submit-server.ts --db FILE --supervisor USER_ID [--hold-after-commit N]');
  process.exit(2);
}
const holdAfterCommit = Number(values['hold-after-commit'] ?? 0);
let commits = 0;

const db = openDatabase(values.db);
const row = db.select().from(users).where(eq(users.id, Number(values.supervisor))).get();
if (!row) {
  console.error(`No user ${values.supervisor}`);
  process.exit(2);
}
const supervisor: UserActor = { kind: 'user', id: row.id, name: row.name, email: row.email, role: row.role, officeId: row.officeId, sourceAddress: '127.0.0.1' };
const division = db.select({ id: offices.id }).from(offices).where(eq(offices.code, 'dea-el-paso')).get()!;

/** Blocks this process for good (until it is killed), without using the CPU. */
function stopDead(): never {
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

function answer(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

const server = http.createServer((request, response) => {
  if (request.method !== 'POST' || request.url !== '/submit') return answer(response, 404, { error: 'not found' });
  let text = '';
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => (text += chunk));
  request.on('end', () => {
    let body: { key: string; badge: string; name: string };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return answer(response, 400, { error: 'not JSON' });
    }
    try {
      // Synchronous: by the time it returns, the transaction has committed (or thrown, writing nothing).
      const [created] = createRequests(
        db,
        supervisor,
        {
          kind: 'initial',
          deaDivisionId: division.id,
          borderNexus: 'Fentanyl smuggling through the Ysleta port of entry.',
          agents: [{ name: body.name, badge: body.badge, dutyStation: 'El Paso, TX' }],
        },
        { submit: true, submissionKey: body.key },
      );
      commits += 1;
      if (commits === holdAfterCommit) stopDead();
      // A write to a pipe is synchronous on Linux: once this returns the line is the parent's to read,
      // even if this process is killed the next instant.
      process.stdout.write(`committed ${body.key} ${created!.id} ${created!.ref}\n`);
      answer(response, 200, created);
    } catch (error) {
      if (isAppError(error)) return answer(response, 422, { error: error.message, code: error.code });
      process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
      answer(response, 500, { error: String(error) });
    }
  });
});
server.maxConnections = 1000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    server.close();
    db.$client.close();
    process.exit(0);
  });
}
