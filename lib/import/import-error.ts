// The one error a history import throws: an 'invalid' AppError (400) whose message summarises, and
// which lists every problem found with the file line it is on, so an agency can fix the spreadsheet
// in one pass instead of one error per attempt.
import { AppError, type FieldErrors } from '@/lib/errors';

export interface ImportIssue {
  /** The line in the file (the header is line 1); 0 means the file as a whole. */
  line: number;
  /** The CSV column at fault, when there is one. */
  field?: string;
  message: string;
}

/** How many issues the summary message spells out; `errors` always holds all of them. */
const ISSUES_IN_MESSAGE = 5;

export class ImportError extends AppError {
  readonly errors: readonly ImportIssue[];
  readonly fileName: string | null;

  constructor(errors: readonly ImportIssue[], fileName: string | null = null) {
    const sorted = [...errors].sort((a, b) => a.line - b.line);
    super('invalid', summarise(sorted, fileName), issuesByLine(sorted));
    this.name = 'ImportError';
    this.errors = sorted;
    this.fileName = fileName;
  }
}

export function isImportError(error: unknown): error is ImportError {
  return error instanceof ImportError;
}

/** "line 14 (reason): A reason is required to deny." — one line per issue, for the CLI and logs. */
export function formatImportIssue(issue: ImportIssue): string {
  const where = issue.line === 0 ? 'file' : `line ${issue.line}`;
  return `${where}${issue.field ? ` (${issue.field})` : ''}: ${issue.message}`;
}

function summarise(errors: readonly ImportIssue[], fileName: string | null): string {
  const count = errors.length === 1 ? '1 error' : `${errors.length} errors`;
  const shown = errors.slice(0, ISSUES_IN_MESSAGE).map(formatImportIssue).join('; ');
  const more = errors.length > ISSUES_IN_MESSAGE ? `; and ${errors.length - ISSUES_IN_MESSAGE} more` : '';
  return `${fileName ? `${fileName}: ` : ''}nothing was imported (${count}): ${shown}${more}.`;
}

// The shape forms and route handlers already show: "line 14" → its messages.
function issuesByLine(errors: readonly ImportIssue[]): FieldErrors {
  const byLine: FieldErrors = {};
  for (const issue of errors) {
    const key = issue.line === 0 ? 'file' : `line ${issue.line}`;
    (byLine[key] ??= []).push(issue.field ? `${issue.field}: ${issue.message}` : issue.message);
  }
  return byLine;
}
