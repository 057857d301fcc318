// The audit trail as CSV, with the page's filters; the download is itself recorded.
import { getDb } from '@/db/client';
import { exportAuditTrail } from '@/lib/audit/audit-trail';
import { withActor } from '@/lib/web/route-handler';

export async function GET(request: Request) {
  return withActor((actor) => {
    const csv = exportAuditTrail(getDb(), actor, Object.fromEntries(new URL(request.url).searchParams));
    return new Response(csv, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="t21-audit-trail.csv"' } });
  });
}
