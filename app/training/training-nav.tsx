// The training section's own links: modules, who owes what, and (for those who record) the LMS upload.
import Link from 'next/link';
import type { UserActor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/permissions';

export function TrainingNav({ actor, current, officeCode }: { actor: UserActor; current: 'modules' | 'owed' | 'import'; officeCode: string | null }) {
  const owedHref = actor.role === 'supervisor' && officeCode ? `/training/offices/${encodeURIComponent(officeCode)}` : '/training/offices';
  const links = [
    { key: 'modules', href: '/training', label: 'Modules' },
    { key: 'owed', href: owedHref, label: actor.role === 'supervisor' ? 'What your agents owe' : 'Who owes what' },
    ...(can(actor, 'training:record') ? [{ key: 'import', href: '/training/import', label: 'Import completions' }] : []),
  ];
  return (
    <nav aria-label="Training" className="subnav">
      <ul>
        {links.map((l) => (
          <li key={l.key}>
            <Link href={l.href} aria-current={current === l.key ? 'page' : undefined}>
              {l.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
