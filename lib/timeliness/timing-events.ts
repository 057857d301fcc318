// Reading the event log for requestTiming: the live open-work clocks and the cache of decided
// requests' times read the same columns in the same order (below), so both see the same events.
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { preparedQuery } from '@/db/prepared';
import { requestEvents } from '@/db/schema';
import type { DbOrTx } from '@/lib/workflow/transition-request';
import type { TimingEvent } from './request-timing';

// SQLite limits the variables in one statement; 500 keeps well inside every build's limit.
const CHUNK = 500;

// What requestTiming needs of an event, and the order it needs them in: by time, ties as written.
const EVENT_FIELDS = { action: requestEvents.action, toState: requestEvents.toState, at: requestEvents.at };
const EVENT_ORDER = [asc(requestEvents.at), asc(requestEvents.id)];

/** Each request's events in time order (ties in the order written). */
export function loadTimingEvents(db: DbOrTx, requestIds: readonly number[]): Map<number, TimingEvent[]> {
  const byRequest = new Map<number, TimingEvent[]>();
  for (let i = 0; i < requestIds.length; i += CHUNK) {
    const rows = db
      .select({ requestId: requestEvents.requestId, ...EVENT_FIELDS })
      .from(requestEvents)
      .where(inArray(requestEvents.requestId, requestIds.slice(i, i + CHUNK)))
      .orderBy(asc(requestEvents.requestId), ...EVENT_ORDER)
      .all();
    for (const { requestId, ...event } of rows) {
      const list = byRequest.get(requestId) ?? [];
      list.push(event);
      byRequest.set(requestId, list);
    }
  }
  return byRequest;
}

/** One request's events in time order: the writer's refresh of a decided request's times, prepared
 * once per connection because it runs on every decision. */
export function loadRequestTimingEvents(db: DbOrTx, requestId: number): TimingEvent[] {
  return preparedQuery(db, 'timing.requestEvents', (d) =>
    d
      .select(EVENT_FIELDS)
      .from(requestEvents)
      .where(eq(requestEvents.requestId, sql.placeholder('requestId')))
      .orderBy(...EVENT_ORDER)
      .prepare(),
  ).all({ requestId });
}
