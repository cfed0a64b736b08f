#!/usr/bin/env node
// Prepares a fresh clone for `npm start` (--with-db) and `npm test`: checks Node, generates the
// Prisma client, compiles TypeScript, builds the Temporal CLI once, and (with --with-db)
// creates the database if missing and applies migrations. Safe to run again: each step that
// is already done is quick or skipped.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const withDb = process.argv.includes('--with-db');
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

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  console.error(`[prepare] Node.js 20 or newer is required (found ${process.version})`);
  process.exit(1);
}
if (!fs.existsSync(path.join(root, 'node_modules/@nestjs/core'))) {
  console.error('[prepare] dependencies are missing: run `npm install` first');
  process.exit(1);
}

// Jest writes its JSON results here (read by .ci/run) but does not create the folder.
fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });

run('generating Prisma client', process.execPath, ['scripts/prisma.cjs', 'generate']);
// Nest's CLI compiles the whole tree (API, worker, workflows, activities, seed) with the Swagger
// plugin, so the OpenAPI document describes every DTO field from its decorators and comments.
run('compiling TypeScript', process.execPath, ['node_modules/@nestjs/cli/bin/nest.js', 'build', 'api']);
run('checking the Temporal CLI', 'bash', ['scripts/ensure-temporal.sh']);
run('checking Chromium', 'bash', ['scripts/ensure-chromium.sh']);

if (withDb) {
  const { databaseUrl, ensureDatabase, DatabaseUnreachable } = await import('./db.cjs');
  try {
    if (await ensureDatabase()) say(`created database ${new URL(databaseUrl()).pathname.slice(1)}`);
  } catch (e) {
    if (e instanceof DatabaseUnreachable) {
      console.error(`[prepare] ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  run('applying database migrations', process.execPath, ['scripts/prisma.cjs', 'migrate', 'deploy']);
}
