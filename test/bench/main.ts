import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { FLOOR_QUEUE, runFloor } from './floor';
import { runLifecycle } from './lifecycle';
import { LOGIN_FLOOD_MODES, LOGIN_FLOOD_READ, runLoginFlood } from './login-flood';
import { parseOptions, ROOT } from './options';
import { freshDatabase, Proc, RssSampler, startApp, startTemporal, waitForPollers } from './platform';
import { runReadPath } from './read-path';
import { seedReadData } from './read-seed';
import { BenchResults, renderMarkdown } from './report';
import { runRush } from './rush';
import { runScale } from './scale-round';
import type { LoginFloodRun } from './login-flood';

// Compressed durations for the worker (as the integration tests use): a two-second notice
// period, and a term long enough that no reminder or escalation fires during the run.
const SANDBOX = { PSP_NOTICE_PERIOD_MS: '2000', PSP_TERM_MS: String(24 * 3600_000), PSP_REMINDER_LEAD_MS: String(3600_000) };
const say = (m: string) => console.log(`[bench] ${m}`);

/**
 * `npm run bench`: starts its own Temporal dev server and databases, runs the lifecycle, the
 * submission rush and the read path against the real API and worker processes, prints a
 * Markdown table and writes the figures to bench-results/ (git-ignored).
 */
async function main(): Promise<number> {
  const o = parseOptions(process.argv.slice(2), process.env);
  const startedAt = new Date().toISOString();
  const outDir = path.join(ROOT, 'bench-results');
  const stamp = startedAt.replace(/[:.]/g, '-').slice(0, 19);
  const logDir = path.join(outDir, `logs-${stamp}`);
  say(`options ${JSON.stringify(o)}; process logs in ${path.relative(ROOT, logDir)}/`);
  const results: BenchResults = {
    startedAt,
    options: o,
    commit: git(['rev-parse', '--short', 'HEAD']),
    machine: {
      cpus: os.cpus().length,
      node: process.version,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      loadAverageAtStart: os.loadavg(),
    },
  };
  const cleanup: (() => Promise<unknown>)[] = [];
  const runCleanup = async () => {
    for (const fn of cleanup.splice(0).reverse())
      await fn().catch((e) => console.error(`[bench] cleanup: ${e instanceof Error ? e.message : e}`));
  };
  process.once('SIGINT', () => void runCleanup().finally(() => process.exit(130)));

  try {
    say('starting the Temporal dev server');
    const temporal = await startTemporal();
    cleanup.push(() => temporal.teardown());
    const database = async (label: string) => {
      const db = await freshDatabase(label);
      cleanup.push(() => (o.keepDb ? Promise.resolve(say(`kept database ${db.url}`)) : db.drop()));
      // The bench's own SQL (seeding, VACUUM ANALYZE, the SQL side of the reads) runs as the owner
      // role; the API and the worker it starts connect as the application role (db.url).
      const pool = new Pool({ connectionString: db.ownerUrl, max: 4 });
      cleanup.push(() => pool.end());
      return { url: db.url, pool };
    };

    if (o.only.includes('lifecycle') || o.only.includes('rush')) {
      const db = await database('flow');
      const floorWorker = new Proc(
        'floor-worker',
        path.join(__dirname, 'floor-worker.js'),
        { TEMPORAL_ADDRESS: temporal.address, FLOOR_TASK_QUEUE: FLOOR_QUEUE },
        logDir,
      );
      cleanup.push(() => floorWorker.stop());
      await waitForPollers(temporal.client, FLOOR_QUEUE);
      // The API and the worker are started afresh for each benchmark, so each one's memory peak is its own.
      const measured = async <T>(run: (base: string) => Promise<T>) => {
        const app = await startApp({ databaseUrl: db.url, temporal, logDir, worker: true, env: SANDBOX });
        const sampler = new RssSampler([app.api, app.worker!]);
        try {
          const result = await run(app.base);
          return { result, memory: sampler.stop() };
        } finally {
          sampler.stop();
          await app.stop();
        }
      };
      const floorMeasured = async (run: () => ReturnType<typeof runFloor>) => {
        const sampler = new RssSampler([floorWorker]);
        const floor = await run();
        return { floor, memory: sampler.stop() };
      };
      if (o.only.includes('lifecycle')) {
        say(`1. lifecycle: ${o.projects} projects, ${o.users} simulated users`);
        const ours = await measured((base) => runLifecycle(base, db.pool, o));
        say(`1. lifecycle: ${ours.result.completed} closed in ${(ours.result.wallMs / 1000).toFixed(0)} s; now the floor`);
        const { floor, memory } = await floorMeasured(() =>
          runFloor(temporal.client, {
            instances: o.projects,
            updates: ours.result.updatesPerProject || 24,
            concurrency: o.users,
            waitForCompletion: true,
          }),
        );
        results.lifecycle = { ours: ours.result, floor, memory: { ...ours.memory, ...memory } };
      }
      if (o.only.includes('rush')) {
        say(`2. rush: ${o.rush} submissions at once`);
        const ours = await measured((base) => runRush(base, db.pool, o));
        say(`2. rush: ${ours.result.accepted} accepted; now the floor`);
        const { floor, memory } = await floorMeasured(() =>
          runFloor(temporal.client, {
            instances: o.rush,
            updates: 1,
            concurrency: o.rush,
            waitForCompletion: false,
            keepOpen: true,
          }),
        );
        results.rush = { ours: ours.result, floor, memory: { ...ours.memory, ...memory } };
      }
    }

    if (o.only.includes('read')) {
      const db = await database('read');
      // Only the API: reads never reach a workflow.
      const app = await startApp({ databaseUrl: db.url, temporal, logDir, worker: false });
      cleanup.push(() => app.stop());
      say(`3. read path: seeding ${o.rows} projects`);
      const data = await seedReadData(db.pool, app.base, o.rows);
      say(`3. read path: seeded in ${(data.seedMs / 1000).toFixed(0)} s; measuring`);
      results.read = { rows: o.rows, seedMs: data.seedMs, cases: await runReadPath(app.base, db.url, data, o) };
    }
    if (o.only.includes('login')) {
      const db = await database('login');
      const login = (results.login = {
        read: LOGIN_FLOOD_READ,
        floodConnections: o.loginConnections,
        seconds: o.loginSeconds,
        runs: [] as LoginFloodRun[],
      });
      for (const [mode, env] of LOGIN_FLOOD_MODES) {
        // A fresh API per mode: its limits are read at start.
        const app = await startApp({ databaseUrl: db.url, temporal, logDir, worker: false, env });
        try {
          say(`4. login flood (${mode}): ${o.loginConnections} clients logging in while a reviewer reads`);
          const run = await runLoginFlood(app.base, db.pool, o, mode);
          say(
            `4. login flood (${mode}): read p95 ${run.atRest.p95.toFixed(1)} ms at rest, ${run.duringFlood.p95.toFixed(1)} ms during the flood`,
          );
          login.runs.push(run);
        } finally {
          await app.stop();
        }
      }
    }
    if (o.only.includes('scale')) {
      const db = await database('scale');
      const app = await startApp({ databaseUrl: db.url, temporal, logDir, worker: true, env: SANDBOX });
      cleanup.push(() => app.stop());
      const s = o.scale;
      say(
        `5. scale: one round, ${s.applications} applications, ${s.experts} experts × ${s.perApplication} per application, worker killed ${s.killWorker}×`,
      );
      results.scale = await runScale({ base: app.base, pool: db.pool, client: temporal.client, app, o: s, windowMs: o.windowMs, say });
    }
  } finally {
    await runCleanup();
  }

  results.finishedAt = new Date().toISOString();
  results.machine.loadAverageAtEnd = os.loadavg();
  const markdown = renderMarkdown(results);
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, `bench-${stamp}.json`), JSON.stringify(results, null, 2));
  fs.writeFileSync(path.join(outDir, `bench-${stamp}.md`), markdown);
  console.log(`\n${markdown}`);
  say(`results written to bench-results/bench-${stamp}.json and .md`);
  if (results.scale && !results.scale.passed) {
    for (const a of results.scale.acceptance.filter((x) => !x.ok)) console.error(`[bench] scale: FAILED ${a.point}: ${a.detail}`);
    return 1;
  }
  return 0;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[bench] failed: ${e instanceof Error ? e.stack : String(e)}`);
    process.exit(1);
  },
);
