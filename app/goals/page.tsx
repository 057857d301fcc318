import type { Metadata } from 'next';
import { getDb } from '@/db/client';
import { GoalVersionForm } from '@/components/goal-version-form';
import { can } from '@/lib/auth/permissions';
import { CLOCKED_STAGE_GOALS, GOAL_STAGE_LABELS } from '@/lib/domain/goals';
import { formatDate, formatInstant } from '@/lib/format';
import { listGoalVersions } from '@/lib/timeliness/manage-goals';
import { requirePagePermission } from '@/lib/web/require-permission';

export const metadata: Metadata = { title: 'Timeliness goals' };

export default async function GoalsPage() {
  const actor = await requirePagePermission('timeliness:read', '/goals');
  const versions = listGoalVersions(getDb(), actor);
  return (
    <>
      <h1>Timeliness goals</h1>
      <p className="lead">
        Goals are in business days. Each request is judged by the version in force on the day it was first submitted, so a new version never
        rewrites how earlier requests were judged. Versions are kept forever.
      </p>
      <div className="table-wrap">
        <table>
          <caption>Every goal version</caption>
          <thead>
            <tr>
              <th scope="col">Stage</th>
              <th scope="col" className="num">Business days</th>
              <th scope="col" className="num">At risk from</th>
              <th scope="col">In force from</th>
              <th scope="col">Note</th>
              <th scope="col">Set by</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id}>
                <th scope="row">{GOAL_STAGE_LABELS[v.stage]}</th>
                <td className="num">{v.businessDays}</td>
                <td className="num">{Math.round(v.warningShare * 100)}%</td>
                <td>{formatDate(v.effectiveFrom)}</td>
                <td>{v.note ?? ''}</td>
                <td>
                  {v.createdBy ?? 'Reference data'}, {formatInstant(v.createdAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {can(actor, 'goals:manage') && (
        <>
          <h2>Add a goal version</h2>
          <GoalVersionForm stages={CLOCKED_STAGE_GOALS.map((s) => ({ value: s, label: GOAL_STAGE_LABELS[s] }))} />
        </>
      )}
    </>
  );
}
