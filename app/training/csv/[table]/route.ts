// CSV downloads of training status: the offices × modules matrix, one office's people × modules
// (?office=CODE), and the dashboard's per-module panel. Same functions as the pages.
import { getDb } from '@/db/client';
import { notFound } from '@/lib/errors';
import { officeTrainingCsv, trainingMatrixCsv, trainingPanelCsv } from '@/lib/training/training-csv';
import { officeTraining, trainingMatrix, trainingPanel } from '@/lib/training/training-status';
import { withActor } from '@/lib/web/route-handler';
import { recordExport } from '@/lib/audit/audit-trail';

export async function GET(request: Request, { params }: { params: Promise<{ table: string }> }) {
  return withActor(async (actor) => {
    const { table } = await params;
    const db = getDb();
    let csv: string;
    let name: string;
    if (table === 'matrix') {
      csv = trainingMatrixCsv(trainingMatrix(db, actor));
      name = 't21-training-by-office.csv';
    } else if (table === 'office') {
      const code = new URL(request.url).searchParams.get('office') ?? '';
      const data = officeTraining(db, actor, code);
      csv = officeTrainingCsv(data);
      name = `t21-training-${data.office.code}.csv`;
    } else if (table === 'modules') {
      csv = trainingPanelCsv(trainingPanel(db, actor));
      name = 't21-training-modules.csv';
    } else {
      throw notFound('Table');
    }
    recordExport(db, actor, `training-${table}`, table === 'office' ? { office: name } : {});
    return new Response(csv, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` } });
  });
}
