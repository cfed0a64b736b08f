import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { GENEROUS_LIMITS } from '../support/limits';
import { ROOT } from './options';
import { sleep } from './stats';
import type { Client } from '@temporalio/client';

// The project's own plain-JS helpers (shared with npm start and the test setup), loaded from
// the repository because the compiled bench runs from dist/bench.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const db = require(path.join(ROOT, 'scripts/db.cjs'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { waitForSearchAttributes } = require(path.join(ROOT, 'scripts/temporal-ready.cjs'));

export const MAIN_QUEUE = 'bench-main';

/** A fresh database on the machine's PostgreSQL, migrated like production; dropped by drop(). */
export async function freshDatabase(label: string): Promise<{ url: string; ownerUrl: string; drop(): Promise<void> }> {
  const base = new URL(process.env.DATABASE_URL ?? 'postgresql://psp_app@127.0.0.1:5432/psp');
  base.pathname = `/psp_bench_${label}_${process.pid}_${Date.now().toString(36)}`;
  base.username = db.APP_ROLE;
  base.password = '';
  const url = base.toString();
  await db.ensureDatabase(url);
  db.migrateDeploy(url, { quiet: true });
  return { url, ownerUrl: db.ownerUrl(url), drop: () => db.dropDatabase(url) };
}

/** The Temporal dev server from .tools/, as the test setup starts it (WAL SQLite, custom search attributes). */
export async function startTemporal(): Promise<TestWorkflowEnvironment> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: path.join(ROOT, '.tools/temporal') },
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
      log: { format: 'pretty', level: 'error' },
      extraArgs: ['--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal'],
    },
  });
  await waitForSearchAttributes({ address: env.address, names: ALL_SEARCH_ATTRIBUTES.map((k) => k.name) });
  return env;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** A real process of the platform (or the floor's worker), its output kept in a log file. */
export class Proc {
  readonly child: ChildProcess;
  private exited = false;
  private stopping = false;

  constructor(
    readonly name: string,
    script: string,
    env: NodeJS.ProcessEnv,
    logDir: string,
  ) {
    fs.mkdirSync(logDir, { recursive: true });
    const log = fs.openSync(path.join(logDir, `${name}.log`), 'a');
    // BENCH_PROFILE=1: each process writes a V8 CPU profile beside its log when it exits (read it
    // with Chrome's DevTools or `npx speedscope`), to find where the time goes.
    const profile =
      process.env.BENCH_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=${logDir}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
    this.child = spawn(process.execPath, [...profile, script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    this.child.once('exit', (code, signal) => {
      this.exited = true;
      if (!this.stopping) console.error(`[bench] ${name} exited unexpectedly (${signal ?? code}); see ${path.join(logDir, `${name}.log`)}`);
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** SIGKILL at once, as a crash would (the scale bench's worker kills); no "unexpected exit" message. */
  async kill(): Promise<void> {
    this.stopping = true;
    if (this.exited) return;
    const gone = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGKILL');
    await gone;
  }

  /** SIGTERM lets the worker drain; SIGKILL after 15 s. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.exited) return;
    const gone = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    if (await Promise.race([gone.then(() => true), sleep(15000).then(() => false)])) return;
    this.child.kill('SIGKILL');
    await gone;
  }
}

export interface AppProcesses {
  base: string;
  api: Proc;
  worker?: Proc;
  /** Starts another worker process on the same task queue and settings (after a kill); it becomes `worker`. */
  startWorker(name: string): Proc;
  stop(): Promise<void>;
}

/** The API and (unless told otherwise) the worker, started from dist/ exactly as scripts/start.mjs starts them. */
export async function startApp(o: {
  databaseUrl: string;
  temporal: TestWorkflowEnvironment;
  logDir: string;
  worker: boolean;
  env?: NodeJS.ProcessEnv;
}): Promise<AppProcesses> {
  const port = await freePort();
  const env = {
    DATABASE_URL: o.databaseUrl,
    TEMPORAL_ADDRESS: o.temporal.address,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: MAIN_QUEUE,
    API_PORT: String(port),
    TEMPORAL_LOG_LEVEL: 'WARN',
    // The bench measures decisions and reads: no mail server, so no delivery loop.
    MAIL_DELIVERY: 'off',
    // No built-in secrets (config.ts): the bench signs with keys of its own run.
    JWT_SECRET: randomBytes(48).toString('base64url'),
    CSRF_SECRET: randomBytes(48).toString('base64url'),
    ...GENEROUS_LIMITS,
    ...o.env,
  };
  const workerScript = path.join(ROOT, 'dist/apps/worker/src/main.js');
  const worker = o.worker ? new Proc('worker', workerScript, env, o.logDir) : undefined;
  const api = new Proc('api', path.join(ROOT, 'dist/apps/api/src/main.js'), env, o.logDir);
  const base = `http://127.0.0.1:${port}`;
  await waitUntil('API health', async () => (await fetch(`${base}/api/health`).catch(() => undefined))?.ok === true, 120000);
  if (worker) await waitForPollers(o.temporal.client, MAIN_QUEUE);
  const app: AppProcesses = {
    base,
    api,
    worker,
    startWorker(name: string) {
      return (app.worker = new Proc(name, workerScript, env, o.logDir));
    },
    async stop() {
      await api.stop();
      await app.worker?.stop();
    },
  };
  return app;
}

/** A worker counts as started once the server sees it polling its task queue (bundling takes a few seconds). */
export async function waitForPollers(client: Client, taskQueue: string): Promise<void> {
  await waitUntil(
    `a worker polling ${taskQueue}`,
    async () => {
      const r = await client.workflowService.describeTaskQueue({
        namespace: 'default',
        taskQueue: { name: taskQueue },
        taskQueueType: 1 /* WORKFLOW */,
      });
      return (r.pollers?.length ?? 0) > 0;
    },
    180000,
  );
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what} not ready after ${timeoutMs / 1000}s`);
    await sleep(300);
  }
}

/** Resident memory of a process from /proc (kB → MB): now and the process's lifetime peak (VmHWM). */
function memoryOf(pid: number): { rssMb: number; hwmMb: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

export interface MemoryPeak {
  /** Highest RSS sampled during the measured phase. */
  peakRssMb: number;
  /** The kernel's lifetime peak (includes start-up, e.g. the worker bundling its workflows). */
  lifetimePeakMb: number;
}

/** Samples the RSS of named processes every 100 ms while a benchmark runs. */
export class RssSampler {
  private readonly peaks = new Map<string, MemoryPeak>();
  private readonly timer: NodeJS.Timeout;
  private result?: Record<string, MemoryPeak>;

  constructor(private readonly procs: Proc[]) {
    this.sample();
    this.timer = setInterval(() => this.sample(), 100);
  }

  private sample(): void {
    for (const p of this.procs) {
      const m = memoryOf(p.pid);
      if (!m) continue;
      const prev = this.peaks.get(p.name);
      this.peaks.set(p.name, { peakRssMb: Math.max(prev?.peakRssMb ?? 0, m.rssMb), lifetimePeakMb: m.hwmMb });
    }
  }

  /** The peaks so far; the first call ends the sampling, later calls return the same figures. */
  stop(): Record<string, MemoryPeak> {
    if (!this.result) {
      this.sample();
      clearInterval(this.timer);
      this.result = Object.fromEntries(this.peaks);
    }
    return this.result;
  }
}
