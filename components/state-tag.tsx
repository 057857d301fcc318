import { STATE_LABELS, type State } from '@/lib/domain/workflow-states';

const TONE: Record<State, string> = {
  draft: '',
  hsi_review: 'tag-review',
  dea_hq_review: 'tag-review',
  division_review: 'tag-review',
  dea_decision: 'tag-review',
  returned: 'tag-returned',
  pending_training: 'tag-review',
  active: 'tag-active',
  denied: 'tag-denied',
  withdrawn: 'tag-ended',
  expired: 'tag-ended',
  rescinded: 'tag-denied',
};

export function StateTag({ state }: { state: State }) {
  return <span className={`tag ${TONE[state]}`}>{STATE_LABELS[state]}</span>;
}
