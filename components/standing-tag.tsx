import { STANDING_LABELS, type Standing } from '@/lib/timeliness/goals';

const TONE: Record<Standing, string> = { on_track: 'tag-active', at_risk: 'tag-returned', overdue: 'tag-denied' };

export function StandingTag({ standing }: { standing: Standing }) {
  return <span className={`tag ${TONE[standing]}`}>{STANDING_LABELS[standing]}</span>;
}
