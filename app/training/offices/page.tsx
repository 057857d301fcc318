import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { MODULE_STATUS_LABELS } from '@/lib/domain/training';
import { formatDate } from '@/lib/format';
import { ownOfficeCode, trainedOf, trainingMatrix, type StatusCounts } from '@/lib/training/training-status';
import { requirePagePermission } from '@/lib/web/require-permission';
import { TrainingNav } from '../training-nav';

export const metadata: Metadata = { title: 'Who owes what: offices × modules' };

const share = (part: number, whole: number) => (whole === 0 ? '' : `${Math.round((part * 100) / whole)}%`);

function Cell({ counts, isPublished }: { counts: StatusCounts; isPublished: boolean }) {
  if (counts.audience === 0) return <span className="muted">Not in audience</span>;
  if (!isPublished) return <span className="muted">Not yet available ({counts.notYetAvailable.toLocaleString('en-US')})</span>;
  return (
    <>
      <strong>
        {trainedOf(counts).toLocaleString('en-US')} of {counts.audience.toLocaleString('en-US')} completed ({share(trainedOf(counts), counts.audience)})
      </strong>
      <span className="cell-figures">
        {counts.due.toLocaleString('en-US')} due · {counts.overdue.toLocaleString('en-US')} overdue ({share(counts.overdue, counts.audience)}) · {counts.waived.toLocaleString('en-US')} waived
        {counts.expiringSoon > 0 ? ` · ${counts.expiringSoon.toLocaleString('en-US')} expiring soon` : ''}
      </span>
    </>
  );
}

export default async function TrainingMatrixPage() {
  const actor = await requirePagePermission('training:read', '/training/offices');
  const db = getDb();
  const officeCode = ownOfficeCode(db, actor);
  // A supervisor's matrix is one row: their own office, shown person by person.
  if (actor.role === 'supervisor' && officeCode) redirect(`/training/offices/${encodeURIComponent(officeCode)}`);
  const matrix = trainingMatrix(db, actor);
  return (
    <>
      <h1>Who owes what</h1>
      <TrainingNav actor={actor} current="owed" officeCode={officeCode} />
      <p className="lead">
        Each office’s people against each module: completed, due, overdue, waived, and modules not yet available because they are unpublished. Choose an office to see
        its people. Figures as of {formatDate(matrix.today)}.
      </p>
      <p>
        <a href="/training/csv/matrix" download>
          Download as CSV
        </a>
      </p>
      <div className="table-wrap">
        <table className="matrix">
          <caption className="visually-hidden">Training status by office and module</caption>
          <thead>
            <tr>
              <th scope="col">Office</th>
              <th scope="col" className="num">People</th>
              {matrix.modules.map((m) => (
                <th scope="col" key={m.id}>
                  <Link href={`/training/${encodeURIComponent(m.code)}`}>{m.code}</Link>
                  <span className="cell-figures muted">{MODULE_STATUS_LABELS[m.status]}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.offices.map((o) => (
              <tr key={o.officeId}>
                <th scope="row">
                  <Link href={`/training/offices/${encodeURIComponent(o.officeCode)}`}>{o.officeName}</Link>
                </th>
                <td className="num">{o.people.toLocaleString('en-US')}</td>
                {matrix.modules.map((m) => (
                  <td key={m.id}>
                    <Cell counts={o.cells.get(m.id)!} isPublished={m.status === 'published'} />
                  </td>
                ))}
              </tr>
            ))}
            {matrix.offices.length === 0 && (
              <tr>
                <td colSpan={2 + matrix.modules.length}>Nobody on the roster you can see.</td>
              </tr>
            )}
          </tbody>
          {matrix.offices.length > 0 && (
            <tfoot>
              <tr>
                <th scope="row">All offices</th>
                <td className="num">{matrix.offices.reduce((n, o) => n + o.people, 0).toLocaleString('en-US')}</td>
                {matrix.modules.map((m) => (
                  <td key={m.id}>
                    <Cell counts={matrix.totals.get(m.id)!} isPublished={m.status === 'published'} />
                  </td>
                ))}
              </tr>
            </tfoot>
          )}
        </table>
      </div>
    </>
  );
}
