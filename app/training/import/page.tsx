import type { Metadata } from 'next';
import { getDb } from '@/db/client';
import { ImportTrainingForm } from '@/components/training-record-forms';
import { ownOfficeCode } from '@/lib/training/training-status';
import { requirePagePermission } from '@/lib/web/require-permission';
import { TrainingNav } from '../training-nav';

export const metadata: Metadata = { title: 'Import completions' };

export default async function ImportTrainingPage() {
  const actor = await requirePagePermission('training:record', '/training/import');
  return (
    <>
      <h1>Import completions</h1>
      <TrainingNav actor={actor} current="import" officeCode={ownOfficeCode(getDb(), actor)} />
      <p className="lead">Upload the learning management system’s export of completions. Every row is checked first: if any row has a problem, nothing is imported and every problem is listed with its line.</p>
      <ul>
        <li>
          Header: <code>badge,module_code,completed_on</code>, optionally followed by <code>,version</code> (blank or missing: the module’s current version).
        </li>
        <li>Dates as YYYY-MM-DD, not in the future. Modules must be published, and each person in the module’s audience.</li>
        <li>Rows already on record are counted and skipped, so importing the same export again changes nothing.</li>
        <li>Approved requests waiting for training become active as soon as their agent’s last required completion is imported.</li>
      </ul>
      <ImportTrainingForm />
    </>
  );
}
