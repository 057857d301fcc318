// Historical import (`npm run t21 -- import FILE`): years of an agency's spreadsheet history replayed
// through the same transition table and the same writer (applyTransition) as live work, so imported
// requests have the same states, events, clocks and designations as ones made in the tracker.
//
// The whole file is one IMMEDIATE transaction: either every row is imported or nothing is. Rather than
// stop at the first problem, every row is checked and every request's replay attempted, and the
// transaction is then rolled back with all the problems listed by line.
//
// Re-importing is safe: a request already imported whose events equal, in order (action and instant),
// the start of the file's events for it only gets the file's further events, so importing the same
// file twice adds nothing, and an export extended with later events adds just those. The converse, a
// file whose events are the start of what the tracker holds (an older export, or one taken before the
// scheduled job expired the designation), has nothing new and leaves the request unchanged.
//
// Columns beyond what an action needs are ignored: agent, offices and kind are read from create rows
// only (dea_division also from route rows), and a reason on a create row is not recorded.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { agents, offices, refCounters, requestEvents, requests } from '@/db/schema';
import type { SystemActor } from '@/lib/auth/actor';
import { ACTION_PAST, RESCIND_CATEGORIES, type Action, type RescindCategory, type State } from '@/lib/domain/workflow-states';
import { AppError } from '@/lib/errors';
import { insertRequest } from '@/lib/requests/create-requests';
import { applyTransition, type Tx } from '@/lib/workflow/transition-request';
import { recordAudit } from '@/lib/audit/audit-log';
import type { Actor } from '@/lib/auth/actor';

const HISTORY_IMPORT_ACTOR: Actor = { kind: 'system', name: 'History import' };
import { ruleFor } from '@/lib/workflow/transitions';
import {
  checkHistoryRows,
  isValidRow,
  readHistoryCsv,
  type CreateFields,
  type HistoryRow,
  type OfficeRef,
  type ValidHistoryRow,
} from './history-csv';
import { ImportError, type ImportIssue } from './import-error';

// The CLI and route handlers import everything about an import from here.
export { formatImportIssue, ImportError, isImportError, type ImportIssue } from './import-error';
export { HISTORY_COLUMNS, IMPORT_ACTIONS, MAX_IMPORT_BYTES } from './history-csv';

export interface ImportOptions {
  /** Named in the error summary, e.g. the file the CLI read. */
  fileName?: string;
  /** Who runs the import, for the audit trail (the command line when not given). */
  actor?: Actor;
}

export interface ImportSummary {
  fileName: string | null;
  /** Data rows in the file (the header not counted). */
  rowsRead: number;
  requestsCreated: number;
  /** Requests imported before that received the file's later events. */
  requestsExtended: number;
  /** Requests imported before whose history the file does not extend. */
  requestsUnchanged: number;
  /** Events written, `create` events included. */
  eventsAdded: number;
  agentsCreated: number;
}

// The CSV has neither column; the placeholders say so plainly wherever the request or agent is shown.
export const BORDER_NEXUS_NOT_RECORDED = 'Not recorded: imported from historical records.';
export const DUTY_STATION_NOT_RECORDED = 'Not recorded (imported history)';

/**
 * Imports a history CSV (see history-csv.ts for the columns). Returns what was written, or throws an
 * ImportError ('invalid') listing every problem by line, having written nothing. A file holding only
 * the header imports nothing and returns a summary of zeros; an empty file is an error.
 */
export function importHistory(db: Db, csvText: string, options: ImportOptions = {}): ImportSummary {
  const fileName = options.fileName ?? null;
  const { rows: rawRows, rowCount } = readHistoryCsv(csvText, fileName);
  const summary: ImportSummary = {
    fileName,
    rowsRead: rowCount,
    requestsCreated: 0,
    requestsExtended: 0,
    requestsUnchanged: 0,
    eventsAdded: 0,
    agentsCreated: 0,
  };
  if (rowCount === 0) return summary;

  // Checking the rows writes nothing and needs only the offices (reference data), so it runs before
  // the write lock is taken: other users wait only for the replay.
  const issues: ImportIssue[] = [];
  const offices = loadOffices(db);
  const rows = checkHistoryRows(rawRows, offices.byCode, issues);
  const replayable = groupByRequest(rows, issues).filter(
    (history): history is ReplayableHistory => history.create !== null,
  );
  // Oldest first, so an agent created by the import is dated by their first request.
  replayable.sort((a, b) => a.create.at - b.create.at || a.create.index - b.create.index);
  if (replayable.length === 0 && issues.length > 0) throw new ImportError(issues, fileName);

  // Synchronous throughout: better-sqlite3 commits early if the callback awaits. Throwing rolls back.
  // Requests whose rows are all valid are replayed even when others are not, so that one run lists
  // every problem; any problem then rolls everything back.
  return withLargePageCache(db, () => db.transaction(
    (tx) => {
      const existing = loadExistingRequests(tx, replayable.map((history) => history.ref));
      const agentsByBadge = loadAgents(
        tx,
        replayable.map((history) => history.create.create.badge),
      );
      const context: ImportContext = { tx, offices, agentsByBadge, issues, summary, createdRefs: [] };
      for (const history of replayable) {
        const current = existing.get(history.ref);
        if (current) extendExistingRequest(context, history, current);
        else importNewRequest(context, history);
      }

      if (issues.length > 0) throw new ImportError(issues, fileName);
      advanceRefCounters(tx, context.createdRefs);
      recordAudit(tx, options.actor ?? HISTORY_IMPORT_ACTOR, { action: 'history_imported', objectType: 'file', objectId: fileName, details: { ...summary } });
      return summary;
    },
    { behavior: 'immediate' },
  ));
}

// One transaction writes the whole file: twenty years of national history is some 300 MB of tables and
// indexes. With the connection's usual page cache, changed pages spill to the WAL and are read back
// again and again; for the import's length the cap is raised, then put back.
const IMPORT_PAGE_CACHE_KIB = 512 * 1024;

function withLargePageCache<T>(db: Db, run: () => T): T {
  const usual = db.$client.pragma('cache_size', { simple: true }) as number;
  db.$client.pragma(`cache_size = -${IMPORT_PAGE_CACHE_KIB}`);
  try {
    return run();
  } finally {
    db.$client.pragma(`cache_size = ${usual}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Grouping the rows into requests

interface ReplayableHistory {
  ref: string;
  create: ValidHistoryRow & { create: CreateFields };
  /** Every event of the request in replay order, the create row first. */
  events: ValidHistoryRow[];
}

type RequestHistory = ReplayableHistory | { ref: string; create: null };

/**
 * Groups rows by request and checks each request's shape: exactly one create row, and no event before
 * it. Only a request all of whose rows are valid is replayed; the structural checks still run on the
 * parts of bad rows that parsed, so that every problem shows in one run.
 *
 * Replay order is by instant, ties by file order, except that a create row comes before any other
 * event at the same instant (spreadsheets often record the creation and the submission to the minute).
 */
function groupByRequest(rows: readonly HistoryRow[], issues: ImportIssue[]): RequestHistory[] {
  const byRef = new Map<string, HistoryRow[]>();
  for (const row of rows) {
    if (row.ref === null) continue;
    const list = byRef.get(row.ref);
    if (list) list.push(row);
    else byRef.set(row.ref, [row]);
  }

  const histories: RequestHistory[] = [];
  for (const [ref, list] of byRef) {
    const issuesBefore = issues.length;
    const creates = list.filter((row) => row.action === 'create');
    const [create] = creates;
    for (const duplicate of creates.slice(1)) {
      issues.push({
        line: duplicate.line,
        field: 'action',
        message: `Request ${ref} already has a create row on line ${create!.line}; a request has exactly one.`,
      });
    }
    if (!create && list.every((row) => row.action !== null)) {
      issues.push({
        line: list[0]!.line,
        field: 'request_ref',
        message: `Request ${ref} has no create row; its history must start with one.`,
      });
    }
    if (create && create.at !== null) {
      const earlier = list.filter((row) => row !== create && row.at !== null && row.at < create.at!);
      if (earlier.length > 0) {
        issues.push({
          line: create.line,
          field: 'at',
          message:
            `The create row must be request ${ref}'s earliest event, but ` +
            `${earlier.map((row) => `line ${row.line} (${row.action ?? 'unknown action'})`).join(', ')} ` +
            `${earlier.length === 1 ? 'is' : 'are'} earlier.`,
        });
      }
    }

    const valid = list.filter(isValidRow);
    const createRow = valid.find((row) => row.action === 'create');
    if (issues.length > issuesBefore || valid.length !== list.length || !createRow?.create) {
      histories.push({ ref, create: null });
      continue;
    }
    const events = [...valid].sort(
      (a, b) => a.at - b.at || Number(b.action === 'create') - Number(a.action === 'create') || a.index - b.index,
    );
    histories.push({ ref, create: createRow as ReplayableHistory['create'], events });
  }
  return histories;
}

// ---------------------------------------------------------------------------------------------------
// Replaying

interface OfficeDirectory {
  byCode: Map<string, OfficeRef>;
  byId: Map<number, OfficeRef>;
}

interface KnownAgent {
  id: number;
  hsiOfficeId: number;
}

interface ImportContext {
  tx: Tx;
  offices: OfficeDirectory;
  agentsByBadge: Map<string, KnownAgent>;
  issues: ImportIssue[];
  summary: ImportSummary;
  createdRefs: string[];
}

/** Where a request stands during replay, kept alongside the row so each move can be checked first. */
interface Position {
  requestId: number;
  state: State;
  /** The request's own division, where a route row without a division sends it. */
  deaDivisionId: number;
  /** The row of the last event replayed or found, for messages. */
  lastLine: number | null;
}

function importNewRequest(context: ImportContext, history: ReplayableHistory): void {
  const { create } = history;
  const agentId = agentFor(context, create);
  if (agentId === null) return;

  const created = insertRequest(context.tx, {
    ref: history.ref,
    kind: create.create.kind,
    agentId,
    hsiOfficeId: create.create.hsiOfficeId,
    deaDivisionId: create.create.deaDivisionId,
    borderNexus: BORDER_NEXUS_NOT_RECORDED,
    // History need not link a renewal to the designation it continued.
    renewsDesignationId: null,
    createdByUserId: null,
    submissionKey: null,
    isImported: true,
    actor: importActor(create),
    at: create.at,
  });
  context.summary.requestsCreated += 1;
  context.summary.eventsAdded += 1;
  context.createdRefs.push(history.ref);

  const position: Position = { requestId: created.id, state: 'draft', deaDivisionId: create.create.deaDivisionId, lastLine: create.line };
  replay(context, history.ref, position, history.events.slice(1));
}

interface ExistingRequest {
  id: number;
  state: State;
  isImported: boolean;
  kind: string;
  hsiOfficeId: number;
  deaDivisionId: number;
  badge: string;
  events: { action: Action; at: number }[];
}

/**
 * A request already in the tracker: only an imported one may be added to, and only when what it holds
 * matches the file. If the tracker has moved it on since (e.g. the scheduled job expired it) and the
 * file's events are the start of what it holds, the file has nothing new and it is left unchanged.
 */
function extendExistingRequest(context: ImportContext, history: ReplayableHistory, existing: ExistingRequest): void {
  const { create, ref } = history;
  const fail = (line: number, field: string | undefined, message: string) => context.issues.push({ line, field, message });

  if (!existing.isImported) {
    fail(create.line, 'request_ref', `Request ${ref} already exists in the tracker and was not imported; the file cannot add to its history.`);
    return;
  }
  const officeCode = (id: number) => context.offices.byId.get(id)?.code ?? `office #${id}`;
  const differences: [string, string, string][] = [];
  if (existing.badge !== create.create.badge) differences.push(['agent_badge', existing.badge, create.create.badge]);
  if (existing.hsiOfficeId !== create.create.hsiOfficeId) {
    differences.push(['hsi_office', officeCode(existing.hsiOfficeId), officeCode(create.create.hsiOfficeId)]);
  }
  if (existing.deaDivisionId !== create.create.deaDivisionId) {
    differences.push(['dea_division', officeCode(existing.deaDivisionId), officeCode(create.create.deaDivisionId)]);
  }
  if (existing.kind !== create.create.kind) differences.push(['kind', existing.kind, create.create.kind]);
  for (const [field, was, now] of differences) {
    fail(create.line, field, `Request ${ref} was imported before with ${field} ${was}; the file now says ${now}.`);
  }
  if (differences.length > 0) return;

  const common = Math.min(existing.events.length, history.events.length);
  for (let i = 0; i < common; i += 1) {
    const held = existing.events[i]!;
    const row = history.events[i]!;
    if (held.action !== row.action || held.at !== row.at) {
      fail(
        row.line,
        held.action !== row.action ? 'action' : 'at',
        `Request ${ref} was imported before with a different history: its event ${i + 1} is ` +
          `${held.action} at ${new Date(held.at).toISOString()}, the file has ${row.action} at ${new Date(row.at).toISOString()}.`,
      );
      return;
    }
  }

  if (history.events.length <= existing.events.length) {
    context.summary.requestsUnchanged += 1;
    return;
  }
  context.summary.requestsExtended += 1;
  const position: Position = {
    requestId: existing.id,
    state: existing.state,
    deaDivisionId: existing.deaDivisionId,
    lastLine: history.events[existing.events.length - 1]?.line ?? null,
  };
  replay(context, ref, position, history.events.slice(existing.events.length));
}

/**
 * Applies the rows in order through the one writer. The move is checked against the transition table
 * first so that the message names the row's action and the state the request is in; anything else the
 * writer refuses is reported with its own message. The first refusal ends this request's replay (later
 * rows would only repeat it); other requests carry on, so that every request's problem is listed.
 */
function replay(context: ImportContext, ref: string, position: Position, rows: readonly ValidHistoryRow[]): void {
  for (const row of rows) {
    const fail = (field: string | undefined, message: string) => context.issues.push({ line: row.line, field, message });
    const rule = ruleFor(row.action);
    if (!rule) {
      fail('action', `"${row.action}" is not an action on a request.`);
      return;
    }
    if (!rule.from.includes(position.state)) {
      const after = position.lastLine === null ? '' : `; its previous event is on line ${position.lastLine}`;
      fail('action', `cannot ${row.action} a request in ${position.state} (request ${ref}${after}).`);
      return;
    }

    let divisionId: number | null = null;
    if (row.action === 'route') {
      divisionId = row.routeDivisionId ?? position.deaDivisionId;
      const division = context.offices.byId.get(divisionId);
      if (!division?.isActive) {
        fail('dea_division', `Division ${division?.code ?? `#${divisionId}`} is not active, so a request cannot be routed to it.`);
        return;
      }
    }

    try {
      const result = applyTransition(context.tx, importActor(row), {
        requestId: position.requestId,
        action: row.action,
        at: row.at,
        reason: row.reason,
        reasonCategory: row.action === 'rescind' ? rescindCategoryOf(row.reason ?? '') : null,
        divisionId,
        isReplay: true,
      });
      position.state = result.toState;
      position.lastLine = row.line;
      context.summary.eventsAdded += 1;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      fail(undefined, `Request ${ref} cannot be ${ACTION_PAST[row.action]}: ${error.message}`);
      return;
    }
  }
}

/**
 * A spreadsheet has one reason column, so a rescission's category is read from the start of the
 * reason: "transfer:", "separation:", "misconduct:" or "other:" (any case, spaces allowed before the
 * colon). Without such a prefix it is 'other'. The reason is stored whole, prefix included.
 */
export function rescindCategoryOf(reason: string): RescindCategory {
  const match = /^\s*([a-z]+)\s*:/i.exec(reason);
  const word = match?.[1]?.toLowerCase();
  return (RESCIND_CATEGORIES as readonly string[]).includes(word ?? '') ? (word as RescindCategory) : 'other';
}

/** The importer stands in for whoever the row names; the state machine still applies. */
function importActor(row: HistoryRow): SystemActor {
  return { kind: 'system', name: row.actor, isImport: true };
}

/**
 * The agent with the create row's badge, created if the tracker does not know them. A badge already
 * held by an agent of another office is an error, not a transfer: the import does not move agents.
 */
function agentFor(context: ImportContext, create: ReplayableHistory['create']): number | null {
  const { badge, hsiOfficeId, hsiOfficeCode, agentName } = create.create;
  const known = context.agentsByBadge.get(badge);
  if (known) {
    if (known.hsiOfficeId === hsiOfficeId) return known.id;
    const theirs = context.offices.byId.get(known.hsiOfficeId)?.code ?? `office #${known.hsiOfficeId}`;
    context.issues.push({
      line: create.line,
      field: 'hsi_office',
      message: `Badge ${badge} belongs to an agent of ${theirs}, not ${hsiOfficeCode}.`,
    });
    return null;
  }
  const agent = context.tx
    .insert(agents)
    .values({
      badge,
      name: agentName,
      officeId: hsiOfficeId,
      dutyStation: DUTY_STATION_NOT_RECORDED,
      createdAt: create.at,
      updatedAt: create.at,
    })
    .returning({ id: agents.id })
    .get();
  context.agentsByBadge.set(badge, { id: agent.id, hsiOfficeId });
  context.summary.agentsCreated += 1;
  return agent.id;
}

// ---------------------------------------------------------------------------------------------------
// Reads, a few per file rather than per row

// SQLite limits the variables in one statement; 500 keeps well inside every build's limit.
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function loadOffices(db: Db): OfficeDirectory {
  const rows = db
    .select({ id: offices.id, code: offices.code, kind: offices.kind, isActive: offices.isActive })
    .from(offices)
    .all();
  return { byCode: new Map(rows.map((row) => [row.code, row])), byId: new Map(rows.map((row) => [row.id, row])) };
}

function loadAgents(tx: Tx, badges: readonly string[]): Map<string, KnownAgent> {
  const found = new Map<string, KnownAgent>();
  for (const chunk of chunks([...new Set(badges)])) {
    const rows = tx
      .select({ id: agents.id, badge: agents.badge, hsiOfficeId: agents.officeId })
      .from(agents)
      .where(inArray(agents.badge, chunk))
      .all();
    for (const row of rows) found.set(row.badge, { id: row.id, hsiOfficeId: row.hsiOfficeId });
  }
  return found;
}

function loadExistingRequests(tx: Tx, refs: readonly string[]): Map<string, ExistingRequest> {
  const found = new Map<string, ExistingRequest>();
  for (const chunk of chunks(refs)) {
    const rows = tx
      .select({
        id: requests.id,
        ref: requests.ref,
        state: requests.state,
        isImported: requests.isImported,
        kind: requests.kind,
        hsiOfficeId: requests.hsiOfficeId,
        deaDivisionId: requests.deaDivisionId,
        badge: agents.badge,
      })
      .from(requests)
      .innerJoin(agents, eq(agents.id, requests.agentId))
      .where(inArray(requests.ref, chunk))
      .all();
    if (rows.length === 0) continue;
    const byId = new Map<number, ExistingRequest>();
    for (const { ref, ...row } of rows) {
      const request: ExistingRequest = { ...row, events: [] };
      byId.set(row.id, request);
      found.set(ref, request);
    }
    const events = tx
      .select({ requestId: requestEvents.requestId, action: requestEvents.action, at: requestEvents.at })
      .from(requestEvents)
      // An edit changes fields, not the state: it is not part of the history the file replays.
      .where(and(inArray(requestEvents.requestId, [...byId.keys()]), sql`${requestEvents.action} <> 'edit'`))
      .orderBy(asc(requestEvents.requestId), asc(requestEvents.at), asc(requestEvents.id))
      .all();
    for (const event of events) byId.get(event.requestId)?.events.push({ action: event.action, at: event.at });
  }
  return found;
}

/**
 * Imported references in the tracker's own format (T21-2019-00042) must not be handed out again by
 * nextRef, so each fiscal year's counter is raised to the highest imported number.
 */
function advanceRefCounters(tx: Tx, refs: readonly string[]): void {
  const highest = new Map<number, number>();
  for (const ref of refs) {
    const match = /^T21-(\d{4})-(\d{1,9})$/.exec(ref);
    if (!match) continue;
    const year = Number(match[1]);
    const number = Number(match[2]);
    highest.set(year, Math.max(highest.get(year) ?? 0, number));
  }
  for (const [fy, lastNumber] of highest) {
    tx.insert(refCounters)
      .values({ fiscalYear: fy, lastNumber })
      .onConflictDoUpdate({
        target: refCounters.fiscalYear,
        set: { lastNumber: sql`max(${refCounters.lastNumber}, excluded.last_number)` },
      })
      .run();
  }
}

