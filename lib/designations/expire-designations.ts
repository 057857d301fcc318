// The daily job: designations whose last valid day has passed (in the calendar's zone) become expired,
// each through the one writer, so each expiry is an event like any other.
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { designations, requests } from '@/db/schema';
import { SYSTEM_ACTOR } from '@/lib/auth/actor';
import { calendarDate } from '@/lib/calendar/dates';
import { settings } from '@/lib/config';
import { applyTransition } from '@/lib/workflow/transition-request';

export function expireDesignations(db: Db, now = Date.now()): { expired: string[] } {
  const today = calendarDate(now, settings().T21_TIME_ZONE);
  return db.transaction(
    (tx) => {
      const due = tx
        .select({ id: requests.id, ref: requests.ref })
        .from(requests)
        .innerJoin(designations, eq(designations.requestId, requests.id))
        .where(and(eq(requests.state, 'active'), lt(designations.endsOn, today)))
        .all();
      for (const request of due) {
        applyTransition(tx, SYSTEM_ACTOR, { requestId: request.id, action: 'expire', at: now });
      }
      return { expired: due.map((r) => r.ref) };
    },
    { behavior: 'immediate' },
  );
}
