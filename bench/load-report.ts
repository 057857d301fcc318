// The "## Mixed load" section of docs/benchmarks.md: how the load was made, what it measured, and the
// issue's targets met or missed, from one LoadResult, so the text never disagrees with the figures.
import { LOAD_KINDS, type LatencySummary, type LoadKind } from './load-record';
import type { LoadResult } from './load';
import type { LoadRole } from './load-users';

const ROLE_NAMES: Record<LoadRole, string> = {
  supervisor: 'HSI field supervisors',
  hsi_hq: 'HSI HQ reviewers',
  dea_hq: 'DEA HQ coordinators',
  dea_division: 'DEA division coordinators',
  auditor: 'auditors',
};

const KIND_NAMES: Record<LoadKind, string> = {
  inbox: 'Inbox (`/inbox`)',
  list: 'Request list with filters (`/requests?…`)',
  detail: 'Request detail (`/requests/<id>`)',
  dashboard: 'Dashboard (`/dashboard`, current and past FY)',
  submit: 'Submit a proposal (`POST /api/requests`)',
};

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
/** A latency figure, or a dash where nothing was answered. */
const lat = (l: LatencySummary, key: 'p50Ms' | 'p95Ms' | 'p99Ms' | 'maxMs') => (l.count === 0 ? '–' : ms(l[key]));
const latMs = (l: LatencySummary, key: 'p50Ms' | 'p95Ms' | 'p99Ms' | 'maxMs') => (l.count === 0 ? '–' : `${ms(l[key])} ms`);
const int = (v: number) => v.toLocaleString('en-US');

function cycleText(kinds: LoadKind[]): string {
  const tally = LOAD_KINDS.map((k) => [k, kinds.filter((x) => x === k).length] as const).filter(([, n]) => n > 0);
  return tally.map(([k, n]) => `${n} ${k}`).join(', ');
}

export function loadMarkdown(r: LoadResult): string {
  const out: string[] = [];
  const roles = (Object.keys(r.usersByRole) as LoadRole[]).filter((role) => r.usersByRole[role] > 0);
  out.push('## Mixed load');
  out.push('');
  out.push(
    `At ${r.dataset} (${int(r.requestsInDatabase)} requests), ${r.users} signed-in users at once for ${r.durationSeconds} s: ` +
      `${int(r.requests)} requests answered, **${r.requestsPerSecond} requests/s**, p50 ${latMs(r.latency, 'p50Ms')}, **p95 ${latMs(r.latency, 'p95Ms')}**, ` +
      `p99 ${latMs(r.latency, 'p99Ms')}, **${int(r.errors.total)} errors**, server peak **${r.serverPeakRssMb} MB**.`,
  );
  out.push('');
  out.push('### Method');
  out.push('');
  out.push(
    `- **Users**: ${r.users} accounts created for the run through the administrators' own \`createUser\` (as \`t21 create-user\` does): ` +
      `${roles.map((role) => `${r.usersByRole[role]} ${ROLE_NAMES[role]}`).join(', ')}; the supervisors spread over the ${r.supervisorOffices} busiest field offices, the division ` +
      'coordinators over the busiest divisions. Each signs in once over HTTP as the sign-in form does (notice, password, one-time code) and keeps its session cookie.',
  );
  out.push(
    `- **Load**: autocannon in the benchmark's process against \`next start\` (the production build, its own process) on a copy of the scale's database ` +
      `(\`sqlite.backup()\`; the copy is deleted afterwards, the reused dataset never changes). ${r.connections} connections, one per user, ` +
      `each sending its next request as soon as the last one is answered, with no time to think: far heavier than ${r.users} people at work. ` +
      `A ${r.warmupSeconds} s warm-up (${int(r.warmup.requests)} requests, ${r.warmup.errors} errors) precedes the timed ${r.durationSeconds} s.`,
  );
  out.push(
    '- **Mix**: each user repeats twelve steps of a working day for their role, starting at a different step: ' +
      roles.map((role) => `${ROLE_NAMES[role]} ${cycleText(r.cycles[role])}`).join('; ') +
      '. Request pages are chosen within what each user may see (by the app\'s own scope rule), mostly recently active ones; after proposing, a supervisor ' +
      'opens the new request. Each proposal names a new agent of the supervisor\'s own office, so it is valid, is submitted to HSI HQ and writes ' +
      `(request, events, audit record); it carries its own \`Idempotency-Key\`. ${int(r.submissions.created)} proposals were answered 201 and ` +
      `${int(r.submissions.inDatabase)} requests with the run's keys were found in the database afterwards.`,
  );
  out.push(
    '- **Errors**: any response other than 2xx (a redirect to the sign-in page is a lost session, a 404 a page the user should have seen, a 503 a database ' +
      `busy past its timeout), timeouts (no answer within 10 s) and socket errors. **Latency**: from sending the request to the last byte of the answer, ` +
      'every response counted (errors included); percentiles by nearest rank.',
  );
  out.push(
    `- **Memory**: resident memory of the server's process group (npx → sh → next-server) read from \`/proc\` every 250 ms during the warm-up and the timed run; ` +
      'the figure is the peak of the sum over its node processes (npx included); next-server alone and its kernel high-water mark (VmHWM, ' +
      'over its whole life, sign-ins included) are shown too.',
  );
  out.push('');
  out.push('### Results');
  out.push('');
  out.push('| | requests | share | errors | p50 ms | p95 ms | p99 ms | max ms |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const kind of LOAD_KINDS) {
    const k = r.perKind[kind];
    if (k.requests === 0 && k.errors === 0) continue;
    const share = r.requests > 0 ? `${((k.requests / r.requests) * 100).toFixed(1)}%` : '–';
    out.push(`| ${KIND_NAMES[kind]} | ${int(k.requests)} | ${share} | ${int(k.errors)} | ${lat(k.latency, 'p50Ms')} | ${lat(k.latency, 'p95Ms')} | ${lat(k.latency, 'p99Ms')} | ${lat(k.latency, 'maxMs')} |`);
  }
  out.push(`| **All** | **${int(r.requests)}** | 100% | **${int(r.errors.total)}** | ${lat(r.latency, 'p50Ms')} | **${lat(r.latency, 'p95Ms')}** | ${lat(r.latency, 'p99Ms')} | ${lat(r.latency, 'maxMs')} |`);
  out.push('');
  out.push(
    `Throughput ${r.requestsPerSecond} requests/s over ${r.measuredSeconds} s. Server memory: peak ${r.serverPeakRssMb} MB for the group ` +
      `(${r.serverStartRssMb} MB before the warm-up), next-server alone ${r.serverProcessPeakRssMb} MB` +
      `${r.serverHighWaterMb === null ? '' : ` (VmHWM ${r.serverHighWaterMb} MB)`}, ${r.memorySamples} samples; every 5 s from the start of the warm-up: ` +
      `${r.memoryTimelineMb.map((v) => Math.round(v)).join(', ')} MB. ` +
      `CPU during the timed run, in % of one of the ${r.cores} cores: next-server ${r.serverCpuPercent ?? '–'}%, the load generator ${r.loadGeneratorCpuPercent}%, ` +
      `everything else on the machine ${r.otherCpuPercent ?? '–'}%.`,
  );
  if (r.errors.total > 0) {
    const statuses = Object.entries(r.errors.byStatus).map(([status, n]) => `${int(n)} × ${status}`);
    if (r.errors.timeouts > 0) statuses.push(`${int(r.errors.timeouts)} timeouts`);
    if (r.errors.socketErrors > 0) statuses.push(`${int(r.errors.socketErrors)} socket errors`);
    out.push('');
    out.push(`Errors: ${statuses.join(', ')}. First of each kind:`);
    out.push('');
    for (const sample of r.errors.samples) out.push(`- ${sample.replace(/\|/g, '\\|')}`);
  }
  if (r.serverLog.problemLines > 0) {
    out.push('');
    out.push(`The server wrote ${int(r.serverLog.problemLines)} unexpected lines to \`${r.serverLog.file}\`; the first distinct ones:`);
    out.push('');
    for (const line of r.serverLog.firstProblems) out.push(`- \`${line.replace(/`/g, "'")}\``);
  }
  out.push('');
  out.push('### Targets (issue 7)');
  out.push('');
  out.push('| target | measured | status |');
  out.push('|---|---|---|');
  const status = (met: boolean, missed: string) => (met ? 'met' : `missed: ${missed}`);
  const attempts = r.requests + r.errors.timeouts + r.errors.socketErrors;
  const p95Missed = r.latency.count === 0 ? 'nothing was answered' : `${(r.latency.p95Ms / 300).toFixed(1)}× the target`;
  out.push(`| p95 ≤ 300 ms | ${latMs(r.latency, 'p95Ms')} | ${status(r.targetsMet.p95, p95Missed)} |`);
  out.push(`| zero errors | ${int(r.errors.total)} | ${status(r.targetsMet.errors, `${int(r.errors.total)} of ${int(attempts)} requests`)} |`);
  out.push(`| ≥ 200 requests/s | ${r.requestsPerSecond}/s | ${status(r.targetsMet.throughput, `${((r.requestsPerSecond / 200) * 100).toFixed(0)}% of the target`)} |`);
  out.push(`| server ≤ 500 MB | ${r.serverPeakRssMb} MB | ${status(r.targetsMet.memory, `${(r.serverPeakRssMb - 500).toFixed(0)} MB over`)} |`);
  out.push('');
  return out.join('\n');
}
