// The header every signed-in page shows: navigation offered by role (the pages themselves check again).
import { getDb } from '@/db/client';
import type { UserActor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/permissions';
import { ROLE_LABELS } from '@/lib/domain/roles';
import { inboxCount } from '@/lib/requests/inbox';
import { SignOutButton } from './sign-out-button';
import { SiteNav, type NavItem } from './site-nav';

export function SiteHeader({ actor }: { actor: UserActor | null }) {
  const items: NavItem[] = [];
  if (actor) {
    const waiting = inboxCount(getDb(), actor);
    items.push({ href: '/inbox', label: 'Needs my action', count: waiting });
    items.push({ href: '/requests', label: 'Requests' });
    if (can(actor, 'request:create')) items.push({ href: '/requests/new', label: 'Propose agents' });
    items.push({ href: '/agents', label: 'Agents' });
    if (can(actor, 'timeliness:read')) items.push({ href: '/dashboard', label: 'Dashboard' });
    if (can(actor, 'timeliness:read')) items.push({ href: '/goals', label: 'Goals' });
    if (can(actor, 'training:read')) items.push({ href: '/training', label: 'Training' });
    if (can(actor, 'user:manage')) items.push({ href: '/admin/users', label: 'Users' });
    if (can(actor, 'office:manage')) items.push({ href: '/admin/offices', label: 'Offices' });
    if (can(actor, 'audit:read')) items.push({ href: '/audit', label: 'Audit trail' });
  }
  return (
    <header className="site-header">
      <div className="inner">
        <a className="brand" href={actor ? '/inbox' : '/sign-in'}>
          T21 Tracker
        </a>
        {actor && <SiteNav items={items} />}
        {actor && (
          <div className="user-box">
            <span>
              {actor.name} <span className="role">({ROLE_LABELS[actor.role]})</span>
            </span>
            <SignOutButton />
          </div>
        )}
      </div>
    </header>
  );
}
