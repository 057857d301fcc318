import type { Metadata } from 'next';
import { getDb } from '@/db/client';
import { EditOfficeRow, NewOfficeForm } from '@/components/admin-forms';
import { listAllOffices } from '@/lib/admin/manage-offices';
import { OFFICE_KIND_LABELS } from '@/lib/domain/offices';
import { requirePagePermission } from '@/lib/web/require-permission';

export const metadata: Metadata = { title: 'Offices' };

export default async function OfficesPage() {
  const actor = await requirePagePermission('office:manage', '/admin/offices');
  const offices = listAllOffices(getDb(), actor);
  return (
    <>
      <h1>Offices</h1>
      <p className="lead">Offices are never deleted; one no longer in use is marked so, and stays on old requests.</p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Offices</caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Agency</th>
              <th scope="col">Kind</th>
              <th scope="col">Name and status</th>
            </tr>
          </thead>
          <tbody>
            {offices.map((o) => (
              <tr key={o.id}>
                <td>{o.code}</td>
                <td>{o.agency}</td>
                <td>{OFFICE_KIND_LABELS[o.kind]}</td>
                <td>
                  <details>
                    <summary>
                      {o.name}
                      {o.isActive ? '' : ' (not in use)'}
                    </summary>
                    <EditOfficeRow office={o} />
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Add an office</h2>
      <NewOfficeForm />
    </>
  );
}
