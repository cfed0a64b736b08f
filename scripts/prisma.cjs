#!/usr/bin/env node
// Runs the Prisma CLI the way that works offline on these machines: the WebAssembly schema
// engine chosen in prisma.config.ts, and engine paths pointing at an existing file so that the
// CLI never tries to download native engines. Usage: node scripts/prisma.mjs <prisma args...>
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const DEFAULT_DATABASE_URL = 'postgresql://psp_app@127.0.0.1:5432/psp';

function prisma(args, { quiet = false, env = {}, capture = false } = {}) {
  const placeholder = path.join(root, 'package.json');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/prisma/build/index.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: capture ? ['ignore', 'pipe', 'pipe'] : quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    env: {
      ...process.env,
      DATABASE_URL: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
      PRISMA_SCHEMA_ENGINE_BINARY: placeholder,
      PRISMA_QUERY_ENGINE_LIBRARY: placeholder,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
      ...env,
    },
  });
  if (result.status !== 0 && !capture) {
    if (quiet) process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    throw new Error(`prisma ${args.join(' ')} failed with exit code ${result.status}`);
  }
  return result;
}

exports.DEFAULT_DATABASE_URL = DEFAULT_DATABASE_URL;
exports.prisma = prisma;

if (require.main === module) {
  try {
    prisma(process.argv.slice(2));
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
