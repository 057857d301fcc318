// A worker thread that plays the serving app for lib/cli/backup.test.ts: on a connection of its own to
// the test's SQLite file it proposes requests and moves them through review to approval, one write
// transaction after another through the real functions (createRequests and the one writer), until
// told to stop. It counts its commits in shared memory so the test can see that writes went on while
// the backup ran.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '@/db/client';
import type { UserActor } from '@/lib/auth/actor';
import type { Action } from '@/lib/domain/workflow-states';
import { createRequests } from '@/lib/requests/create-requests';
import { transitionRequest } from '@/lib/workflow/transition-request';

export interface ServingWriterData {
  file: string;
  supervisor: UserActor;
  hsi: UserActor;
  dea: UserActor;
  /** The coordinator of the division the requests are proposed to. */
  division: UserActor;
  deaDivisionId: number;
  /** Prefix for badges and submission keys, unique to this writer. */
  tag: string;
  /** Int32Array over a SharedArrayBuffer: [0] is set to 1 to stop; [1] counts commits. */
  control: SharedArrayBuffer;
}

export interface ServingWriterReport {
  commits: number;
  proposed: number;
  approved: number;
  error?: string;
}

const CONTROL_STOP = 0;
const CONTROL_COMMITS = 1;

const data = workerData as ServingWriterData;
const control = new Int32Array(data.control);
const db = openDatabase(data.file);
const report: ServingWriterReport = { commits: 0, proposed: 0, approved: 0 };
const STEPS: [UserActor, Action][] = [
  [data.hsi, 'endorse'],
  [data.dea, 'route'],
  [data.division, 'concur'],
  [data.dea, 'approve'],
];

const committed = () => {
  report.commits += 1;
  Atomics.add(control, CONTROL_COMMITS, 1);
};

try {
  for (let n = 1; Atomics.load(control, CONTROL_STOP) === 0; n += 1) {
    const [created] = createRequests(
      db,
      data.supervisor,
      {
        kind: 'initial',
        deaDivisionId: data.deaDivisionId,
        borderNexus: 'Fentanyl smuggling through the Ysleta port of entry.',
        agents: [{ name: `Serving Agent ${n}`, badge: `${data.tag}-${n}`, dutyStation: 'El Paso, TX' }],
      },
      { submit: true, submissionKey: `${data.tag}-key-${n}` },
    );
    committed();
    report.proposed += 1;
    for (const [actor, action] of STEPS) {
      if (Atomics.load(control, CONTROL_STOP) !== 0) break;
      transitionRequest(db, actor, { requestId: created!.id, action, divisionId: action === 'route' ? data.deaDivisionId : undefined });
      committed();
      if (action === 'approve') report.approved += 1;
    }
  }
} catch (error) {
  report.error = String((error as Error).stack ?? error);
} finally {
  db.$client.close();
}
parentPort!.postMessage(report);
