import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { TrainingStatusTag } from '@/components/training-status-tag';
import { OWING_STATUSES } from '@/lib/domain/training';
import { isAppError } from '@/lib/errors';
import { formatDate } from '@/lib/format';
import { officeTraining, ownOfficeCode } from '@/lib/training/training-status';
import { requirePagePermission } from '@/lib/web/require-permission';
import { TrainingNav } from '../../training-nav';

export const metadata: Metadata = { title: 'Training: people × modules' };

export default async function OfficeTrainingPage({ params, searchParams }: { params: Promise<{ code: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const code = decodeURIComponent((await params).code);
  const isOwingOnly = (await searchParams).owing === '1';
  const actor = await requirePagePermission('training:read', `/training/offices/${encodeURIComponent(code)}`);
  const db = getDb();
  let data;
  try {
    data = officeTraining(db, actor, code);
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') notFound();
    throw error;
  }
  const owes = (p: (typeof data.people)[number]) => [...p.statuses.values()].some((s) => OWING_STATUSES.includes(s.status));
  const people = isOwingOnly ? data.people.filter(owes) : data.people;
  const owingCount = data.people.filter(owes).length;
  const base = `/training/offices/${encodeURIComponent(data.office.code)}`;
  return (
    <>
      <h1>{data.office.name}: training</h1>
      <TrainingNav actor={actor} current="owed" officeCode={ownOfficeCode(db, actor)} />
      <p className="lead">
        {data.people.length.toLocaleString('en-US')} {data.people.length === 1 ? 'person' : 'people'} on the roster; {owingCount.toLocaleString('en-US')} still{' '}
        {owingCount === 1 ? 'owes' : 'owe'} a published module. Figures as of {formatDate(data.today)}.
      </p>
      <p>
        {isOwingOnly ? <Link href={base}>Show everyone</Link> : <Link href={`${base}?owing=1`}>Show only people who still owe a module</Link>}
        {' · '}
        <a href={`/training/csv/office?office=${encodeURIComponent(data.office.code)}`} download>
          Download as CSV
        </a>
        {actor.role !== 'supervisor' && (
          <>
            {' · '}
            <Link href="/training/offices">All offices</Link>
          </>
        )}
      </p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Each person’s standing on each module</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Badge</th>
              {data.modules.map((m) => (
                <th scope="col" key={m.id}>
                  <Link href={`/training/${encodeURIComponent(m.code)}`}>{m.code}</Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  <Link href={`/agents/${p.id}`}>{p.name}</Link>
                </th>
                <td>{p.badge}</td>
                {data.modules.map((m) => (
                  <td key={m.id}>
                    <TrainingStatusTag status={p.statuses.get(m.id)} />
                  </td>
                ))}
              </tr>
            ))}
            {people.length === 0 && (
              <tr>
                <td colSpan={2 + data.modules.length}>{isOwingOnly ? 'Nobody here owes a published module.' : 'Nobody on this office’s roster.'}</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
