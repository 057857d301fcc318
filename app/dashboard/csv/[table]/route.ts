// CSV downloads of the dashboard's tables, with the same filters (from the query string) as the page.
import { getDb } from '@/db/client';
import { notFound } from '@/lib/errors';
import { dashboardData } from '@/lib/timeliness/dashboard';
import { DASHBOARD_TABLES, dashboardCsv, type DashboardTable } from '@/lib/timeliness/dashboard-csv';
import { withActor } from '@/lib/web/route-handler';
import { recordExport } from '@/lib/audit/audit-trail';

export async function GET(request: Request, { params }: { params: Promise<{ table: string }> }) {
  return withActor(async (actor) => {
    const { table } = await params;
    if (!(DASHBOARD_TABLES as readonly string[]).includes(table)) throw notFound('Table');
    const data = dashboardData(getDb(), actor, Object.fromEntries(new URL(request.url).searchParams));
    const name = `t21-${table}-${data.period.from}-to-${data.period.to}.csv`;
    recordExport(getDb(), actor, `dashboard-${table}`, { from: data.period.from, to: data.period.to });
    return new Response(dashboardCsv(data, table as DashboardTable), {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` },
    });
  });
}
