// One person's standing on one module, as a tag with its date: "Due by 12 Jan 2027", "Completed,
// until 3 Mar 2027", "Overdue since 1 Oct 2026".
import type { PersonStatus } from '@/lib/domain/training';
import { PERSON_STATUS_LABELS } from '@/lib/domain/training';
import { formatDate } from '@/lib/format';
import type { PersonModuleStatus } from '@/lib/training/person-status';

const TONE: Record<PersonStatus, string> = {
  not_yet_available: 'tag-ended',
  not_started: 'tag-returned',
  due: 'tag-review',
  overdue: 'tag-denied',
  completed: 'tag-active',
  expiring_soon: 'tag-returned',
  waived: 'tag-active',
};

export function trainingStatusText(s: PersonModuleStatus): string {
  switch (s.status) {
    case 'due':
      return `Due by ${formatDate(s.dueOn!)}`;
    case 'overdue':
      return `Overdue since ${formatDate(s.dueOn!)}`;
    case 'completed':
      return s.validUntil ? `Completed, until ${formatDate(s.validUntil)}` : `Completed ${formatDate(s.record!.completedOn)}`;
    case 'expiring_soon':
      return `Expiring ${formatDate(s.validUntil!)}`;
    case 'waived':
      return `Waived ${formatDate(s.record!.completedOn)}`;
    default:
      return PERSON_STATUS_LABELS[s.status];
  }
}

export function TrainingStatusTag({ status }: { status: PersonModuleStatus | undefined }) {
  if (!status) return <span className="muted">Not required</span>;
  return <span className={`tag ${TONE[status.status]}`}>{trainingStatusText(status)}</span>;
}
