// What the figures were measured on. The machines are shared and noisy: the ratios (page ÷ floor,
// growth against data) are the figures to compare between runs, not the milliseconds.
import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface Machine {
  cpuModel: string;
  cpus: number;
  totalMemoryGb: number;
  os: string;
  node: string;
  date: string;
  commit: string;
  /** 1-minute load average when the run started: above the core count, something else was busy. */
  loadAverage1m: number;
  /** Uncommitted changes in the working tree when measured (other than bench/ output). */
  dirty: boolean;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpus: cpus.length,
    totalMemoryGb: Math.round(os.totalmem() / 1024 ** 3 * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100,
    date: new Date().toISOString(),
    commit: git(['rev-parse', 'HEAD']) || 'unknown',
    dirty: git(['status', '--porcelain', '--', '.', ':!bench/results.json', ':!docs/benchmarks.md']) !== '',
  };
}
