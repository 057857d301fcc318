// Prepared queries, kept per connection. Building a query with drizzle (walking the column objects,
// escaping names, assembling the SQL) costs more than SQLite takes to run a small one: on an import,
// about 60% of the writer's time went there. The writer's few hot statements are built once per
// connection with sql.placeholder() for their values and then only executed (drizzle's "prepared
// statements", https://orm.drizzle.team/docs/perf-queries).
//
// A prepared query belongs to the connection it was built on. A transaction (`tx`) shares its
// database's session object, so the cache is keyed by that session: a query prepared from the
// database runs inside any of its transactions, and another database (each test opens its own) gets
// its own. drizzle keeps `session` off its public types; the pinned version has it on both.
import type { Db } from './client';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

const byConnection = new WeakMap<object, Map<string, unknown>>();

function sessionOf(db: Db | Tx): object {
  const session = (db as unknown as { session?: object }).session;
  if (!session) throw new Error('This drizzle database has no session: the prepared-query cache needs it.');
  return session;
}

/**
 * The query `key` prepared on `db`'s connection: built by `build` the first time, reused after. `key`
 * names the query; `build` must always build the same one for a key.
 */
export function preparedQuery<T>(db: Db | Tx, key: string, build: (db: Db | Tx) => T): T {
  const session = sessionOf(db);
  let queries = byConnection.get(session);
  if (!queries) {
    queries = new Map();
    byConnection.set(session, queries);
  }
  let query = queries.get(key) as T | undefined;
  if (query === undefined) {
    query = build(db);
    queries.set(key, query);
  }
  return query;
}
