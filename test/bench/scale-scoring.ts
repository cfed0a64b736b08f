import { performance } from 'node:perf_hooks';
import { RssSampler, type AppProcesses, type Proc } from './platform';
import { HttpFailure, type Http } from './scale-http';
import { Recorder, sleep } from './stats';
import type { Person } from './api-client';
import type { WorkerKill } from './scale-report';

const WORKER_DOWN_MS = 1000;

export interface ScoringRun {
  http: Http;
  app: AppProcesses;
  say: (m: string) => void;
  roundId: string;
  experts: Person[];
  rubric: { key: string; weight: number; maxScore?: number }[];
  /** Assignments on the panel: every one must end with an accepted score. */
  expected: number;
  /** How many times to kill the worker (SIGKILL) while scoring, evenly spread over the scores. */
  killWorker: number;
  /** Filled as scores are accepted, keyed `applicationId/expertId`. */
  accepted: Map<string, { expertId: string; applicationId: string; total: string }>;
  /** Filled with each kill of the worker and its restart. */
  kills: WorkerKill[];
  /** One sampler per worker process; a killed one's is stopped, its replacement's added. */
  workerSamplers: Map<Proc, RssSampler>;
}

/**
 * Every expert at once, each working through their own list one score at a time, with the worker
 * killed and restarted at the given points. `inPhase` times the whole as the run's scoring phase.
 */
export async function driveScoring(
  s: ScoringRun,
  inPhase: (fn: () => Promise<void>) => Promise<void>,
): Promise<{ rec: Recorder; firstAttempt: number; alreadyRecorded: number; expertErrors: string[] }> {
  const { http, roundId, experts, rubric, expected, accepted, workerSamplers } = s;
  const rec = new Recorder();
  let firstAttempt = 0;
  let alreadyRecorded = 0;
  const expertErrors: string[] = [];
  const tScore = performance.now();
  const killPoints = Array.from({ length: s.killWorker }, (_, i) => Math.floor((expected * (i + 1)) / (s.killWorker + 1)));
  let killing: Promise<void> = Promise.resolve();
  const maybeKill = () => {
    while (killPoints.length && accepted.size >= killPoints[0]) {
      killPoints.shift();
      const before = accepted.size;
      killing = killing.then(async () => {
        const victim = s.app.worker!;
        const atMs = performance.now() - tScore;
        workerSamplers.get(victim)?.stop();
        await victim.kill();
        s.say(`scale: worker ${victim.pid} killed (SIGKILL) at ${(atMs / 1000).toFixed(1)} s, ${before} scores accepted`);
        await sleep(WORKER_DOWN_MS);
        const next = s.app.startWorker(`worker-restart-${s.kills.length + 1}`);
        workerSamplers.set(next, new RssSampler([next]));
        s.kills.push({
          atMs,
          scoresAcceptedBefore: before,
          restartedAtMs: performance.now() - tScore,
          pid: victim.pid,
          replacementPid: next.pid,
        });
      });
    }
  };
  const scoreOf = () =>
    Object.fromEntries(
      rubric.map((r) => {
        const max = r.maxScore ?? r.weight;
        return [r.key, Math.ceil(max / 2) + Math.floor(Math.random() * (max - Math.ceil(max / 2) + 1))];
      }),
    );

  await inPhase(async () => {
    await Promise.all(
      experts.map((e) =>
        scoreAll(e).catch((err) => {
          // One expert stuck does not stop the others; the run fails with the reason.
          expertErrors.push(`${e.username}: ${err instanceof Error ? err.message : String(err)}`);
        }),
      ),
    );
    await killing;
  });
  async function scoreAll(e: Person): Promise<void> {
    {
      const mine = new Set<string>();
      for (let idle = 0; ;) {
        const list: string[] = [];
        for (let page = 1; ; page++) {
          const r = await http.call('GET', `/api/assignments?roundId=${roundId}&status=ASSIGNED&pageSize=100&page=${page}`, e, {
            retry: true,
          });
          list.push(...(r.body.items as { applicationId: string }[]).map((a) => a.applicationId));
          if (page * 100 >= r.body.total) break;
        }
        const todo = list.filter((id) => !mine.has(id));
        if (list.length === 0) break;
        if (todo.length === 0) {
          // Listed as ASSIGNED although accepted: the list lags behind the scores. Wait, but not forever.
          if (++idle > 120) throw new Error(`expert ${e.username}: ${list.length} accepted scores still listed as ASSIGNED after 60 s`);
          await sleep(500);
          continue;
        }
        for (const applicationId of todo) {
          const t = performance.now();
          const r = await http.call('POST', `/api/assignments/${applicationId}/scores`, e, {
            body: { scores: scoreOf() },
            retry: true,
            accept: [409],
            label: 'POST /api/assignments/:id/scores',
          });
          if (r.status === 409) {
            // A retry told that the score is already in: the attempt before was recorded after all.
            if (r.attempts > 1) alreadyRecorded++;
            else throw new HttpFailure('POST /api/assignments/:id/scores', r.status, r.body);
          }
          rec.add('scored', performance.now() - t);
          if (r.attempts === 1 && r.status === 200) firstAttempt++;
          mine.add(applicationId);
          accepted.set(`${applicationId}/${e.id}`, {
            expertId: e.id,
            applicationId,
            total: r.status === 200 ? String(r.body.total) : '',
          });
          maybeKill();
        }
      }
    }
  }
  return { rec, firstAttempt, alreadyRecorded, expertErrors };
}
