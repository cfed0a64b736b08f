import { renderScale, ScaleResult } from './scale-report';
import type { FloorResult } from './floor';
import type { LifecycleResult } from './lifecycle';
import type { LoginFloodResult } from './login-flood';
import type { BenchOptions } from './options';
import type { MemoryPeak } from './platform';
import type { ReadResult } from './read-path';
import type { RushResult } from './rush';
import type { LatencySummary } from './stats';

export interface BenchResults {
  startedAt: string;
  finishedAt?: string;
  commit: string;
  machine: { cpus: number; node: string; memoryGb: number; loadAverageAtStart: number[]; loadAverageAtEnd?: number[] };
  options: BenchOptions;
  lifecycle?: { ours: LifecycleResult; floor: FloorResult; memory: Record<string, MemoryPeak> };
  rush?: { ours: RushResult; floor: FloorResult; memory: Record<string, MemoryPeak> };
  read?: { rows: number; seedMs: number; cases: ReadResult[] };
  login?: LoginFloodResult;
  scale?: ScaleResult;
}

const ms = (x: number) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(1) : Math.round(x).toString()) : '–');
const num = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '–');
const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(0)} %` : '–');
const lat = (s: LatencySummary) => `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.p99)}`;
const table = (head: string[], rows: (string | number)[][]) =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

/** The run as Markdown: one section per benchmark, ratios against the floor and against plain SQL. */
export function renderMarkdown(r: BenchResults): string {
  const out = [
    `## Benchmarks — ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC, commit ${r.commit}, ${r.machine.cpus} CPUs, Node ${r.machine.node}`,
    // The machine may be shared: the load average says how much else ran beside the bench.
    `Load average (1 min) at start ${num(r.machine.loadAverageAtStart[0])}, at end ${num(r.machine.loadAverageAtEnd?.[0] ?? NaN)}.`,
  ];
  if (r.lifecycle) {
    const { ours, floor } = r.lifecycle;
    out.push(
      `### 1. Lifecycle throughput — ${ours.projects} projects in ${ours.rounds} rounds, ${ours.concurrentUsers} simulated users, window ${ours.windowMs / 1000} s`,
      table(
        ['', 'ours: HTTP API → Temporal → PostgreSQL', 'floor: trivial workflow, no database', 'ours / floor'],
        [
          ['lifecycles per minute', num(ours.lifecyclesPerMinute), num(floor.perMinute), pct(ours.lifecyclesPerMinute / floor.perMinute)],
          ['completed', `${ours.completed} / ${ours.projects}`, `${floor.completed} / ${floor.instances}`, ''],
          ['updates per lifecycle', ours.updatesPerProject, floor.updatesPerInstance, ''],
          ['p50 / p95 / p99 per update, ms', lat(ours.decision), lat(floor.update), `${num(ours.decision.p50 / floor.update.p50)} × (p50)`],
          ['wall time, s', num(ours.wallMs / 1000), num(floor.wallMs / 1000), ''],
        ],
      ),
      `Busy refusals retried: ${ours.busyRetries}.${ours.failures.length ? ` Failures: ${ours.failures.join('; ')}` : ''}`,
      'Per API call (ms; polls are the clients waiting for a workflow to move on):',
      table(
        ['call', 'n', 'p50', 'p95', 'p99', 'failed'],
        ours.calls.map((c) => [`\`${c.label}\``, c.count, ms(c.p50), ms(c.p95), ms(c.p99), c.failed]),
      ),
    );
  }
  if (r.rush) {
    const { ours, floor } = r.rush;
    out.push(
      `### 2. Submission rush — ${ours.applications} applications at once, ${num(ours.leadMs / 1000, 0)} s before the window closes`,
      table(
        ['', 'ours: POST /api/applications/:id/submit', 'floor: update-with-start', 'ours / floor'],
        [
          [
            'submissions per second',
            num(ours.submissionsPerSecond),
            num(floor.perSecond),
            pct(ours.submissionsPerSecond / floor.perSecond),
          ],
          ['p50 / p95 / p99 of accepted, ms', lat(ours.latency), lat(floor.update), `${num(ours.latency.p99 / floor.update.p99)} × (p99)`],
          ['p50 / p95 / p99 of every answer, ms', lat(ours.latencyAll), lat(floor.update), ''],
          [
            'accepted / late / other errors',
            `${ours.accepted} / ${ours.late} / ${ours.otherErrors}`,
            `${floor.completed} / – / ${floor.instances - floor.completed}`,
            '',
          ],
          ['wall time, s', num(ours.wallMs / 1000), num(floor.wallMs / 1000), ''],
        ],
      ),
      ...(ours.late ? ['Late: sent before the deadline, refused because the workflow judged them after it (409).'] : []),
      ...(ours.errorSamples.length ? [`Errors: ${ours.errorSamples.join('; ')}`] : []),
    );
  }
  if (r.read) {
    const conn = r.options.readConnections;
    out.push(
      `### 3. Read path — ${r.read.rows.toLocaleString('en')} projects (seeded in ${num(r.read.seedMs / 1000, 0)} s), ${conn} connections, ${r.options.readSeconds} s per read`,
      table(
        ['read', 'API p50 / p99 ms', 'API req/s', 'SQL p50 / p99 ms', 'SQL q/s', 'API / SQL (p50)', 'same result'],
        r.read.cases.map((c) => [
          c.name,
          `${ms(c.api.p50)} / ${ms(c.api.p99)}`,
          num(c.api.perSecond, 0),
          `${ms(c.sql.p50)} / ${ms(c.sql.p99)}`,
          num(c.sql.perSecond, 0),
          `${num(c.ratioP50)} ×`,
          c.sameResult ? 'yes' : '**no**',
        ]),
      ),
      'Plans of the plain SQL (EXPLAIN ANALYZE, execution time per statement):',
      ...r.read.cases.map((c) => `- ${c.name}: ${c.plans.map((p) => `${ms(p.executionMs)} ms [${p.scans.join(', ')}]`).join('; ')}`),
    );
  }
  const phases = [
    ['1. lifecycle', r.lifecycle?.memory],
    ['2. rush', r.rush?.memory],
  ] as const;
  const names = [...new Set(phases.flatMap(([, m]) => Object.keys(m ?? {})))];
  if (names.length) {
    out.push(
      '### 4. Peak RSS, MB (sampled every 100 ms during the benchmark; in brackets the process lifetime peak, VmHWM)',
      table(
        ['process', ...phases.map(([p]) => `during ${p}`)],
        names.map((n) => [
          n,
          ...phases.map(([, m]) => (m?.[n] ? `${Math.round(m[n].peakRssMb)} (${Math.round(m[n].lifetimePeakMb)})` : '–')),
        ]),
      ),
    );
  }
  if (r.login) {
    const l = r.login;
    out.push(
      `### 4. A read during a login flood — \`GET ${l.read}\` on 2 connections, ${l.seconds} s at rest and ${l.seconds} s while ${l.floodConnections} clients log in`,
      table(
        [
          'limits',
          'read p50 / p95 / p99 at rest, ms',
          'during the flood, ms',
          'p95 ratio (target ≤ 2)',
          'logins a second',
          'login answers',
        ],
        l.runs.map((x) => [
          x.mode,
          lat(x.atRest),
          lat(x.duringFlood),
          `${num(x.ratioP95, 2)} ×`,
          num(x.flood.perSecond),
          Object.entries(x.flood.statuses)
            .map(([k, n]) => `${k}: ${n}`)
            .join(', '),
        ]),
      ),
    );
  }
  if (r.scale) out.push(renderScale(r.scale));
  return out.join('\n\n') + '\n';
}
