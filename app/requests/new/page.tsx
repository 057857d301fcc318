import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import { getDb } from '@/db/client';
import { NewRequestForm } from '@/components/new-request-form';
import { getAgent } from '@/lib/agents/list-agents';
import { can } from '@/lib/auth/permissions';
import { listOffices } from '@/lib/offices/list-offices';
import { MAX_AGENTS_PER_SUBMISSION } from '@/lib/validation/request-input';
import { idSchema } from '@/lib/validation/transition-input';
import { requirePageActor } from '@/lib/web/page-actor';
import { firstValues } from '@/lib/web/search-params';

export const metadata: Metadata = { title: 'Propose agents' };

export default async function NewRequestPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageActor('/requests/new');
  if (!can(actor, 'request:create')) {
    return (
      <>
        <h1>Propose agents</h1>
        <p>Only HSI field supervisors propose agents for cross-designation.</p>
      </>
    );
  }
  const params = firstValues(await searchParams);
  const db = getDb();
  const renewalId = idSchema.safeParse(params.renew);
  const agent = renewalId.success ? getAgent(db, actor, renewalId.data) : null;
  return (
    <>
      <h1>Propose agents for Title 21 cross-designation</h1>
      <p className="lead">One request is made for each agent. You can check your answers before anything is sent.</p>
      <NewRequestForm
        // A fresh key for each form shown: posting it twice creates the requests once.
        submissionKey={randomUUID()}
        divisions={listOffices(db, 'division')}
        maxAgents={MAX_AGENTS_PER_SUBMISSION}
        initial={{
          kind: agent ? 'renewal' : 'initial',
          deaDivisionId: '',
          borderNexus: '',
          agents: agent ? [{ name: agent.name, badge: agent.badge, dutyStation: agent.dutyStation }] : [],
        }}
      />
    </>
  );
}
