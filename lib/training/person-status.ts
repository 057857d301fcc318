// Where one person stands on one module: the rule every training view, CSV, the dashboard panel and
// the activation gate use, so they cannot disagree. Pure: dates in, status out.
//
//   not in the audience, or the module retired    → null (the module is not theirs to take)
//   module not published                          → not yet available (nobody can owe it yet)
//   a counting completion, refresher not yet due  → completed (until the refresher date, if any),
//                                                   or expiring soon within the warning days
//   a counting waiver or exemption                → waived
//   otherwise                                      → owed: due by a date, overdue after it, or
//                                                   not started when the module sets no deadline
//
// A record counts when its version is at least the module's minimum (a new version "required again"
// raises the minimum) and it is dated no later than today. The deadline for someone who never
// completed a counting version is the completion window counted from the later of the day that version
// was published and the day the person joined the roster; for a lapsed completion it is the day the
// refresher fell due.
import { addCalendarDays, addCalendarMonths, type IsoDate } from '@/lib/calendar/dates';
import type { Agency } from '@/lib/domain/offices';
import type { CompletionKind, ModuleAudience, ModuleStatus, PersonStatus } from '@/lib/domain/training';

export interface StatusModule {
  audience: ModuleAudience;
  status: ModuleStatus;
  minimumCompletionVersion: number;
  refresherMonths: number | null;
  completionWindowDays: number | null;
  /** The day the version that counts was first published; null if it never was. */
  requiredSince: IsoDate | null;
}

export interface StatusPerson {
  agency: Agency;
  /** The day the person joined the roster. */
  joinedOn: IsoDate;
}

export interface StatusRecord {
  kind: CompletionKind;
  version: number;
  completedOn: IsoDate;
  reason: string | null;
}

export interface PersonModuleStatus {
  status: PersonStatus;
  /** For due and overdue: the deadline. */
  dueOn: IsoDate | null;
  /** For completed and expiring soon: the day the refresher falls due (null: no refresher). */
  validUntil: IsoDate | null;
  /** The completion or waiver that decides the status, if any. */
  record: StatusRecord | null;
}

export function isInAudience(audience: ModuleAudience, agency: Agency): boolean {
  return audience === 'both' || (audience === 'hsi_agents' ? agency === 'HSI' : agency === 'DEA');
}

export function personModuleStatus(
  module: StatusModule,
  person: StatusPerson,
  records: readonly StatusRecord[],
  today: IsoDate,
  expiringSoonDays: number,
): PersonModuleStatus | null {
  if (!isInAudience(module.audience, person.agency) || module.status === 'retired') return null;
  const none = { dueOn: null, validUntil: null, record: null };
  if (module.status !== 'published' || module.requiredSince === null) return { status: 'not_yet_available', ...none };

  const counting = records.filter((r) => r.version >= module.minimumCompletionVersion && r.completedOn <= today);
  const latest = (kind: CompletionKind) =>
    counting.filter((r) => r.kind === kind).reduce<StatusRecord | null>((best, r) => (best === null || r.completedOn > best.completedOn ? r : best), null);

  const completion = latest('completion');
  const refresherDueOn = completion && module.refresherMonths ? addCalendarMonths(completion.completedOn, module.refresherMonths) : null;
  if (completion && (refresherDueOn === null || today < refresherDueOn)) {
    const isExpiringSoon = refresherDueOn !== null && today >= addCalendarDays(refresherDueOn, -expiringSoonDays);
    return { status: isExpiringSoon ? 'expiring_soon' : 'completed', dueOn: null, validUntil: refresherDueOn, record: completion };
  }

  const waiver = latest('waiver');
  if (waiver) return { status: 'waived', dueOn: null, validUntil: null, record: waiver };

  const dueOn =
    refresherDueOn ??
    (module.completionWindowDays === null
      ? null
      : addCalendarDays(module.requiredSince > person.joinedOn ? module.requiredSince : person.joinedOn, module.completionWindowDays));
  if (dueOn === null) return { status: 'not_started', ...none };
  return { status: today > dueOn ? 'overdue' : 'due', dueOn, validUntil: null, record: completion };
}

/** Whether the status still leaves the module owed (what gates activation). */
export function isOwed(status: PersonModuleStatus | null): boolean {
  return status !== null && (status.status === 'not_started' || status.status === 'due' || status.status === 'overdue');
}
