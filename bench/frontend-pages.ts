// The main pages measured in the browser's terms (first-load JavaScript, Lighthouse), each as the
// person who uses it most. Where a page's client code depends on what its viewer may do, the viewer
// is the one who gets the most of it: the request page as the DEA HQ coordinator deciding a request
// in their own review (the action forms are client components), the new-request form as a supervisor.
import Database from 'better-sqlite3';
import { DEMO_ACCOUNTS } from '@/lib/demo/seed-demo';
import { ACCOUNTS } from './pages';

const ADMIN_EMAIL = DEMO_ACCOUNTS.find((a) => a.role === 'admin')!.email;

/** Who views a page: a demo account, or nobody signed in (the sign-in page). */
export const FRONTEND_ACCOUNTS = { ...ACCOUNTS, admin: ADMIN_EMAIL } as const;
export type FrontendWho = keyof typeof FRONTEND_ACCOUNTS | 'anonymous';

export interface FrontendPageSpec {
  key: string;
  name: string;
  who: FrontendWho;
  path: string;
  /** The issue names these four for the Lighthouse targets; the others are measured for information. */
  lighthouseTarget: boolean;
  /** JS budget in kB gzipped (the issue: 200, the dashboard 300). */
  budgetKb: number;
}

/** The request DEA HQ reviews with the longest history: open, actionable, and the heaviest to render. */
function requestInDeaHqReview(databaseFile: string): { id: number; events: number } {
  const sqlite = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const row = sqlite
      .prepare(
        `SELECT r.id AS id, count(e.id) AS events FROM requests r JOIN request_events e ON e.request_id = r.id
         WHERE r.state = 'dea_hq_review' GROUP BY r.id ORDER BY events DESC, r.id LIMIT 1`,
      )
      .get() as { id: number; events: number } | undefined;
    if (!row) throw new Error(`No request in DEA HQ review in ${databaseFile}: the request page cannot be measured with its action forms.`);
    return row;
  } finally {
    sqlite.close();
  }
}

export function frontendPagesFor(databaseFile: string): FrontendPageSpec[] {
  const detail = requestInDeaHqReview(databaseFile);
  const page = (key: string, name: string, who: FrontendWho, path: string, lighthouseTarget = false, budgetKb = 200): FrontendPageSpec => ({
    key,
    name,
    who,
    path,
    lighthouseTarget,
    budgetKb,
  });
  return [
    page('sign_in', 'Sign-in', 'anonymous', '/sign-in', true),
    page('inbox', 'Inbox, DEA HQ', 'deaHq', '/inbox', true),
    page('requests', 'Requests (list)', 'auditor', '/requests'),
    page('request_detail', `Request detail, DEA HQ deciding (${detail.events} events)`, 'deaHq', `/requests/${detail.id}`, true),
    page('request_new', 'New request, supervisor', 'supervisor', '/requests/new'),
    page('agents', 'Agents', 'auditor', '/agents'),
    page('training', 'Training', 'auditor', '/training'),
    page('dashboard', 'Dashboard, default', 'auditor', '/dashboard', true, 300),
    page('audit', 'Audit trail', 'auditor', '/audit'),
    page('admin_users', 'Users (administrator)', 'admin', '/admin/users'),
  ];
}
