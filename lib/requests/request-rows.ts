// The row every request list shows (inbox, request list): the request with its agent, office and
// division names. The division is the one routed to, or the one proposed until routing.
import { eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '@/db/client';
import { agents, offices, requests } from '@/db/schema';

const hsiOffice = alias(offices, 'hsi_office');
const division = alias(offices, 'division');

/** A select of request rows, joined and ready for `.where(…)`, `.orderBy(…)` and paging. */
export function selectRequestRows(db: Db) {
  return db
    .select({
      id: requests.id,
      ref: requests.ref,
      kind: requests.kind,
      state: requests.state,
      agentName: agents.name,
      agentBadge: agents.badge,
      hsiOfficeName: hsiOffice.name,
      divisionName: division.name,
      stateEnteredAt: requests.stateEnteredAt,
      lastEventAt: requests.lastEventAt,
    })
    .from(requests)
    .innerJoin(agents, eq(agents.id, requests.agentId))
    .innerJoin(hsiOffice, eq(hsiOffice.id, requests.hsiOfficeId))
    .innerJoin(division, eq(division.id, sql`coalesce(${requests.routedDivisionId}, ${requests.deaDivisionId})`));
}
