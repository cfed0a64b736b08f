#!/usr/bin/env node
// Starts the whole platform: the Temporal dev server (SQLite file under .data/, Web UI), Mailpit
// (the development mail server: SMTP and an HTTP API holding every message the worker sends; not
// when SMTP_HOST names a mail server or NODE_ENV=production), the demo seed (unless --no-demo,
// DEMO_DATA=0 or NODE_ENV=production), the worker and the API.
// JWT_SECRET and CSRF_SECRET come from the environment or, outside production, from
// .data/secrets.json, made at random on the first start (scripts/secrets.cjs). Ctrl-C stops every child. Run through `npm start`, whose
// prestart step (scripts/prepare.mjs --with-db) has built everything and migrated the database.
// TEMPORAL_TASK_QUEUE is passed on only when set: the seed, the worker and the API default to
// DEFAULT_TASK_QUEUE (workflows/messages.ts) themselves.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://psp_app@127.0.0.1:5432/psp',
  TEMPORAL_PORT: process.env.TEMPORAL_PORT ?? '7233',
  TEMPORAL_UI_PORT: process.env.TEMPORAL_UI_PORT ?? '8233',
  TEMPORAL_NAMESPACE: process.env.TEMPORAL_NAMESPACE ?? 'default',
  API_PORT: process.env.API_PORT ?? '3000',
};
// Prometheus metrics of each app on a loopback port of its own (METRICS_HOST widens it).
const metricsPorts = { api: process.env.API_METRICS_PORT ?? '9464', worker: process.env.WORKER_METRICS_PORT ?? '9465' };
env.TEMPORAL_ADDRESS = process.env.TEMPORAL_ADDRESS ?? `127.0.0.1:${env.TEMPORAL_PORT}`;
// Mailpit stands in for a mail server unless one is named (SMTP_URL or SMTP_HOST) or this is
// production, where the worker refuses to start without its server and SMTP_FROM.
const withMailpit = !process.env.SMTP_URL && !process.env.SMTP_HOST && process.env.NODE_ENV !== 'production';
if (withMailpit) {
  env.MAILPIT_SMTP_PORT = process.env.MAILPIT_SMTP_PORT ?? '1025';
  env.MAILPIT_UI_PORT = process.env.MAILPIT_UI_PORT ?? '8025';
  env.SMTP_HOST = '127.0.0.1';
  env.SMTP_PORT = env.MAILPIT_SMTP_PORT;
}
const dataDir = path.join(root, '.data');
const require = createRequire(import.meta.url);
const withDemo = require('./demo-data.cjs').withDemoData(process.argv, process.env);
const children = [];
let stopping = false;

const say = (m) => console.log(`[start] ${m}`);

function portOpen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const s = net.connect({ port: Number(port), host });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

async function waitFor(label, check, timeoutMs = 60000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    if (stopping) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${label} did not come up within ${timeoutMs / 1000}s`);
}

function launch(name, cmd, args, extraEnv = {}) {
  const child = spawn(cmd, args, { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (line) => `[${name}] ${line}`;
  for (const stream of [child.stdout, child.stderr]) {
    let buf = '';
    stream.on('data', (d) => {
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop();
      for (const l of lines) if (l.trim()) console.log(prefix(l));
    });
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[start] ${name} exited (${signal ?? code}); stopping the platform`);
      shutdown(1);
    }
  });
  children.push({ name, child });
  return child;
}

async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  say('stopping...');
  // API and worker first (the worker drains its tasks), the Temporal server last.
  for (const { child } of [...children].reverse()) {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 10000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

async function main() {
  fs.mkdirSync(dataDir, { recursive: true });
  const secrets = require('./secrets.cjs').ensureSecrets(dataDir, env);
  Object.assign(env, secrets.values);
  if (secrets.source === 'created') say(`made new random secrets in ${secrets.file} (owner-only); every earlier session has ended`);
  const ports = [
    ['Temporal', env.TEMPORAL_PORT, 'TEMPORAL_PORT'],
    ['Temporal UI', env.TEMPORAL_UI_PORT, 'TEMPORAL_UI_PORT'],
    ['API', env.API_PORT, 'API_PORT'],
    ['API metrics', metricsPorts.api, 'API_METRICS_PORT'],
    ['worker metrics', metricsPorts.worker, 'WORKER_METRICS_PORT'],
  ];
  if (withMailpit)
    ports.push(['Mailpit SMTP', env.MAILPIT_SMTP_PORT, 'MAILPIT_SMTP_PORT'], ['Mailpit UI', env.MAILPIT_UI_PORT, 'MAILPIT_UI_PORT']);
  for (const [label, port, variable] of ports) {
    if (await portOpen(port)) throw new Error(`port ${port} (${label}) is already in use: stop what runs there or set ${variable}`);
  }
  const attributes = JSON.parse(fs.readFileSync(path.join(root, 'workflows/search-attributes.server.json'), 'utf8'));
  launch('temporal', path.join(root, '.tools/temporal'), [
    'server',
    'start-dev',
    '--headless=false',
    '--db-filename',
    path.join(dataDir, 'temporal.sqlite'),
    '--ip',
    '127.0.0.1',
    '--port',
    env.TEMPORAL_PORT,
    '--ui-port',
    env.TEMPORAL_UI_PORT,
    '--namespace',
    env.TEMPORAL_NAMESPACE,
    '--log-level',
    'error',
    '--sqlite-pragma',
    'journal_mode=wal',
    '--sqlite-pragma',
    'synchronous=normal',
    ...Object.entries(attributes).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
  ]);
  await waitFor('Temporal server', () => portOpen(env.TEMPORAL_PORT));
  const { waitForSearchAttributes } = await import('./temporal-ready.cjs');
  await waitForSearchAttributes({ address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE, names: Object.keys(attributes) });
  if (withMailpit) {
    // Messages kept in .data/ across restarts (the newest 500); loopback only, no look-ups outside.
    // A message sent again after a worker died mid-send keeps its Message-ID, and the copy is dropped.
    launch('mailpit', path.join(root, '.tools/mailpit'), [
      '--ignore-duplicate-ids',
      '--smtp',
      `127.0.0.1:${env.MAILPIT_SMTP_PORT}`,
      '--listen',
      `127.0.0.1:${env.MAILPIT_UI_PORT}`,
      '--database',
      path.join(dataDir, 'mailpit.db'),
      '--smtp-disable-rdns',
      '--disable-version-check',
      '--quiet',
    ]);
    await waitFor('Mailpit', () => portOpen(env.MAILPIT_SMTP_PORT));
  }
  if (withDemo) {
    say('Temporal server is up; seeding demo data (start with --no-demo or DEMO_DATA=0 for none)');
    const seed = spawnSync(process.execPath, ['dist/prisma/seed.js'], { cwd: root, env, stdio: 'inherit' });
    if (seed.status !== 0) throw new Error('seeding failed');
  } else {
    say('Temporal server is up; no demo data');
    const admin = spawnSync(process.execPath, ['dist/prisma/seed.js', '--first-admin'], { cwd: root, env, stdio: 'inherit' });
    if (admin.status !== 0) throw new Error('creating the first admin account failed');
  }
  const calendar = spawnSync(process.execPath, ['dist/prisma/seed.js', '--calendar'], { cwd: root, env, stdio: 'inherit' });
  if (calendar.status !== 0) throw new Error('bringing the holiday calendar up to date failed');
  launch('worker', process.execPath, ['dist/apps/worker/src/main.js'], { METRICS_PORT: metricsPorts.worker });
  launch('api', process.execPath, ['dist/apps/api/src/main.js'], { METRICS_PORT: metricsPorts.api });
  await waitFor(
    'API',
    async () => {
      try {
        return (await fetch(`http://127.0.0.1:${env.API_PORT}/api/health`)).ok;
      } catch {
        return false;
      }
    },
    120000,
  );
  const { DEMO_USERS, DEMO_PASSWORD } = await import(path.join(root, 'dist/prisma/seed/demo-data.js'));
  const api = `http://127.0.0.1:${env.API_PORT}`;
  const demo = withDemo
    ? ` Demo accounts (password for all: ${DEMO_PASSWORD}):
${DEMO_USERS.map((u) => `   ${u.username.padEnd(11)} ${u.role.padEnd(16)} ${u.displayName}`).join('\n')}
 Sign in: curl -s -X POST ${api}/api/auth/login -H 'content-type: application/json' \\
            -d '{"username":"manager","password":"${DEMO_PASSWORD}"}'`
    : " No demo data. The first start printed the admin account's one-time password above.";
  console.log(`
============================================================
 公益创投与政府购买服务平台 is running
   Web portal     ${api}/   (sign in at ${api}/login; English via the switch in the header)
   API            ${api}/api
   API docs       ${api}/api/docs   (OpenAPI JSON: ${api}/api/docs-json)
   Health         ${api}/api/health
   Temporal UI    http://127.0.0.1:${env.TEMPORAL_UI_PORT}
   Temporal gRPC  ${env.TEMPORAL_ADDRESS} (namespace ${env.TEMPORAL_NAMESPACE})
   Metrics        http://127.0.0.1:${metricsPorts.api}/metrics (API), http://127.0.0.1:${metricsPorts.worker}/metrics (worker)
${
  withMailpit
    ? `   Mail (Mailpit) http://127.0.0.1:${env.MAILPIT_UI_PORT}/api/v1/messages` +
      `   (every email the platform sends; one as text: /view/<ID>.txt; SMTP 127.0.0.1:${env.MAILPIT_SMTP_PORT})`
    : `   Mail           ${env.SMTP_URL ? 'SMTP_URL' : `SMTP ${env.SMTP_HOST}:${env.SMTP_PORT ?? '(SMTP_PORT)'}`}`
}
${demo}
 Press Ctrl-C to stop everything.
============================================================`);
}

main().catch((e) => {
  console.error(`[start] ${e.message}`);
  shutdown(1);
});
