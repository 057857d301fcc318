// The server's memory and CPU under load, read from /proc (Linux). `next start` runs as npx (node) →
// sh → next-server (node), all in the process group bench/server.ts made; the group's node processes
// are summed every 250 ms and the peak kept (what the machine must hold for the server), and the
// next-server process, which does the work, is also reported alone, with its own high-water mark
// (VmHWM: the kernel's peak, which a 250 ms sampler could miss).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface MemoryReport {
  /** Peak of the summed resident memory of the group's node processes, MB. */
  groupPeakRssMb: number;
  /** Peak resident memory of the next-server process alone, sampled, MB. */
  serverPeakRssMb: number;
  /** next-server's VmHWM when sampling stopped: its peak over its whole life, sign-ins included, MB. */
  serverHighWaterMb: number | null;
  /** The group's summed resident memory at the first sample, MB. */
  groupStartRssMb: number;
  samples: number;
  /** The group's summed resident memory every 5 s, MB: whether it levels off or keeps growing. */
  timelineMb: number[];
  serverPid: number | null;
}

const TIMELINE_EVERY_MS = 5000;

const mb = (kb: number) => Math.round(kb / 102.4) / 10;

/** Pids whose process group is `pgid`, from field 5 of /proc/<pid>/stat (after the parenthesised name). */
export function groupPids(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) pids.push(Number(entry));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return pids;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

function isNode(pid: number): boolean {
  try {
    return path.basename(fs.readlinkSync(`/proc/${pid}/exe`)).startsWith('node');
  } catch {
    return false;
  }
}

function processName(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** The process serving requests: next-server by name, else the group's largest node process. */
export function serverProcess(pgid: number): number | null {
  const nodes = groupPids(pgid).filter(isNode);
  return nodes.find((pid) => processName(pid).startsWith('next-server')) ?? nodes.sort((a, b) => (statusKb(b, 'VmRSS') ?? 0) - (statusKb(a, 'VmRSS') ?? 0))[0] ?? null;
}

let ticksPerSecond: number | null = null;
const clockTicks = () => (ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100);

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return null;
  }
}

/** CPU seconds the whole machine has spent busy so far (every core), from the first line of /proc/stat. */
export function machineBusySeconds(): number | null {
  try {
    // cpu  user nice system idle iowait irq softirq steal …: busy is all but idle and iowait.
    const [, ...ticks] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = ticks;
    return (user + nice + system + irq + softirq + steal) / clockTicks();
  } catch {
    return null;
  }
}

export function sampleMemory(pgid: number, everyMs = 250): { serverPid: number | null; stop(): MemoryReport } {
  const serverPid = serverProcess(pgid);
  let groupPeak = 0;
  let serverPeak = 0;
  let groupStart: number | null = null;
  let samples = 0;
  const timeline: number[] = [];
  const sample = () => {
    let sum = 0;
    for (const pid of groupPids(pgid)) if (isNode(pid)) sum += statusKb(pid, 'VmRSS') ?? 0;
    groupStart ??= sum;
    groupPeak = Math.max(groupPeak, sum);
    if (samples % Math.round(TIMELINE_EVERY_MS / everyMs) === 0) timeline.push(mb(sum));
    if (serverPid !== null) serverPeak = Math.max(serverPeak, statusKb(serverPid, 'VmRSS') ?? 0);
    samples += 1;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    serverPid,
    stop() {
      clearInterval(timer);
      sample();
      // The kernel raises VmHWM lazily (when it accounts the resident pages, not on every fault), so
      // it can read a little below the last RSS sampled: the peak is the larger of the two.
      const hwm = serverPid === null ? null : Math.max(statusKb(serverPid, 'VmHWM') ?? 0, serverPeak);
      return {
        groupPeakRssMb: mb(groupPeak),
        serverPeakRssMb: mb(serverPeak),
        serverHighWaterMb: hwm === null ? null : mb(hwm),
        groupStartRssMb: mb(groupStart ?? 0),
        samples,
        timelineMb: timeline,
        serverPid,
      };
    },
  };
}

/** CPU counters at one moment: the server's, this process's (autocannon's) and the whole machine's. */
export interface CpuSnapshot {
  at: number;
  server: number | null;
  own: NodeJS.CpuUsage;
  machine: number | null;
}

export function cpuSnapshot(serverPid: number | null): CpuSnapshot {
  return { at: performance.now(), server: serverPid === null ? null : cpuSeconds(serverPid), own: process.cpuUsage(), machine: machineBusySeconds() };
}

/** CPU used between two snapshots, in % of one core; "other" is everything else on the machine. */
export function cpuBetween(from: CpuSnapshot, to: CpuSnapshot): { seconds: number; server: number | null; generator: number; other: number | null } {
  const seconds = (to.at - from.at) / 1000;
  const percent = (cpu: number) => Math.round((cpu / seconds) * 1000) / 10;
  const server = from.server === null || to.server === null ? null : percent(to.server - from.server);
  const generator = percent((to.own.user - from.own.user + to.own.system - from.own.system) / 1e6);
  const machine = from.machine === null || to.machine === null ? null : percent(to.machine - from.machine);
  const other = machine === null || server === null ? null : Math.max(0, Math.round((machine - server - generator) * 10) / 10);
  return { seconds, server, generator, other };
}
