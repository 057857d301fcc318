import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { PrintButton } from '@/components/dashboard/print-button';
import { SortableTable, type Column } from '@/components/dashboard/sortable-table';
import { TrendChart } from '@/components/dashboard/trend-chart';
import { ErrorSummary } from '@/components/error-summary';
import { Field } from '@/components/field';
import { OpenStatusCells } from '@/components/request-table';
import { GOAL_STAGE_LABELS } from '@/lib/domain/goals';
import { STATE_LABELS, KIND_LABELS, REQUEST_KINDS } from '@/lib/domain/workflow-states';
import { formatDate, formatInstant } from '@/lib/format';
import { listOffices } from '@/lib/offices/list-offices';
import { AGING_LIMIT, dashboardData, fiscalYearChoices, type GroupFigures } from '@/lib/timeliness/dashboard';
import { MODULE_STATUS_LABELS } from '@/lib/domain/training';
import { trainingPanel } from '@/lib/training/training-status';
import { loadOrProblem } from '@/lib/web/load-or-problem';
import { requirePagePermission } from '@/lib/web/require-permission';
import { firstValues } from '@/lib/web/search-params';
import { officeOptions, SelectField } from '@/components/select-field';

export const metadata: Metadata = { title: 'Timeliness dashboard' };

const GROUP_COLUMNS = (name: string): Column[] => [
  { key: 'name', label: name },
  { key: 'decided', label: 'Decided', isNumeric: true },
  { key: 'p50', label: 'Median days', isNumeric: true },
  { key: 'p90', label: '90th percentile', isNumeric: true },
  { key: 'withinGoalPct', label: 'Within goal %', isNumeric: true },
  { key: 'open', label: 'Open', isNumeric: true },
  { key: 'overdue', label: 'Overdue now', isNumeric: true },
];

const groupRows = (rows: GroupFigures[]) => rows.map((r) => ({ ...r, withinGoalPct: r.withinGoalPct === null ? null : r.withinGoalPct.toFixed(1) }));
// A file download, not a page: a plain link.
const TRAINING_CSV = '/training/csv/modules';
const pct = (value: number | null) => (value === null ? '–' : `${value.toFixed(1)}%`);
const num = (value: number | null) => (value === null ? '–' : String(value));

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePagePermission('timeliness:read', '/dashboard');
  const params = firstValues(await searchParams);
  const db = getDb();
  const { result: data, problem } = loadOrProblem(() => dashboardData(db, actor, params));
  const training = trainingPanel(db, actor);
  const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  const csv = (table: string) => `/dashboard/csv/${table}${query ? `?${query}` : ''}`;

  return (
    <>
      <h1>Timeliness dashboard</h1>
      <p className="lead">Processing times of cross-designation requests against the goals, computed from every step’s recorded time.</p>
      {problem && <ErrorSummary message={problem.message} fieldErrors={problem.fieldErrors} />}
      <form className="filters" method="get" aria-label="Dashboard filters">
        <Field name="fy" label="Fiscal year" errors={problem?.fieldErrors.fy}>
          {(p) => (
            <select {...p} defaultValue={params.fy ?? ''}>
              <option value="">Current</option>
              {fiscalYearChoices().map((fy) => (
                <option key={fy} value={fy}>
                  FY{fy}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="from" label="Or from" errors={problem?.fieldErrors.from}>
          {(p) => <input {...p} type="date" defaultValue={params.from ?? ''} />}
        </Field>
        <Field name="to" label="to" errors={problem?.fieldErrors.to}>
          {(p) => <input {...p} type="date" defaultValue={params.to ?? ''} />}
        </Field>
        <SelectField name="office" label="HSI office" placeholder="All offices" value={params.office} options={officeOptions(listOffices(db, 'field_office', { includeInactive: true }))} />
        <SelectField name="division" label="DEA division" placeholder="All divisions" value={params.division} options={officeOptions(listOffices(db, 'division', { includeInactive: true }))} />
        <SelectField name="kind" label="Kind" placeholder="All kinds" value={params.kind} options={REQUEST_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))} errors={problem?.fieldErrors.kind} />
        <Field name="activeOn" label="Active designations on" errors={problem?.fieldErrors.activeOn}>
          {(p) => <input {...p} type="date" defaultValue={params.activeOn ?? ''} />}
        </Field>
        <button type="submit">Apply</button>
      </form>

      {data && (
        <>
          <section className="status-report" aria-labelledby="status-heading">
            <h2 id="status-heading">Status of the timeliness recommendation (GAO-25-107839)</h2>
            <p>
              <strong>Goals set.</strong>{' '}
              {data.goals.map((g, i) => (
                <span key={g.stage}>
                  {GOAL_STAGE_LABELS[g.stage]} {num(g.businessDays)} business days{g.effectiveFrom ? ` (since ${formatDate(g.effectiveFrom)})` : ''}
                  {i < data.goals.length - 1 ? '; ' : '. '}
                </span>
              ))}
              {data.goals.some((g) => g.note?.startsWith('Proposed')) && 'These are proposed goals; no official goals have been adopted. '}
              Open work is at risk from {Math.round((data.goals[0]?.warningShare ?? 0.8) * 100)}% of its goal.
            </p>
            <p>
              <strong>Data collected.</strong> {data.headline.decided.toLocaleString('en-US')} requests decided in {data.period.label}, every step timestamped;{' '}
              {data.headline.open.toLocaleString('en-US')} open now.
            </p>
            <p>
              <strong>Performance.</strong> Median {num(data.headline.endToEndP50)} and 90th percentile {num(data.headline.endToEndP90)} business days end to end;{' '}
              {pct(data.headline.withinGoalPct)} decided within the end-to-end goal; {data.headline.overdueNow.toLocaleString('en-US')} open requests overdue in their current stage.
            </p>
            <p>
              <strong>Training (recommendations on the two modules).</strong> {training.filter((t) => t.isFinalised).length} of {training.length} modules published;{' '}
              {training.reduce((n, t) => n + t.openDisputes, 0)} content {training.reduce((n, t) => n + t.openDisputes, 0) === 1 ? 'dispute' : 'disputes'} open
              {training.some((t) => t.oldestOpenDisputeDays !== null) && `, the oldest for ${Math.max(...training.map((t) => t.oldestOpenDisputeDays ?? 0)).toLocaleString('en-US')} days`}.
            </p>
            <div className="button-row no-print">
              <PrintButton />
            </div>
          </section>

          <h2>Headline figures</h2>
          <dl className="figures">
            <div>
              <dt>Open requests</dt>
              <dd>{data.headline.open.toLocaleString('en-US')}</dd>
            </div>
            <div>
              <dt>Overdue now</dt>
              <dd>{data.headline.overdueNow.toLocaleString('en-US')}</dd>
            </div>
            <div>
              <dt>Median end to end</dt>
              <dd>{num(data.headline.endToEndP50)} business days</dd>
            </div>
            <div>
              <dt>90th percentile end to end</dt>
              <dd>{num(data.headline.endToEndP90)} business days</dd>
            </div>
            <div>
              <dt>Decided within goal</dt>
              <dd>{pct(data.headline.withinGoalPct)}</dd>
            </div>
            <div>
              <dt>Designations granted</dt>
              <dd>{data.headline.granted.toLocaleString('en-US')}</dd>
            </div>
            <div>
              <dt>Denials</dt>
              <dd>{data.headline.denied.toLocaleString('en-US')}</dd>
            </div>
            <div>
              <dt>Active designations on {formatDate(data.headline.activeOn)}</dt>
              <dd>{data.headline.activeDesignations.toLocaleString('en-US')}</dd>
            </div>
          </dl>

          <h2>By stage</h2>
          <div className="table-wrap">
            <table>
              <caption>Business days per stage, requests decided in {data.period.label}</caption>
              <thead>
                <tr>
                  <th scope="col">Stage</th>
                  <th scope="col" className="num">Requests</th>
                  <th scope="col" className="num">Median</th>
                  <th scope="col" className="num">90th percentile</th>
                  <th scope="col" className="num">Longest</th>
                  <th scope="col" className="num">Goal</th>
                  <th scope="col" className="num">Within goal</th>
                </tr>
              </thead>
              <tbody>
                {data.stages.map((s) => (
                  <tr key={s.stage}>
                    <th scope="row">{GOAL_STAGE_LABELS[s.stage]}</th>
                    <td className="num">{s.n.toLocaleString('en-US')}</td>
                    <td className="num">{num(s.p50)}</td>
                    <td className="num">{num(s.p90)}</td>
                    <td className="num">{num(s.max)}</td>
                    <td className="num">{num(s.goal)}</td>
                    <td className="num">{pct(s.withinGoalPct)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="no-print">
            <a href={csv('stages')}>Download the stage table (CSV)</a>
          </p>
          <p>
            <strong>Waiting for training after approval</strong> (not part of end to end, which stops at approval):{' '}
            {data.pendingTraining.n === 0
              ? 'no request decided in the period waited for training'
              : `${data.pendingTraining.n.toLocaleString('en-US')} ${data.pendingTraining.n === 1 ? 'request' : 'requests'} waited; median ${num(data.pendingTraining.p50)}, 90th percentile ${num(data.pendingTraining.p90)}, longest ${num(data.pendingTraining.max)} business days from approval to activation`}
            ; {data.pendingTraining.waitingNow.toLocaleString('en-US')} approved {data.pendingTraining.waitingNow === 1 ? 'request is' : 'requests are'} waiting now.{' '}
            <a href={csv('pending_training')} className="no-print">
              Download (CSV)
            </a>
          </p>

          <h2>Training modules</h2>
          <div className="table-wrap">
            <table>
              <caption>Each module: published or not and since when, content disputes open, and the share of its audience trained today</caption>
              <thead>
                <tr>
                  <th scope="col">Module</th>
                  <th scope="col">Status</th>
                  <th scope="col">Since</th>
                  <th scope="col" className="num">Days unpublished</th>
                  <th scope="col" className="num">Disputes open</th>
                  <th scope="col" className="num">Oldest open dispute (days)</th>
                  <th scope="col" className="num">Audience</th>
                  <th scope="col" className="num">Trained</th>
                  <th scope="col" className="num">Waived</th>
                  <th scope="col" className="num">Share trained</th>
                </tr>
              </thead>
              <tbody>
                {training.map((t) => (
                  <tr key={t.id}>
                    <th scope="row">
                      <Link href={`/training/${encodeURIComponent(t.code)}`}>{t.title}</Link>
                    </th>
                    <td>{t.isFinalised ? MODULE_STATUS_LABELS[t.status] : `Not finalised (${MODULE_STATUS_LABELS[t.status].toLowerCase()})`}</td>
                    <td>{t.since ? formatDate(t.since) : '–'}</td>
                    <td className="num">{num(t.daysUnfinalised)}</td>
                    <td className="num">{t.openDisputes}</td>
                    <td className="num">{num(t.oldestOpenDisputeDays)}</td>
                    <td className="num">{t.audience.toLocaleString('en-US')}</td>
                    <td className="num">{t.trainedPct === null ? '–' : t.trained.toLocaleString('en-US')}</td>
                    <td className="num">{t.trainedPct === null ? '–' : t.waived.toLocaleString('en-US')}</td>
                    <td className="num">{pct(t.trainedPct)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="no-print">
            <a href={TRAINING_CSV} download>Download the training table (CSV)</a> · <Link href="/training/offices">Who owes what, by office</Link>
          </p>

          <h2>Trends by month of decision</h2>
          <div className="layout-2 no-print-break">
            <TrendChart
              data={data.trends.map((t) => ({ month: t.month, p50: t.p50, p90: t.p90 }))}
              series={[
                { key: 'p50', label: 'Median', color: '#005ea2' },
                { key: 'p90', label: '90th percentile', color: '#b50909' },
              ]}
              unit=""
              label="Chart of the median and 90th percentile end-to-end business days by month; the figures are in the table below."
            />
            <TrendChart data={data.trends.map((t) => ({ month: t.month, within: t.withinGoalPct }))} series={[{ key: 'within', label: 'Within goal %', color: '#00a91c' }]} unit="%" label="Chart of the share decided within the end-to-end goal by month; the figures are in the table below." />
          </div>
          <div className="table-wrap">
            <table>
              <caption>End-to-end business days and share within goal, by month of decision</caption>
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col" className="num">Decided</th>
                  <th scope="col" className="num">Median</th>
                  <th scope="col" className="num">90th percentile</th>
                  <th scope="col" className="num">Within goal</th>
                </tr>
              </thead>
              <tbody>
                {data.trends.map((t) => (
                  <tr key={t.month}>
                    <th scope="row">{t.month}</th>
                    <td className="num">{t.decided}</td>
                    <td className="num">{num(t.p50)}</td>
                    <td className="num">{num(t.p90)}</td>
                    <td className="num">{pct(t.withinGoalPct)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="no-print">
            <a href={csv('trends')}>Download the trends (CSV)</a>
          </p>

          <h2>By HSI office</h2>
          <SortableTable caption="End-to-end business days by HSI office (select a heading to sort)" columns={GROUP_COLUMNS('HSI office')} rows={groupRows(data.byOffice)} initialKey="name" />
          <p className="no-print">
            <a href={csv('offices')}>Download by office (CSV)</a>
          </p>

          <h2>By DEA division</h2>
          <SortableTable caption="End-to-end business days by DEA division (select a heading to sort)" columns={GROUP_COLUMNS('DEA division')} rows={groupRows(data.byDivision)} initialKey="name" />
          <p className="no-print">
            <a href={csv('divisions')}>Download by division (CSV)</a>
          </p>

          <h2>Open requests, oldest first</h2>
          <p>
            {data.aging.length.toLocaleString('en-US')} open{data.aging.length > AGING_LIMIT ? `; the oldest ${AGING_LIMIT} are shown here, and the download lists all ${data.aging.length.toLocaleString('en-US')}` : ''}.
          </p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Open requests, oldest first</caption>
              <thead>
                <tr>
                  <th scope="col">Reference</th>
                  <th scope="col">Agent</th>
                  <th scope="col">HSI office</th>
                  <th scope="col">DEA division</th>
                  <th scope="col">First submitted</th>
                  <th scope="col">Stage</th>
                  <th scope="col" className="num">Business days in stage</th>
                  <th scope="col">Due</th>
                  <th scope="col">Against goal</th>
                </tr>
              </thead>
              <tbody>
                {data.aging.slice(0, AGING_LIMIT).map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Link href={`/requests/${r.id}`}>{r.ref}</Link>
                    </td>
                    <td>{r.agentName}</td>
                    <td>{r.officeName}</td>
                    <td>{r.divisionName}</td>
                    <td>{r.firstSubmittedAt ? formatInstant(r.firstSubmittedAt) : ''}</td>
                    <td>{STATE_LABELS[r.status.state]}</td>
                    <OpenStatusCells status={r.status} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="no-print">
            <a href={csv('aging')}>Download the open requests (CSV)</a>
          </p>
        </>
      )}
    </>
  );
}
