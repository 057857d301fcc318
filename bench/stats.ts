// Summary statistics for timings. Percentiles by nearest rank, the same method as the tracker's own
// figures (lib/timeliness/percentile.ts), so a "median of 20" is the 10th fastest run, a real
// measurement rather than an average of two.
import { nearestRank } from '@/lib/timeliness/percentile';

export interface Timing {
  runs: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
}

export function summarise(samplesMs: readonly number[]): Timing {
  if (samplesMs.length === 0) throw new Error('No samples to summarise.');
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    runs: samplesMs.length,
    medianMs: round(nearestRank(samplesMs, 0.5)!),
    p95Ms: round(nearestRank(samplesMs, 0.95)!),
    minMs: round(Math.min(...samplesMs)),
    maxMs: round(Math.max(...samplesMs)),
  };
}

/** Runs `fn` `warmups` times untimed (JIT, SQLite page cache, prepared statements), then `runs` times timed. */
export function timeSync(fn: () => unknown, runs: number, warmups: number): Timing {
  for (let i = 0; i < warmups; i += 1) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    fn();
    samples.push(performance.now() - started);
  }
  return summarise(samples);
}
