import { performance } from 'node:perf_hooks';
import { applicationPayload, organizationPayload, roundPayload } from '../support/factories';
import { BENCH_PASSWORD, createPeople, login, Person } from './api-client';
import { AppProcesses, Proc, RssSampler } from './platform';
import { HistoryWatch } from './scale-history';
import { emptyTally, Http, HttpFailure } from './scale-http';
import {
  checkDetail,
  type PhaseTally,
  type PhaseTiming,
  type ScaleCheck,
  type ScaleResult,
  type WorkerKill,
  type Acceptance,
} from './scale-report';
import { driveScoring } from './scale-scoring';
import { verify } from './scale-verify';
import { eachLimited, sleep } from './stats';
import type { ScaleOptions } from './options';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';

/** Round workflow histories must stay below this at every point (Temporal warns at 10k, fails at 50k). */
const HISTORY_LIMIT = 10000;

interface Ctx {
  base: string;
  pool: Pool;
  client: Client;
  app: AppProcesses;
  o: ScaleOptions;
  windowMs: number;
  say: (m: string) => void;
}

/**
 * The scale run: one round at the source documents' scale (2,000 applications, 20 experts, 5 per
 * application), everything done through the HTTP API as a bureau would, then every expert
 * scoring at once; optionally the worker is killed (SIGKILL) and restarted during scoring.
 * Checks afterwards that every score was recorded exactly once.
 */
export async function runScale(c: Ctx): Promise<ScaleResult> {
  const { o, say } = c;
  const http = new Http(c.base);
  const phases: PhaseTiming[] = [];
  const sampler = new RssSampler([c.app.api]);
  // One sampler per worker process, stopped before it is killed (a killed process has no RSS to read).
  const workerSamplers = new Map<Proc, RssSampler>(c.app.worker ? [[c.app.worker, new RssSampler([c.app.worker])]] : []);
  let watch: HistoryWatch | undefined;
  const phase = async <T>(name: string, items: () => number, fn: () => Promise<T>): Promise<T> => {
    http.phase = name;
    if (watch) watch.phase = name;
    say(`scale: ${name}…`);
    const t = performance.now();
    const r = await fn();
    const ms = performance.now() - t;
    const n = items();
    phases.push({ name, ms, items: n, perSecond: n / (ms / 1000) });
    say(`scale: ${name}: ${n} in ${(ms / 1000).toFixed(1)} s`);
    await watch?.afterPhase();
    return r;
  };

  const result: Partial<ScaleResult> & { applications: ScaleResult['applications']; kills: WorkerKill[] } = {
    options: o,
    applications: { drafts: 0, submitted: 0, late: 0, eligible: 0 },
    kills: [],
  };
  const accepted = new Map<string, { expertId: string; applicationId: string; total: string }>();
  let scoring: ScaleResult['scoring'] | undefined;
  let ranking: ScaleResult['ranking'] = { status: '–', entries: 0, ms: NaN };
  let check: ScaleCheck | undefined;
  let experts: Person[] = [];
  let roundId = '';

  try {
    // 1. Accounts: one administrator written by the bench, everyone else created by that administrator.
    const [admin] = await createPeople(c.pool, c.base, `scale${Date.now().toString(36)}`, [{ role: 'ADMIN' }]);
    const tag = Date.now().toString(36);
    const specs = [
      { role: 'PROGRAM_MANAGER', regionCode: '330100' },
      ...Array.from({ length: o.reviewers }, () => ({ role: 'REVIEWER', regionCode: '330100' })),
      ...Array.from({ length: o.experts }, () => ({ role: 'EXPERT' })),
      ...Array.from({ length: o.applicants }, () => ({ role: 'APPLICANT' })),
    ];
    const people: Person[] = [];
    await phase(
      'accounts',
      () => people.length,
      async () => {
        await eachLimited(specs, o.concurrency, async (s, i) => {
          const username = `sc${tag}-${s.role.toLowerCase()}-${i}`;
          const u = await http.call('POST', '/api/users', admin, {
            body: { username, password: BENCH_PASSWORD, displayName: `压测${s.role}${i}`, ...s },
          });
          people[i] = { id: u.body.id, username, role: s.role, token: await login(c.base, username) };
        });
      },
    );
    const of = (role: string) => people.filter((p) => p.role === role);
    const manager = of('PROGRAM_MANAGER')[0];
    const reviewers = of('REVIEWER');
    experts = of('EXPERT');
    const applicants = of('APPLICANT');

    // 2. Organizations: each applicant registers its share (one organization per application).
    const orgs: { id: string; owner: Person }[] = [];
    await phase(
      'organizations',
      () => orgs.length,
      async () => {
        await eachLimited(
          Array.from({ length: o.applications }, (_, k) => k),
          o.concurrency,
          async (k) => {
            const owner = applicants[k % applicants.length];
            const r = await http.call('POST', '/api/organizations', owner, { body: organizationPayload() });
            orgs[k] = { id: r.body.id, owner };
          },
        );
      },
    );

    // 3. The round: a short window that opens in a few seconds.
    http.phase = 'round';
    const windowMs = c.windowMs || 20000 + 120 * o.applications;
    const now = Date.now();
    const round = await http.call('POST', '/api/rounds', manager, {
      body: roundPayload({
        regionCode: '330100',
        budgetPool: (o.applications * 100000).toFixed(2),
        projectCeiling: '200000.00',
        expertsPerApplication: o.perApplication,
        opensAt: new Date(now + 3000).toISOString(),
        closesAt: new Date(now + 3000 + windowMs).toISOString(),
      }),
    });
    roundId = round.body.id;
    result.roundId = roundId;
    result.windowMs = windowMs;
    await http.call('POST', `/api/rounds/${roundId}/publish`, manager, { retry: true });
    watch = new HistoryWatch(c.client, roundId);
    watch.start();
    const roundStatus = async () =>
      (await http.call('GET', `/api/rounds/${roundId}`, manager, { label: 'poll GET /api/rounds/:id', phase: 'polls' })).body;
    const waitStatus = async (ok: (s: string) => boolean, what: string, timeoutMs: number) => {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const r = await roundStatus();
        if (ok(r.status)) return r;
        if (Date.now() > end) throw new Error(`round still ${r.status} after ${timeoutMs / 1000} s waiting for ${what}`);
        await sleep(300);
      }
    };

    // 4. Drafts (allowed once the round is published), then everyone presses 提交 as soon as it opens.
    const apps: { id: string; owner: Person; submitted?: boolean }[] = [];
    await phase(
      'drafts',
      () => result.applications.drafts,
      async () => {
        await eachLimited(orgs, o.concurrency, async (org, k) => {
          const r = await http.call('POST', '/api/applications', org.owner, { body: applicationPayload(roundId, org.id, '100000.00') });
          apps[k] = { id: r.body.id, owner: org.owner };
          result.applications.drafts++;
        });
      },
    );
    watch.setProjects(apps.map((a) => a.id));
    await waitStatus((s) => s === 'OPEN', 'OPEN', 120000);
    await phase(
      'submissions',
      () => result.applications.submitted,
      async () => {
        await eachLimited(apps, o.concurrency, async (a) => {
          const r = await http.call('POST', `/api/applications/${a.id}/submit`, a.owner, { retry: true, accept: [409] });
          if (r.status === 200) {
            a.submitted = true;
            result.applications.submitted++;
          } else if (/截止|closed/.test(JSON.stringify(r.body))) result.applications.late++;
          else throw new HttpFailure('POST /api/applications/:id/submit', r.status, r.body);
        });
      },
    );
    if (result.applications.late)
      throw new Error(`${result.applications.late} submissions were refused as late: raise --window-ms (was ${windowMs})`);

    // 5. Eligibility: the reviewers work through the submitted applications side by side, one decision at a time each.
    const submitted = apps.filter((a) => a.submitted);
    await phase(
      'eligibility',
      () => result.applications.eligible,
      async () => {
        await Promise.all(
          reviewers.map(async (rv, r) => {
            for (let k = r; k < submitted.length; k += reviewers.length) {
              await http.call('POST', `/api/applications/${submitted[k].id}/eligibility-decision`, rv, {
                body: { decision: 'PASS' },
                retry: true,
              });
              result.applications.eligible++;
            }
          }),
        );
      },
    );
    await phase(
      'window close',
      () => 0,
      () => waitStatus((s) => s !== 'OPEN' && s !== 'PUBLISHED', 'the window to close', windowMs + 180000),
    );

    // 6. The panel: the manager forms it; the assignments are there once every expert's list adds up.
    const expected = result.applications.eligible * o.perApplication;
    const assignedTotal = async () => {
      let sum = 0;
      for (const e of experts)
        sum += (
          await http.call('GET', `/api/assignments?roundId=${roundId}&pageSize=1`, e, {
            label: 'poll GET /api/assignments',
            phase: 'polls',
          })
        ).body.total;
      return sum;
    };
    await phase(
      'panel',
      () => expected,
      async () => {
        await http.call('POST', `/api/rounds/${roundId}/panel`, manager, { body: { expertIds: experts.map((e) => e.id) }, retry: true });
        const end = Date.now() + 600000;
        for (let n = await assignedTotal(); n !== expected; n = await assignedTotal()) {
          if (Date.now() > end) throw new Error(`the experts' lists hold ${n} assignments, expected ${expected}`);
          await sleep(500);
        }
      },
    );
    result.assignments = expected;
    const rubric = (await roundStatus()).rubric as { key: string; weight: number; maxScore?: number }[];

    // 7. Scoring: every expert at once, each working through their own list one score at a time.
    const { rec, firstAttempt, alreadyRecorded, expertErrors } = await driveScoring(
      {
        http,
        app: c.app,
        say,
        roundId,
        experts,
        rubric,
        expected,
        killWorker: o.killWorker,
        accepted,
        kills: result.kills,
        workerSamplers,
      },
      (fn) => phase('scoring', () => accepted.size, fn),
    );
    const wallMs = phases[phases.length - 1].ms;
    const all = http.recorder.summary('POST /api/assignments/:id/scores');
    scoring = {
      expected,
      accepted: accepted.size,
      firstAttempt,
      firstAttemptRate: firstAttempt / expected,
      alreadyRecordedOnRetry: alreadyRecorded,
      wallMs,
      scoresPerSecond: accepted.size / (wallMs / 1000),
      latency: all,
      latencyAccepted: { ...rec.summary('scored'), label: 'score, from first attempt to acceptance' },
    };
    if (expertErrors.length)
      throw new Error(`scoring stopped for ${expertErrors.length} expert(s): ${expertErrors.slice(0, 3).join('; ')}`);

    // 8. Close the panel and read the ranking.
    const tRank = performance.now();
    await phase(
      'close and ranking',
      () => ranking.entries,
      async () => {
        await http.call('POST', `/api/rounds/${roundId}/panel/close`, manager, { retry: true });
        const end = Date.now() + 300000;
        for (;;) {
          const r = await http.call('GET', `/api/rounds/${roundId}/ranking`, manager, { retry: true });
          ranking = { status: r.body.status, entries: r.body.entries.length, ms: performance.now() - tRank };
          if (ranking.entries > 0 || Date.now() > end) break;
          await sleep(500);
        }
      },
    );
  } catch (e) {
    result.aborted = e instanceof Error ? e.message : String(e);
    say(`scale: aborted: ${result.aborted}`);
  } finally {
    await watch?.stop();
  }

  // 9. Was every score recorded exactly once? The database, the audit trail and each expert's own view.
  if (roundId) {
    http.phase = 'verification';
    check = await verify(c.pool, http, roundId, experts, accepted, result.assignments ?? 0).catch((e) => {
      result.aborted ??= `verification: ${e instanceof Error ? e.message : String(e)}`;
      return undefined;
    });
    await watch?.afterPhase();
  }

  const memory = { ...sampler.stop(), ...Object.assign({}, ...[...workerSamplers.values()].map((s) => s.stop())) };
  const max = watch?.max() ?? { length: 0, phase: '–' };
  const history: ScaleResult['history'] = {
    roundMax: max.length,
    roundMaxPhase: max.phase,
    roundRuns: watch?.runIds.size ?? 0,
    roundSamples: watch?.samples.length ?? 0,
    projectMax: watch?.projectMax ?? 0,
    projectsSampled: watch?.projectsSampled ?? 0,
    describeErrors: watch?.describeErrors ?? 0,
    samples: watch?.samples ?? [],
  };
  const tallies = http.tallies;
  const sum = (k: keyof PhaseTally, skip: string[] = ['polls']) =>
    Object.entries(tallies)
      .filter(([p]) => !skip.includes(p))
      .reduce((s, [, t]) => s + (t[k] as number), 0);
  const st = tallies.scoring ?? emptyTally();
  const acceptance: Acceptance[] = [
    {
      point: 'every score accepted on its first attempt',
      ok: !!scoring && scoring.firstAttempt === scoring.expected && scoring.expected > 0,
      detail: scoring
        ? `${scoring.firstAttempt} of ${scoring.expected} (${(scoring.firstAttemptRate * 100).toFixed(1)} %)`
        : 'scoring did not run',
    },
    {
      point: 'no score refused as busy (409)',
      ok: !!scoring && st.busy409 === 0,
      detail: `${st.busy409} busy refusals while scoring; ${sum('busy409')} in the whole run`,
    },
    {
      point: 'no 5xx',
      ok: sum('server5xx', []) === 0,
      detail: `${st.server5xx} while scoring; ${sum('server5xx', [])} in the whole run (polls included); ${sum('network', [])} requests without an answer`,
    },
    { point: 'ranking reached', ok: ranking.entries > 0, detail: `${ranking.entries} entries, round ${ranking.status}` },
    {
      point: `round history under ${HISTORY_LIMIT} events at every sample`,
      ok: history.roundSamples > 0 && history.roundMax < HISTORY_LIMIT,
      detail: `largest ${history.roundMax} (during ${history.roundMaxPhase}; ${history.roundSamples} samples, ${history.roundRuns} run(s))`,
    },
    {
      point: "every score recorded exactly once (rows, audit, experts' views)",
      ok: !!check?.ok,
      detail: check ? checkDetail(check) : 'not checked',
    },
  ];
  if (o.killWorker > 0) {
    acceptance.push({
      point: `worker killed ${o.killWorker} times during scoring`,
      ok: result.kills.length === o.killWorker,
      detail: result.kills.map((k) => `at ${(k.atMs / 1000).toFixed(1)} s after ${k.scoresAcceptedBefore} scores`).join('; ') || 'no kill',
    });
  }
  if (result.aborted) acceptance.push({ point: 'the run finished', ok: false, detail: result.aborted });
  return {
    ...(result as ScaleResult),
    roundId,
    windowMs: result.windowMs ?? 0,
    assignments: result.assignments ?? 0,
    phases,
    tallies,
    scoring: scoring ?? {
      expected: result.assignments ?? 0,
      accepted: accepted.size,
      firstAttempt: 0,
      firstAttemptRate: 0,
      alreadyRecordedOnRetry: 0,
      wallMs: NaN,
      scoresPerSecond: NaN,
      latency: http.recorder.summary('POST /api/assignments/:id/scores'),
      latencyAccepted: http.recorder.summary('–'),
    },
    ranking,
    history,
    check: check ?? ({ ok: false } as ScaleCheck),
    memory,
    calls: http.recorder.all(),
    acceptance,
    passed: acceptance.every((a) => a.ok),
  };
}
