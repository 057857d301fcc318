import Link from 'next/link';
import { KIND_LABELS, type RequestKind, type State } from '@/lib/domain/workflow-states';
import { formatDate, formatInstant } from '@/lib/format';
import type { OpenStatus } from '@/lib/timeliness/open-status';
import { StandingTag } from './standing-tag';
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

/** Days in stage, the due date and the standing against the goal, for work still open. */
export function OpenStatusCells({ status }: { status: OpenStatus | undefined }) {
  if (!status) return <><td /><td /><td /></>;
  return (
    <>
      <td className="num">
        {status.daysInStage} <span className="muted">({status.calendarDaysInStage} cal.)</span>
      </td>
      <td>{status.dueOn ? formatDate(status.dueOn) : status.state === 'returned' ? <span className="muted">With requester</span> : ''}</td>
      <td>{status.standing ? <StandingTag standing={status.standing} /> : ''}</td>
    </>
  );
}

export function RequestTable({ rows, caption, statuses }: { rows: RequestRow[]; caption: string; statuses: Map<number, OpenStatus> }) {
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
            <th scope="col" className="num">Business days in stage</th>
            <th scope="col">Due</th>
            <th scope="col">Against goal</th>
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
              <OpenStatusCells status={statuses.get(row.id)} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
