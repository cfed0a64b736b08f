import fs from 'node:fs';
import path from 'node:path';

/** The repository root, found from wherever the compiled bench runs (dist/bench/test/bench). */
export const ROOT = (() => {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'workflows'))) return dir;
  }
  throw new Error('repository root not found');
})();

export type BenchName = 'lifecycle' | 'rush' | 'read' | 'login' | 'scale';

export interface BenchOptions {
  /** Projects driven through the whole lifecycle (benchmark 1). */
  projects: number;
  /** Projects per funding round; rounds run side by side. */
  roundSize: number;
  /** Simulated users acting at once: requests in flight in benchmark 1 and its floor. */
  users: number;
  /** Application window of the lifecycle rounds in ms; 0 sizes it from the number of projects. */
  windowMs: number;
  /** Applications submitted at once just before the window closes (benchmark 2). */
  rush: number;
  /** Projects seeded for the read path (benchmark 3). */
  rows: number;
  readSeconds: number;
  readConnections: number;
  /** Seconds each phase of the login flood (benchmark 4) lasts, at rest and during the flood. */
  loginSeconds: number;
  /** Clients posting logins at once during the flood. */
  loginConnections: number;
  only: BenchName[];
  keepDb: boolean;
  /** The scale run of one round (`--scale`, the same as `--only scale`; not in the default set). */
  scale: ScaleOptions;
}

export interface ScaleOptions {
  /** Applications in the one round, each from its own organization. */
  applications: number;
  /** Experts on the panel; all of them score at once. */
  experts: number;
  /** Experts per application (the round's expertsPerApplication). */
  perApplication: number;
  /** Times the worker is killed (SIGKILL) and restarted during scoring. */
  killWorker: number;
  /** Requests in flight while accounts, organizations, drafts, submissions and eligibility are set up. */
  concurrency: number;
  /** Applicant accounts; each registers an equal share of the organizations (0: one per 10 applications, at least 1). */
  applicants: number;
  /** Reviewers deciding eligibility at once. */
  reviewers: number;
}

const DEFAULTS: Record<string, string> = {
  projects: '200',
  'round-size': '50',
  users: '16',
  'window-ms': '0',
  rush: '500',
  rows: '100000',
  'read-seconds': '5',
  'read-connections': '4',
  'login-seconds': '8',
  'login-connections': '16',
  only: 'lifecycle,rush,read,login',
  'keep-db': 'false',
  scale: 'false',
  applications: '2000',
  experts: '20',
  'per-application': '5',
  'kill-worker': '0',
  concurrency: '16',
  applicants: '0',
  reviewers: '4',
};
const FLAGS = ['keep-db', 'scale'];

/** Each option is a flag (`--rows 1000000` or `--rows=1000000`) or an environment variable (BENCH_ROWS). */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const raw: Record<string, string> = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS)) {
    const v = env[`BENCH_${key.toUpperCase().replace(/-/g, '_')}`];
    if (v !== undefined && v !== '') raw[key] = v;
  }
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m || !(m[1] in DEFAULTS))
      throw new Error(
        `unknown argument ${argv[i]}; known: ${Object.keys(DEFAULTS)
          .map((k) => `--${k}`)
          .join(' ')}`,
      );
    raw[m[1]] = m[2] ?? (FLAGS.includes(m[1]) && (argv[i + 1] === undefined || argv[i + 1].startsWith('--')) ? 'true' : argv[++i]);
  }
  const int = (k: string, min: number) => {
    const n = Number(raw[k]);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${k} must be an integer ≥ ${min} (got ${raw[k]})`);
    return n;
  };
  const flag = (k: string) => raw[k] === 'true' || raw[k] === '1';
  const only = (flag('scale') ? 'scale' : raw.only)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean) as BenchName[];
  for (const o of only) if (!['lifecycle', 'rush', 'read', 'login', 'scale'].includes(o)) throw new Error(`--only: unknown benchmark ${o}`);
  const scale: ScaleOptions = {
    applications: int('applications', 1),
    experts: int('experts', 1),
    perApplication: int('per-application', 1),
    killWorker: int('kill-worker', 0),
    concurrency: int('concurrency', 1),
    applicants: int('applicants', 0),
    reviewers: int('reviewers', 1),
  };
  if (scale.perApplication > scale.experts)
    throw new Error(`--per-application (${scale.perApplication}) cannot exceed --experts (${scale.experts})`);
  scale.applicants = Math.min(scale.applications, scale.applicants || Math.max(1, Math.ceil(scale.applications / 10)));
  return {
    projects: int('projects', 1),
    roundSize: int('round-size', 1),
    users: int('users', 1),
    windowMs: int('window-ms', 0),
    rush: int('rush', 1),
    rows: int('rows', 100),
    readSeconds: int('read-seconds', 1),
    readConnections: int('read-connections', 1),
    loginSeconds: int('login-seconds', 1),
    loginConnections: int('login-connections', 1),
    only,
    keepDb: flag('keep-db'),
    scale,
  };
}
