// A history CSV of a generated scale, in the import's own format (lib/import/history-csv.ts), so that
// the import can be timed on realistic history of a known size: the same requests, agents, offices,
// actions, instants and reasons as the generated database, as another agency's spreadsheet would
// hold them. Only the first `limit` requests (oldest first) are written.
//
// Two moves have no column in the spreadsheets and are left out: `activate` (training gating did not
// exist; the import's approve grants at once) and `edit`. A rescission's category leads its reason
// ("Transfer: …"), which is how the import reads it back.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { toCsv } from '@/lib/csv/to-csv';
import { HISTORY_COLUMNS } from '@/lib/import/history-csv';

interface EventRow {
  ref: string;
  action: string;
  at: number;
  actorName: string;
  reason: string | null;
  reasonCategory: string | null;
  badge: string;
  agentName: string;
  officeCode: string;
  divisionCode: string;
  routedCode: string | null;
  kind: string;
}

export interface ExportedHistory {
  file: string;
  requests: number;
  rows: number;
  megabytes: number;
}

export function exportHistoryCsv(databaseFile: string, outFile: string, limit: number): ExportedHistory {
  const sqlite = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const events = sqlite
      .prepare(
        `WITH chosen AS (SELECT id FROM requests ORDER BY created_at, id LIMIT ?)
         SELECT r.ref, e.action, e.at, e.actor_name AS actorName, e.reason, e.reason_category AS reasonCategory,
                a.badge AS badge, a.name AS agentName, o.code AS officeCode, d.code AS divisionCode,
                rd.code AS routedCode, r.kind
           FROM chosen c
           JOIN requests r ON r.id = c.id
           JOIN request_events e ON e.request_id = r.id
           JOIN agents a ON a.id = r.agent_id
           JOIN offices o ON o.id = r.hsi_office_id
           JOIN offices d ON d.id = r.dea_division_id
           LEFT JOIN offices rd ON rd.id = e.division_id
          WHERE e.action NOT IN ('activate', 'edit')
          ORDER BY e.at, e.id`,
      )
      .all(limit) as EventRow[];
    const rows = events.map((e) => {
      const isCreate = e.action === 'create';
      const reason = e.action === 'rescind' && e.reasonCategory ? `${capitalise(e.reasonCategory)}: ${e.reason ?? ''}`.trim() : (e.reason ?? '');
      return [
        e.ref,
        e.action,
        new Date(e.at).toISOString(),
        e.actorName,
        isCreate ? e.badge : '',
        isCreate ? e.agentName : '',
        isCreate ? e.officeCode : '',
        isCreate ? e.divisionCode : e.action === 'route' ? (e.routedCode ?? '') : '',
        isCreate ? e.kind : '',
        isCreate ? '' : reason,
      ];
    });
    fs.writeFileSync(outFile, toCsv(HISTORY_COLUMNS, rows));
    const requests = new Set(events.map((e) => e.ref)).size;
    return { file: outFile, requests, rows: rows.length, megabytes: Math.round(fs.statSync(outFile).size / 1e5) / 10 };
  } finally {
    sqlite.close();
  }
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
