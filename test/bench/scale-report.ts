import type { ScaleOptions } from './options';
import type { MemoryPeak } from './platform';
import type { LatencySummary } from './stats';

/** What a scale run measured, and its Markdown rendering: the figures, apart from the run that makes them. */
export interface PhaseTally {
  requests: number;
  ok: number;
  busy409: number;
  /** Other 409s (e.g. the window has closed, the score is already in). */
  conflict409: number;
  /** Other 4xx. */
  client4xx: number;
  server5xx: number;
  /** Of the 5xx, those answered 503 (a dependency unavailable, with Retry-After) rather than 500. */
  status503: number;
  /** No HTTP answer at all (connection reset, refused). */
  network: number;
  /** Attempts that repeated a decision after a busy refusal, a 5xx or a network error. */
  retries: number;
  samples: string[];
}

export interface PhaseTiming {
  name: string;
  ms: number;
  /** Things done in the phase (accounts, applications, decisions, scores). */
  items: number;
  perSecond: number;
}

export interface HistorySample {
  /** ms since the round was created. */
  t: number;
  phase: string;
  length: number;
  runId: string;
}

export interface WorkerKill {
  /** ms since scoring started. */
  atMs: number;
  scoresAcceptedBefore: number;
  /** ms since scoring started when the replacement worker process was started. */
  restartedAtMs: number;
  pid: number;
  replacementPid: number;
}

export interface ScaleCheck {
  expectedAssignments: number;
  assignmentRows: number;
  submittedRows: number;
  /** Rows not SUBMITTED (lost scores, or assignments never scored). */
  notSubmitted: number;
  /** Scores the API accepted whose row is not SUBMITTED, or whose stored total differs from the answer. */
  acceptedButNotStored: number;
  totalMismatches: number;
  auditEntries: number;
  /** (application, expert) pairs with more than one panel.scoresSubmitted entry. */
  auditDuplicated: number;
  /** Submitted rows with no panel.scoresSubmitted entry. */
  auditMissing: number;
  /** Experts whose own GET /api/assignments does not list exactly the scores they had accepted, all SUBMITTED. */
  expertViewMismatches: string[];
  ok: boolean;
}

export interface Acceptance {
  point: string;
  ok: boolean;
  detail: string;
}

export interface ScaleResult {
  options: ScaleOptions;
  roundId: string;
  windowMs: number;
  applications: { drafts: number; submitted: number; late: number; eligible: number };
  assignments: number;
  phases: PhaseTiming[];
  tallies: Record<string, PhaseTally>;
  scoring: {
    expected: number;
    accepted: number;
    firstAttempt: number;
    firstAttemptRate: number;
    /** Retries answered "already submitted": the attempt before had been recorded after all. */
    alreadyRecordedOnRetry: number;
    wallMs: number;
    scoresPerSecond: number;
    /** Every answer of the score route (first attempts and retries). */
    latency: LatencySummary;
    /** Accepted answers only. */
    latencyAccepted: LatencySummary;
  };
  ranking: { status: string; entries: number; ms: number };
  history: {
    roundMax: number;
    roundMaxPhase: string;
    roundRuns: number;
    roundSamples: number;
    projectMax: number;
    projectsSampled: number;
    describeErrors: number;
    samples: HistorySample[];
  };
  kills: WorkerKill[];
  check: ScaleCheck;
  memory: Record<string, MemoryPeak>;
  calls: LatencySummary[];
  acceptance: Acceptance[];
  passed: boolean;
  /** Why the run could not finish (it still reports what it measured). */
  aborted?: string;
}

export function checkDetail(k: ScaleCheck): string {
  return (
    `${k.submittedRows} of ${k.assignmentRows} rows SUBMITTED (expected ${k.expectedAssignments}); ${k.auditEntries} panel.scoresSubmitted entries, ` +
    `${k.auditDuplicated} pairs doubled, ${k.auditMissing} missing; ${k.acceptedButNotStored} accepted but not stored, ${k.totalMismatches} totals differ; ` +
    `${k.expertViewMismatches.length} experts' views disagree${k.expertViewMismatches.length ? ` (${k.expertViewMismatches.slice(0, 3).join('; ')})` : ''}`
  );
}

const ms = (x: number) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(1) : Math.round(x).toString()) : '–');
const table = (head: string[], rows: (string | number)[][]) =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

/** The scale run as Markdown (a section of the bench report). */
export function renderScale(r: ScaleResult): string {
  const o = r.options;
  const s = r.scoring;
  const out = [
    `### 5. Scale run of one round — ${o.applications} applications, ${o.experts} experts, ${o.perApplication} per application, ` +
      `${o.applicants} applicants, ${o.reviewers} reviewers, ${o.concurrency} requests in flight for set-up, worker killed ${o.killWorker}×: **${r.passed ? 'PASSED' : 'FAILED'}**`,
    table(
      ['acceptance', 'ok', 'figure'],
      r.acceptance.map((a) => [a.point, a.ok ? 'yes' : '**no**', a.detail]),
    ),
    table(
      ['scoring', ''],
      [
        ['scores accepted / expected', `${s.accepted} / ${s.expected}`],
        ['accepted on the first attempt', `${s.firstAttempt} (${(s.firstAttemptRate * 100).toFixed(1)} %)`],
        [
          'busy refusals (409) / other 409 / 5xx / no answer',
          (() => {
            const t = r.tallies.scoring;
            return t ? `${t.busy409} / ${t.conflict409} / ${t.server5xx} / ${t.network}` : '–';
          })(),
        ],
        ['retries answered "already submitted"', s.alreadyRecordedOnRetry],
        ['wall time, s', ms(s.wallMs / 1000)],
        ['scores per second', Number.isFinite(s.scoresPerSecond) ? s.scoresPerSecond.toFixed(1) : '–'],
        ['score route p50 / p95 / p99, ms (every answer)', `${ms(s.latency.p50)} / ${ms(s.latency.p95)} / ${ms(s.latency.p99)}`],
        [
          'score p50 / p95, ms (first attempt to acceptance, retries included)',
          `${ms(s.latencyAccepted.p50)} / ${ms(s.latencyAccepted.p95)}`,
        ],
        ['largest round history length (phase)', `${r.history.roundMax} (${r.history.roundMaxPhase}); ${r.history.roundRuns} run(s)`],
        [`largest project history length (${r.history.projectsSampled} sampled)`, r.history.projectMax],
        ['ranking entries (ms from close)', `${r.ranking.entries} (${ms(r.ranking.ms)})`],
      ],
    ),
    'Phases (items: accounts, organizations, applications, decisions, assignments, scores, ranking entries):',
    table(
      ['phase', 'items', 'seconds', 'per second'],
      r.phases.map((p) => [p.name, p.items, ms(p.ms / 1000), Number.isFinite(p.perSecond) && p.items ? p.perSecond.toFixed(1) : '–']),
    ),
    'Answers per phase (every attempt counted; retries follow only busy refusals, 5xx and lost connections):',
    table(
      ['phase', 'requests', 'ok', 'busy 409', 'other 409', 'other 4xx', '5xx (of which 503)', 'no answer', 'retries'],
      Object.entries(r.tallies).map(([p, t]) => [
        p,
        t.requests,
        t.ok,
        t.busy409,
        t.conflict409,
        t.client4xx,
        `${t.server5xx} (${t.status503})`,
        t.network,
        t.retries,
      ]),
    ),
  ];
  const samples = Object.entries(r.tallies).flatMap(([p, t]) => t.samples.slice(0, 3).map((x) => `- ${p}: ${x}`));
  if (samples.length) out.push('Refusals (first few per phase):', samples.join('\n'));
  if (r.kills.length) {
    out.push(
      'Worker kills:',
      table(
        ['kill', 'at s (scoring)', 'scores before', 'replacement started at s', 'pid → new pid'],
        r.kills.map((k, i) => [
          i + 1,
          ms(k.atMs / 1000),
          k.scoresAcceptedBefore,
          ms(k.restartedAtMs / 1000),
          `${k.pid} → ${k.replacementPid}`,
        ]),
      ),
    );
  }
  const c = r.check;
  if (c.assignmentRows !== undefined) out.push(`Loss/double check: ${checkDetail(c)}.`);
  out.push(
    'Per API call (ms):',
    table(
      ['call', 'n', 'p50', 'p95', 'p99', 'failed'],
      r.calls.map((x) => [`\`${x.label}\``, x.count, ms(x.p50), ms(x.p95), ms(x.p99), x.failed]),
    ),
  );
  if (Object.keys(r.memory).length)
    out.push(
      `Peak RSS, MB: ${Object.entries(r.memory)
        .map(([n, m]) => `${n} ${Math.round(m.peakRssMb)}`)
        .join(', ')}.`,
    );
  if (r.aborted) out.push(`**Aborted:** ${r.aborted}`);
  return out.join('\n\n');
}
