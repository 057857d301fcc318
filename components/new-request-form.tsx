'use client';

// Propose one or more agents: fill in, check your answers (the server runs every check and writes
// nothing), then submit to HSI headquarters or save as drafts. What was typed is kept at every step.
import { startTransition, useActionState, useState, type FormEvent } from 'react';
import { checkRequestsAction, createRequestsAction } from '@/app/requests/actions';
import { KIND_LABELS, REQUEST_KINDS, type RequestKind } from '@/lib/domain/workflow-states';
import { IDLE, type FormState } from '@/lib/web/form-state';
import { ErrorSummary } from './error-summary';
import { Field } from './field';
import { OfficeOptions } from './office-options';

export interface AgentDraft {
  name: string;
  badge: string;
  dutyStation: string;
}

export interface NewRequestFormProps {
  submissionKey: string;
  divisions: { id: number; name: string }[];
  initial: { kind: RequestKind; deaDivisionId: string; borderNexus: string; agents: AgentDraft[] };
  maxAgents: number;
}

const EMPTY_AGENT: AgentDraft = { name: '', badge: '', dutyStation: '' };

const FIELD_LABELS = (count: number): Record<string, string> => {
  const labels: Record<string, string> = { kind: 'Kind', deaDivisionId: 'DEA division', borderNexus: 'Border nexus', agents: 'Agents' };
  for (let i = 0; i < count; i += 1) {
    labels[`agents.${i}.name`] = `Agent ${i + 1} name`;
    labels[`agents.${i}.badge`] = `Agent ${i + 1} badge`;
    labels[`agents.${i}.dutyStation`] = `Agent ${i + 1} duty station`;
  }
  return labels;
};

function HiddenValues({ values }: { values: NewRequestFormProps['initial'] & { submissionKey: string } }) {
  return (
    <>
      <input type="hidden" name="submissionKey" value={values.submissionKey} />
      <input type="hidden" name="kind" value={values.kind} />
      <input type="hidden" name="deaDivisionId" value={values.deaDivisionId} />
      <input type="hidden" name="borderNexus" value={values.borderNexus} />
      <input type="hidden" name="agentCount" value={values.agents.length} />
      {values.agents.map((a, i) => (
        <span key={i}>
          <input type="hidden" name={`agents.${i}.name`} value={a.name} />
          <input type="hidden" name={`agents.${i}.badge`} value={a.badge} />
          <input type="hidden" name={`agents.${i}.dutyStation`} value={a.dutyStation} />
        </span>
      ))}
    </>
  );
}

export function NewRequestForm({ submissionKey, divisions, initial, maxAgents }: NewRequestFormProps) {
  const [kind, setKind] = useState<RequestKind>(initial.kind);
  const [deaDivisionId, setDivision] = useState(initial.deaDivisionId);
  const [borderNexus, setNexus] = useState(initial.borderNexus);
  const [agents, setAgents] = useState<AgentDraft[]>(initial.agents.length ? initial.agents : [EMPTY_AGENT]);
  const [step, setStep] = useState<'form' | 'check'>('form');

  const [checkState, checkAction, isChecking] = useActionState(async (previous: FormState, formData: FormData) => {
    const result = await checkRequestsAction(previous, formData);
    if (result.status === 'ok') setStep('check');
    return result;
  }, IDLE);
  const [createState, createAction, isCreating] = useActionState(async (previous: FormState, formData: FormData) => {
    const result = await createRequestsAction(previous, formData);
    // A problem found only at submission (another supervisor proposed the same agent meanwhile):
    // back to the form, with the problem next to its field.
    if (result.status === 'error') setStep('form');
    return result;
  }, IDLE);

  const problem = createState.status === 'error' ? createState : checkState.status === 'error' ? checkState : null;
  const errors = problem?.fieldErrors ?? {};
  const values = { submissionKey, kind, deaDivisionId, borderNexus, agents };
  const divisionName = divisions.find((d) => String(d.id) === deaDivisionId)?.name ?? '';

  const setAgent = (index: number, field: keyof AgentDraft, value: string) =>
    setAgents((list) => list.map((a, i) => (i === index ? { ...a, [field]: value } : a)));

  if (step === 'check') {
    return (
      <>
        <h2>Check your answers</h2>
        <p>
          {agents.length === 1 ? 'One request' : `${agents.length} requests, one for each agent,`} will be created. Submitting sends{' '}
          {agents.length === 1 ? 'it' : 'them'} to HSI headquarters for endorsement.
        </p>
        <dl className="summary-list">
          <dt>Kind</dt>
          <dd>{KIND_LABELS[kind]}</dd>
          <dt>DEA division</dt>
          <dd>{divisionName}</dd>
          <dt>Border nexus</dt>
          <dd>{borderNexus}</dd>
        </dl>
        <table>
          <caption>Agents proposed</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Badge</th>
              <th scope="col">Duty station</th>
            </tr>
          </thead>
          <tbody>
            {agents.map((a, i) => (
              <tr key={i}>
                <td>{a.name}</td>
                <td>{a.badge.toUpperCase()}</td>
                <td>{a.dutyStation}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <form action={createAction}>
          <HiddenValues values={values} />
          <div className="button-row">
            <button type="submit" name="intent" value="submit" disabled={isCreating}>
              {isCreating ? 'Submitting…' : 'Submit to HSI HQ'}
            </button>
            <button type="submit" name="intent" value="draft" className="button-secondary" disabled={isCreating}>
              Save as {agents.length === 1 ? 'draft' : 'drafts'}
            </button>
            <button type="button" className="button-link" onClick={() => setStep('form')}>
              Change your answers
            </button>
          </div>
        </form>
      </>
    );
  }

  // Dispatched from onSubmit, not the form's action prop: React resets a form after an action, and
  // that reset unchecks the controlled radio and clears the controlled select (react#30580), so a
  // rejected check came back without the kind and division the supervisor had chosen.
  const onCheck = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => checkAction(data));
  };

  return (
    <form onSubmit={onCheck} noValidate>
      {problem && <ErrorSummary message={problem.message} fieldErrors={problem.fieldErrors} labels={FIELD_LABELS(agents.length)} />}
      <input type="hidden" name="submissionKey" value={submissionKey} />
      <input type="hidden" name="agentCount" value={agents.length} />
      <fieldset>
        <legend className="label">Kind of request</legend>
        {errors.kind && <span className="error-message">{errors.kind.join(' ')}</span>}
        {REQUEST_KINDS.map((k) => (
          <div className="checkbox" key={k}>
            <input type="radio" id={`kind-${k}`} name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
            <label htmlFor={`kind-${k}`}>{k === 'initial' ? 'Initial designation' : 'Renewal of a designation that is ending or has ended'}</label>
          </div>
        ))}
      </fieldset>
      <Field name="deaDivisionId" label="DEA division where the agents will work" errors={errors.deaDivisionId}>
        {(p) => (
          <select {...p} value={deaDivisionId} onChange={(e) => setDivision(e.target.value)}>
            <option value="">Choose a division</option>
            <OfficeOptions offices={divisions} />
          </select>
        )}
      </Field>
      <Field
        name="borderNexus"
        label="Border nexus"
        hint="The smuggling across the U.S. border or through a port of entry that these agents will investigate. The 2009 agreement limits the authority to such cases."
        errors={errors.borderNexus}
      >
        {(p) => <textarea {...p} rows={4} value={borderNexus} onChange={(e) => setNexus(e.target.value)} />}
      </Field>
      <h2>Agents</h2>
      {errors.agents && <p className="error-message">{errors.agents.join(' ')}</p>}
      {agents.map((agent, i) => (
        <fieldset className="agent-fieldset" key={i}>
          <legend>Agent {i + 1}</legend>
          <Field name={`agents.${i}.name`} label="Full name" errors={errors[`agents.${i}.name`]}>
            {(p) => <input {...p} type="text" autoComplete="off" value={agent.name} onChange={(e) => setAgent(i, 'name', e.target.value)} />}
          </Field>
          <Field name={`agents.${i}.badge`} label="Badge or employee number" hint="3 to 20 letters, digits or hyphens" errors={errors[`agents.${i}.badge`]}>
            {(p) => <input {...p} type="text" autoComplete="off" spellCheck={false} value={agent.badge} onChange={(e) => setAgent(i, 'badge', e.target.value)} />}
          </Field>
          <Field name={`agents.${i}.dutyStation`} label="Duty station" errors={errors[`agents.${i}.dutyStation`]}>
            {(p) => <input {...p} type="text" value={agent.dutyStation} onChange={(e) => setAgent(i, 'dutyStation', e.target.value)} />}
          </Field>
          {agents.length > 1 && (
            <button type="button" className="button-link" onClick={() => setAgents((list) => list.filter((_, j) => j !== i))}>
              Remove agent {i + 1}
            </button>
          )}
        </fieldset>
      ))}
      <div className="button-row">
        {agents.length < maxAgents && (
          <button type="button" className="button-secondary" onClick={() => setAgents((list) => [...list, EMPTY_AGENT])}>
            Add another agent
          </button>
        )}
        <button type="submit" disabled={isChecking}>
          {isChecking ? 'Checking…' : 'Continue'}
        </button>
      </div>
    </form>
  );
}
