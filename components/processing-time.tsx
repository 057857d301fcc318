// The request's clocks: each review stage (all visits summed), end to end, and time back with the
// requester, in business days (the measure goals use) and calendar days.
import { STATE_LABELS } from '@/lib/domain/workflow-states';
import { formatDate } from '@/lib/format';
import type { RequestDetail } from '@/lib/requests/get-request';
import { StandingTag } from './standing-tag';

function WithinGoal({ value, isOpen }: { value: boolean | null; isOpen: boolean }) {
  if (value === null) return null;
  if (isOpen) return <span className="muted">Running</span>;
  return <span className={`tag ${value ? 'tag-active' : 'tag-denied'}`}>{value ? 'Within goal' : 'Over goal'}</span>;
}

export function ProcessingTime({ timing }: { timing: RequestDetail['timing'] }) {
  if (timing.goalsJudgedOn === null) return <p className="muted">The clock starts when the request is first submitted.</p>;
  return (
    <>
      {timing.open?.standing && (
        <p>
          {STATE_LABELS[timing.open.state]}: {timing.open.daysInStage} of {timing.open.goal} business days, due {formatDate(timing.open.dueOn!)}.{' '}
          <StandingTag standing={timing.open.standing} />
        </p>
      )}
      <div className="table-wrap">
        <table>
          <caption>Processing time in business days (calendar days in brackets); goals in force on {formatDate(timing.goalsJudgedOn)}</caption>
          <thead>
            <tr>
              <th scope="col">Stage</th>
              <th scope="col" className="num">Business days</th>
              <th scope="col" className="num">Visits</th>
              <th scope="col" className="num">Goal</th>
              <th scope="col">Against goal</th>
            </tr>
          </thead>
          <tbody>
            {timing.stages.map((s) => (
              <tr key={s.stage}>
                <th scope="row">{STATE_LABELS[s.stage]}</th>
                <td className="num">{s.businessDays === null ? '' : `${s.businessDays} (${s.calendarDays})`}</td>
                <td className="num">{s.visits || ''}</td>
                <td className="num">{s.goal ?? ''}</td>
                <td>
                  <WithinGoal value={s.isWithinGoal} isOpen={s.isOpen} />
                </td>
              </tr>
            ))}
            <tr>
              <th scope="row">End to end{timing.isOpen ? ' (so far)' : ''}</th>
              <td className="num">{timing.endToEnd ? `${timing.endToEnd.businessDays} (${timing.endToEnd.calendarDays})` : ''}</td>
              <td />
              <td className="num">{timing.endToEndGoal ?? ''}</td>
              <td>
                <WithinGoal value={timing.isEndToEndWithinGoal} isOpen={timing.isOpen} />
              </td>
            </tr>
            <tr>
              <th scope="row">With the requester (returned; not counted)</th>
              <td className="num">
                {timing.withRequester.businessDays} ({timing.withRequester.calendarDays})
              </td>
              <td className="num">{timing.withRequester.visits || ''}</td>
              <td />
              <td />
            </tr>
          </tbody>
        </table>
      </div>
    </>
  );
}
