// What the load saw, response by response: autocannon keeps one latency histogram for everything, but
// the question is also which kind of page is slow, so each response is recorded here with its
// kind. Anything but a 2xx is an error: a 3xx means the session was lost (the pages redirect to the
// sign-in page), a 404 a page the user should have been able to open, a 503 a database busy past its
// timeout. Timeouts and socket errors have no status and count too.
import { nearestRank } from '@/lib/timeliness/percentile';

export const LOAD_KINDS = ['inbox', 'list', 'detail', 'dashboard', 'submit'] as const;
export type LoadKind = (typeof LOAD_KINDS)[number];

export interface LatencySummary {
  count: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface KindResult {
  requests: number;
  errors: number;
  latency: LatencySummary;
}

export interface LoadErrors {
  total: number;
  /** Responses other than 2xx, by status. */
  byStatus: Record<string, number>;
  timeouts: number;
  socketErrors: number;
  /** The first occurrence of each distinct kind of error, with how often it happened. */
  samples: string[];
}

const MAX_SAMPLES = 10;
const round = (v: number) => Math.round(v * 10) / 10;

export function summariseLatency(samplesMs: readonly number[]): LatencySummary {
  if (samplesMs.length === 0) return { count: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0 };
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    meanMs: round(sorted.reduce((s, v) => s + v, 0) / sorted.length),
    p50Ms: round(nearestRank(sorted, 0.5)!),
    p95Ms: round(nearestRank(sorted, 0.95)!),
    p99Ms: round(nearestRank(sorted, 0.99)!),
    maxMs: round(sorted.at(-1)!),
  };
}

export class LoadRecorder {
  private readonly latencies = new Map<LoadKind, number[]>(LOAD_KINDS.map((k) => [k, []]));
  private readonly kindErrors = new Map<LoadKind, number>(LOAD_KINDS.map((k) => [k, 0]));
  private readonly byStatus: Record<string, number> = {};
  private readonly samples = new Map<string, { first: string; n: number }>();
  private timeouts = 0;
  private socketErrors = 0;

  /** One complete response; `describe` is called only for errors, to word a sample. */
  response(kind: LoadKind, status: number, ms: number, describe: () => string): void {
    this.latencies.get(kind)!.push(ms);
    if (status >= 200 && status < 300) return;
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
    this.error(kind, `${kind} ${status}`, describe);
  }

  timeout(kind: LoadKind | null, describe: () => string): void {
    this.timeouts += 1;
    this.error(kind, `${kind ?? 'unknown'} timeout`, describe);
  }

  socketError(kind: LoadKind | null, describe: () => string): void {
    this.socketErrors += 1;
    this.error(kind, `${kind ?? 'unknown'} socket`, describe);
  }

  private error(kind: LoadKind | null, key: string, describe: () => string): void {
    if (kind) this.kindErrors.set(kind, this.kindErrors.get(kind)! + 1);
    const seen = this.samples.get(key);
    if (seen) seen.n += 1;
    else if (this.samples.size < MAX_SAMPLES) this.samples.set(key, { first: describe(), n: 1 });
  }

  get responses(): number {
    let n = 0;
    for (const list of this.latencies.values()) n += list.length;
    return n;
  }

  perKind(): Record<LoadKind, KindResult> {
    return Object.fromEntries(
      LOAD_KINDS.map((k) => [k, { requests: this.latencies.get(k)!.length, errors: this.kindErrors.get(k)!, latency: summariseLatency(this.latencies.get(k)!) }]),
    ) as Record<LoadKind, KindResult>;
  }

  overall(): LatencySummary {
    return summariseLatency([...this.latencies.values()].flat());
  }

  errors(): LoadErrors {
    const non2xx = Object.values(this.byStatus).reduce((s, n) => s + n, 0);
    return {
      total: non2xx + this.timeouts + this.socketErrors,
      byStatus: { ...this.byStatus },
      timeouts: this.timeouts,
      socketErrors: this.socketErrors,
      samples: [...this.samples.values()].map((s) => (s.n > 1 ? `${s.first} (×${s.n})` : s.first)),
    };
  }
}
