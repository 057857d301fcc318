import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { MODULE_AUDIENCE_LABELS, MODULE_OWNER_LABELS, MODULE_STATUS_LABELS } from '@/lib/domain/training';
import { formatInstant } from '@/lib/format';
import { can } from '@/lib/auth/permissions';
import { listModules } from '@/lib/training/modules';
import { ownOfficeCode } from '@/lib/training/training-status';
import { requirePagePermission } from '@/lib/web/require-permission';
import { TrainingNav } from './training-nav';

export const metadata: Metadata = { title: 'Training modules' };

export default async function TrainingPage() {
  const actor = await requirePagePermission('training:read', '/training');
  const db = getDb();
  const modules = listModules(db, actor);
  return (
    <>
      <h1>Training modules</h1>
      <TrainingNav actor={actor} current="modules" officeCode={ownOfficeCode(db, actor)} />
      <p className="lead">
        The January 2021 joint letter called for two modules, one a joint DEA–HSI training on the 2009 agreement. Only a published module can make
        anyone overdue; the others show how long they have been unfinished and what holds them up.
      </p>
      {can(actor, 'training:manage') && (
        <p>
          <Link href="/training/new" className="button">
            New module
          </Link>
        </p>
      )}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Training modules</caption>
          <thead>
            <tr>
              <th scope="col">Module</th>
              <th scope="col">Owner</th>
              <th scope="col">Audience</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">Version</th>
              <th scope="col">In this status since</th>
              <th scope="col" className="num">Days unpublished</th>
              <th scope="col" className="num">Open disputes</th>
              <th scope="col">Required before activation</th>
            </tr>
          </thead>
          <tbody>
            {modules.map((m) => (
              <tr key={m.id}>
                <td>
                  <Link href={`/training/${encodeURIComponent(m.code)}`}>{m.title}</Link>
                  <span className="muted"> ({m.code})</span>
                </td>
                <td>{MODULE_OWNER_LABELS[m.ownerAgency]}</td>
                <td>{MODULE_AUDIENCE_LABELS[m.audience]}</td>
                <td>{MODULE_STATUS_LABELS[m.status]}</td>
                <td className="num">{m.version}</td>
                <td>{formatInstant(m.statusSince)}</td>
                <td className="num">{m.daysUnpublished === null ? '' : m.daysUnpublished.toLocaleString('en-US')}</td>
                <td className="num">{m.openDisputes}</td>
                <td>{m.isRequiredBeforeActivation ? 'Yes' : 'No'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
