// Test helpers that put requests where a test needs them, through the real functions (createRequests
// and the one writer), never by writing request rows by hand.
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { designations, offices, requests } from '@/db/schema';
import type { UserActor } from '@/lib/auth/actor';
import type { RequestKind, ReviewStage } from '@/lib/domain/workflow-states';
import { createRequests, type CreatedRequest } from '@/lib/requests/create-requests';
import { transitionRequest } from '@/lib/workflow/transition-request';
import { makeUser, officeId } from './test-db';

export const TEST_NEXUS = 'Fentanyl smuggling through the Ysleta port of entry.';

export interface ProposeOptions {
  badge: string;
  name?: string;
  dutyStation?: string;
  /** Code of the proposed DEA division; dea-el-paso unless given. */
  division?: string;
  kind?: RequestKind;
  submit?: boolean;
  at?: number;
}

let keyCounter = 0;

/** One request for one agent, proposed by `supervisor`. */
export function propose(db: Db, supervisor: UserActor, options: ProposeOptions): CreatedRequest {
  keyCounter += 1;
  const [created] = createRequests(
    db,
    supervisor,
    {
      kind: options.kind ?? 'initial',
      deaDivisionId: officeId(db, options.division ?? 'dea-el-paso'),
      borderNexus: TEST_NEXUS,
      agents: [{ name: options.name ?? `Agent ${options.badge}`, badge: options.badge, dutyStation: options.dutyStation ?? 'El Paso, TX' }],
    },
    { submit: options.submit ?? false, submissionKey: `helper-key-${process.pid}-${keyCounter}`, at: options.at },
  );
  return created!;
}

export interface Reviewers {
  hsi: UserActor;
  dea: UserActor;
  /** The coordinator of a DEA division (made once per division). */
  division: (code: string) => UserActor;
}

export function makeReviewers(db: Db): Reviewers {
  const coordinators = new Map<string, UserActor>();
  return {
    hsi: makeUser(db, 'hsi_hq', undefined, 'Hana HSI-HQ'),
    dea: makeUser(db, 'dea_hq', undefined, 'Dana DEA-HQ'),
    division: (code) => {
      let coordinator = coordinators.get(code);
      if (!coordinator) {
        coordinator = makeUser(db, 'dea_division', code, `Coordinator ${code}`);
        coordinators.set(code, coordinator);
      }
      return coordinator;
    },
  };
}

/**
 * Moves a submitted request forward until it waits in `target` (or is approved, for 'active'). It is
 * routed to `routeTo` (a division code), or to the division proposed.
 */
export function advance(
  db: Db,
  reviewers: Reviewers,
  requestId: number,
  target: ReviewStage | 'active',
  options: { at?: number; routeTo?: string } = {},
): void {
  const at = options.at === undefined ? {} : { at: options.at };
  for (;;) {
    const row = db.select().from(requests).where(eq(requests.id, requestId)).get();
    if (!row) throw new Error(`No request ${requestId}`);
    if (row.state === target) return;
    switch (row.state) {
      case 'hsi_review':
        transitionRequest(db, reviewers.hsi, { requestId, action: 'endorse', ...at });
        break;
      case 'dea_hq_review': {
        const divisionId = options.routeTo ? officeId(db, options.routeTo) : row.deaDivisionId;
        transitionRequest(db, reviewers.dea, { requestId, action: 'route', divisionId, ...at });
        break;
      }
      case 'division_review': {
        const code = codeOfDivision(db, row.routedDivisionId!);
        transitionRequest(db, reviewers.division(code), { requestId, action: 'concur', ...at });
        break;
      }
      case 'dea_decision':
        transitionRequest(db, reviewers.dea, { requestId, action: 'approve', ...at });
        break;
      default:
        throw new Error(`Request ${requestId} is ${row.state}; it cannot be advanced to ${target}`);
    }
  }
}

function codeOfDivision(db: Db, id: number): string {
  const row = db.select({ code: offices.code }).from(offices).where(eq(offices.id, id)).get();
  if (!row) throw new Error(`No office ${id}`);
  return row.code;
}

/** The designation an approval granted the request. */
export function designationOf(db: Db, requestId: number) {
  const row = db.select().from(designations).where(eq(designations.requestId, requestId)).get();
  if (!row) throw new Error(`Request ${requestId} has no designation`);
  return row;
}
