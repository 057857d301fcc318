// One load user on one autocannon connection: their session cookie on every request, and the steps of
// a working day for their role, over and over. Reading dominates: the inbox and request pages most,
// the list with the filters their role uses, the dashboard now and then for those it is open to, and
// for supervisors one new proposal in twelve steps, sent to the JSON route as a script would, each
// with a new agent (so it is valid and writes) and its own Idempotency-Key.
import type autocannon from 'autocannon';
import { DEMO_FIRST_NAMES, DEMO_LAST_NAMES } from '@/lib/demo/names';
import type { LoadKind, LoadRecorder } from './load-record';
import type { UserTargets } from './load-targets';
import type { LoadRole, LoadUser } from './load-users';

// Twelve steps per role, in the order a person might take them.
export const CYCLES: Record<LoadRole, LoadKind[]> = {
  supervisor: ['inbox', 'detail', 'list', 'detail', 'inbox', 'detail', 'submit', 'detail', 'list', 'inbox', 'detail', 'list'],
  hsi_hq: ['inbox', 'detail', 'detail', 'list', 'inbox', 'detail', 'dashboard', 'inbox', 'detail', 'list', 'inbox', 'list'],
  dea_hq: ['inbox', 'detail', 'detail', 'list', 'inbox', 'detail', 'dashboard', 'inbox', 'detail', 'list', 'inbox', 'list'],
  dea_division: ['inbox', 'detail', 'list', 'detail', 'inbox', 'detail', 'dashboard', 'inbox', 'detail', 'list', 'inbox', 'detail'],
  auditor: ['dashboard', 'list', 'detail', 'detail', 'list', 'detail', 'list', 'detail', 'dashboard', 'inbox', 'list', 'detail'],
};

const BORDER_NEXUS =
  'Assigned to a task force investigating fentanyl and methamphetamine smuggled through the nearest port of entry in commercial vehicles.';

interface InFlight {
  kind: LoadKind;
  method: 'GET' | 'POST';
  path: string;
}

type ClientEvents = NodeJS.EventEmitter;

export class UserLoad {
  private readonly turn = new Map<LoadKind, number>();
  private submissions = 0;
  /** The request a supervisor just proposed: the next request page they open. */
  private justCreated: number | null = null;
  private inFlight: InFlight | null = null;
  /** The request before inFlight: autocannon reconnects and sends the next request before it
   * reports a timeout, so a timeout belongs to this one. */
  private previous: InFlight | null = null;
  private last: { status: number; body: string; location: string } | null = null;

  constructor(
    readonly user: LoadUser,
    private readonly targets: UserTargets,
    private readonly cookie: string,
    /** Distinguishes this run's badges and keys from any earlier run's on the same copy. */
    private readonly runTag: string,
  ) {}

  private next<T>(kind: LoadKind, items: readonly T[]): T {
    const n = this.turn.get(kind) ?? 0;
    this.turn.set(kind, n + 1);
    return items[n % items.length]!;
  }

  private pathFor(kind: Exclude<LoadKind, 'submit'>): string {
    switch (kind) {
      case 'inbox':
        return '/inbox';
      case 'list':
        return this.next(kind, this.targets.listPaths);
      case 'dashboard':
        return this.next(kind, this.targets.dashboardPaths);
      case 'detail': {
        const id = this.justCreated ?? this.next(kind, this.targets.detailIds);
        this.justCreated = null;
        return `/requests/${id}`;
      }
    }
  }

  private proposal(): { body: string; key: string } {
    const n = (this.submissions += 1);
    const { deaDivisionId, dutyStation } = this.targets.proposal!;
    const tag = `${this.runTag}-${String(this.user.index).padStart(2, '0')}-${String(n).padStart(4, '0')}`;
    const first = DEMO_FIRST_NAMES[(this.user.index * 7 + n) % DEMO_FIRST_NAMES.length]!;
    const last = DEMO_LAST_NAMES[(this.user.index * 13 + n * 3) % DEMO_LAST_NAMES.length]!;
    const body = { kind: 'initial', deaDivisionId, borderNexus: BORDER_NEXUS, agents: [{ name: `${first} ${last}`, badge: `LD${tag}`, dutyStation }] };
    return { body: JSON.stringify(body), key: `load-${tag}` };
  }

  /** The user's steps as autocannon requests, starting part way through the cycle so that the
   * connections do not all open a dashboard at the same moment. */
  requests(): autocannon.Request[] {
    const cycle = CYCLES[this.user.role].filter((k) => k !== 'dashboard' || this.targets.dashboardPaths.length > 0);
    const start = this.user.index % cycle.length;
    const ordered = [...cycle.slice(start), ...cycle.slice(0, start)];
    return ordered.map((kind) => ({
      method: kind === 'submit' ? 'POST' : 'GET',
      setupRequest: (request: autocannon.Request) => {
        if (kind === 'submit') {
          const { body, key } = this.proposal();
          this.sending({ kind, method: 'POST', path: '/api/requests' });
          return { ...request, path: '/api/requests', body, headers: { cookie: this.cookie, 'content-type': 'application/json', 'idempotency-key': key } };
        }
        const path = this.pathFor(kind);
        this.sending({ kind, method: 'GET', path });
        return { ...request, path, headers: { cookie: this.cookie } };
      },
      onResponse: (status: number, body: string, _context: object, headers?: Record<string, string | string[] | undefined>) => {
        const location = headers?.location ?? headers?.Location;
        this.last = { status, body, location: Array.isArray(location) ? location.join(', ') : (location ?? '') };
        if (kind === 'submit' && status === 201) {
          const created = (JSON.parse(body) as { requests?: { id: number }[] }).requests?.[0];
          if (created) this.justCreated = created.id;
        }
      },
    }));
  }

  private sending(request: InFlight): void {
    this.previous = this.inFlight;
    this.inFlight = request;
  }

  private describe(what: string, f = this.inFlight): string {
    return `${f ? `${f.method} ${f.path}` : 'a request'} as ${this.user.email} (${this.user.role}): ${what}`;
  }

  /** Gives a connection its user and records what comes back on it. */
  attach(client: autocannon.Client, recorder: () => LoadRecorder): void {
    client.setRequests(this.requests());
    client.on('response', (status: number, _bytes: number, ms: number) => {
      const kind = this.inFlight?.kind ?? 'inbox';
      recorder().response(kind, status, ms, () => {
        const last = this.last;
        const detail = last?.location ? `to ${last.location}` : (last?.body ?? '').replace(/\s+/g, ' ').slice(0, 160);
        return this.describe(`${status} ${detail}`);
      });
    });
    // Not in autocannon's typings, but emitted by its client (lib/httpClient.js): a request that got
    // no answer within the timeout, and a socket that failed.
    (client as ClientEvents).on('timeout', () => recorder().timeout(this.previous?.kind ?? null, () => this.describe('no answer within the timeout', this.previous)));
    (client as ClientEvents).on('connError', (error: Error) => recorder().socketError(this.inFlight?.kind ?? null, () => this.describe(`socket error ${error.message}`)));
  }
}
