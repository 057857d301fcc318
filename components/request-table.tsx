import Link from 'next/link';
import { KIND_LABELS, type RequestKind, type State } from '@/lib/domain/workflow-states';
import { formatInstant } from '@/lib/format';
import { StateTag } from './state-tag';

export interface RequestRow {
  id: number;
  ref: string;
  kind: RequestKind;
  state: State;
  agentName: string;
  agentBadge: string;
  hsiOfficeName: string;
  divisionName: string;
  stateEnteredAt: number;
}

export function RequestTable({ rows, caption }: { rows: RequestRow[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Reference</th>
            <th scope="col">Agent</th>
            <th scope="col">Badge</th>
            <th scope="col">HSI office</th>
            <th scope="col">DEA division</th>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            <th scope="col">In this status since</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td>
                <Link href={`/requests/${row.id}`}>{row.ref}</Link>
              </td>
              <td>{row.agentName}</td>
              <td>{row.agentBadge}</td>
              <td>{row.hsiOfficeName}</td>
              <td>{row.divisionName}</td>
              <td>{KIND_LABELS[row.kind]}</td>
              <td>
                <StateTag state={row.state} />
              </td>
              <td>{formatInstant(row.stateEnteredAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
