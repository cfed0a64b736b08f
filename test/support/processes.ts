import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Real processes for the fault-injection tests: the built worker and API (dist/), a private
 * Temporal dev server on a SQLite file and a private PostgreSQL cluster, each of which a test may
 * kill and start again. Nothing here touches the machine's shared PostgreSQL server.
 */
const ROOT = path.join(__dirname, '../..');
export const WORKER_MAIN = path.join(ROOT, 'dist/apps/worker/src/main.js');
export const API_MAIN = path.join(ROOT, 'dist/apps/api/src/main.js');
const TEMPORAL_BIN = path.join(ROOT, '.tools/temporal');
const verbose = !!process.env.PSP_FAULTS_VERBOSE;

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A child process whose output lines are kept, so a test can wait for one of them. */
export class Managed {
  readonly lines: string[] = [];
  private waiters: { re: RegExp; resolve: (line: string) => void }[] = [];
  readonly exited: Promise<void>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    for (const stream of [child.stdout, child.stderr]) {
      let buf = '';
      stream?.on('data', (d: Buffer) => {
        buf += d.toString();
        const parts = buf.split('\n');
        buf = parts.pop() ?? '';
        for (const line of parts) this.onLine(line);
      });
    }
    this.exited = new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  private onLine(line: string): void {
    this.lines.push(line);
    if (verbose) process.stderr.write(`[${this.name}] ${line}\n`);
    this.waiters = this.waiters.filter((w) => (w.re.test(line) ? (w.resolve(line), false) : true));
  }

  /** The next line (or one already seen, from `since` on) that matches. */
  waitForLine(re: RegExp, timeoutMs = 60000, since = 0): Promise<string> {
    const seen = this.lines.slice(since).find((l) => re.test(l));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`${this.name}: no line matching ${re} within ${timeoutMs} ms; last lines:\n${this.lines.slice(-15).join('\n')}`),
          ),
        timeoutMs,
      );
      const exit = () => reject(new Error(`${this.name} exited before printing ${re}; last lines:\n${this.lines.slice(-15).join('\n')}`));
      this.child.once('exit', exit);
      this.waiters.push({ re, resolve: (l) => (clearTimeout(timer), this.child.off('exit', exit), resolve(l)) });
    });
  }

  /** kill -9, or a polite signal with a deadline after which it is kill -9 anyway. */
  async stop(signal: NodeJS.Signals = 'SIGKILL', graceMs = 10000): Promise<void> {
    if (!this.running) return;
    this.child.kill(signal);
    if (signal !== 'SIGKILL') await Promise.race([this.exited, sleep(graceMs)]);
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }
}

function launch(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): Managed {
  return new Managed(name, spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

export interface PlatformEnv {
  DATABASE_URL: string;
  TEMPORAL_ADDRESS: string;
  TEMPORAL_TASK_QUEUE: string;
  [name: string]: string | undefined;
}

/** The built worker (what `npm start` runs); resolves once it polls its task queue (an info line, so logged at info). */
export async function spawnWorker(env: PlatformEnv, name = 'worker'): Promise<Managed> {
  if (!fs.existsSync(WORKER_MAIN)) throw new Error('dist/ is missing: run `node scripts/prepare.mjs` first');
  const w = launch(name, process.execPath, [WORKER_MAIN], { ...process.env, TEMPORAL_NAMESPACE: 'default', LOG_LEVEL: 'info', ...env });
  await w.waitForLine(/polling task queue/, 90000);
  return w;
}

/** The built API on its own port; resolves once it listens. */
export async function spawnApi(env: PlatformEnv & { API_PORT: string }, name = 'api'): Promise<Managed> {
  const api = launch(name, process.execPath, [API_MAIN], {
    ...process.env,
    TEMPORAL_NAMESPACE: 'default',
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    ...env,
  });
  await api.waitForLine(/listening on/, 90000);
  return api;
}

/** A Temporal dev server of our own on a SQLite file, so that it can be killed and restarted. */
export class PrivateTemporal {
  private proc?: Managed;
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'psp-temporal-'));
  port = 0;

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    const attributes = JSON.parse(fs.readFileSync(path.join(ROOT, 'workflows/search-attributes.server.json'), 'utf8')) as Record<
      string,
      string
    >;
    this.proc = launch(
      'temporal',
      TEMPORAL_BIN,
      [
        'server',
        'start-dev',
        '--headless',
        '--db-filename',
        path.join(this.dir, 'temporal.sqlite'),
        '--ip',
        '127.0.0.1',
        '--port',
        String(this.port),
        '--http-port',
        String(await freePort()),
        '--metrics-port',
        String(await freePort()),
        '--namespace',
        'default',
        '--log-level',
        'error',
        '--sqlite-pragma',
        'journal_mode=wal',
        '--sqlite-pragma',
        'synchronous=normal',
        '--dynamic-config-value',
        'frontend.enableUpdateWorkflowExecution=true',
        '--dynamic-config-value',
        'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
        ...Object.entries(attributes).flatMap(([n, t]) => ['--search-attribute', `${n}=${t}`]),
      ],
      process.env,
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { waitForSearchAttributes } = require('../../scripts/temporal-ready.cjs');
    await waitForSearchAttributes({ address: this.address, names: Object.keys(attributes) });
  }

  /** kill -9 by default: the harshest stop; SQLite in WAL mode keeps what was committed. */
  stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    return this.proc?.stop(signal) ?? Promise.resolve();
  }

  async destroy(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A throwaway PostgreSQL cluster (initdb into a temporary folder, its own port and socket
 * folder). PostgreSQL refuses to run as root, so as root its commands run as the postgres user.
 */
export class PrivatePostgres {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'psp-pg-'));
  private readonly bin: string;
  private readonly asUser: string[];
  port = 0;

  constructor() {
    const versions = fs
      .readdirSync('/usr/lib/postgresql')
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length === 0) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql');
    this.bin = `/usr/lib/postgresql/${versions[0]}/bin`;
    this.asUser = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
    if (this.asUser.length) {
      const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
      const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
      fs.chownSync(this.dir, uid, gid);
    }
  }

  url(database: string): string {
    return `postgresql://psp_app@127.0.0.1:${this.port}/${database}`;
  }

  /** Asynchronous, so that requests in flight keep going while the server stops under them. */
  private run(tool: string, args: string[]): Promise<void> {
    const argv = [...this.asUser, path.join(this.bin, tool), ...args];
    return new Promise((resolve, reject) => {
      const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${tool} ${args.join(' ')} failed (${code}): ${out}`))));
    });
  }

  async init(): Promise<void> {
    this.port = await freePort();
    await this.run('initdb', [
      '-D',
      path.join(this.dir, 'data'),
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--no-locale',
      '--no-sync',
    ]);
    await this.start();
  }

  start(): Promise<void> {
    return this.run('pg_ctl', [
      'start',
      '-w',
      '-D',
      path.join(this.dir, 'data'),
      '-l',
      path.join(this.dir, 'server.log'),
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
    ]);
  }

  /** immediate: the server drops every connection at once, like a crash (recovery on start). */
  stop(mode: 'immediate' | 'fast' = 'immediate'): Promise<void> {
    return this.run('pg_ctl', ['stop', '-w', '-D', path.join(this.dir, 'data'), '-m', mode]);
  }

  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => undefined);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
