#!/usr/bin/env node
// Writes a new migration: the SQL difference between prisma/schema.migrated.prisma (the schema
// as of the last migration) and prisma/schema.prisma, then refreshes the snapshot.
// `prisma migrate dev` and diffs against a live database do not work with the offline schema
// engine (see docs/development.md), so schema-to-schema diffs are used instead.
// Usage: npm run db:new-migration -- <name>
import fs from 'node:fs';
import path from 'node:path';
import { prisma } from './prisma.cjs';
import { ensureDatabase } from './db.cjs';

const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]/gi, '_');
if (!name) {
  console.error('usage: npm run db:new-migration -- <name>');
  process.exit(2);
}
const snapshot = 'prisma/schema.migrated.prisma';
const from = fs.existsSync(snapshot) ? ['--from-schema-datamodel', snapshot] : ['--from-empty'];
await ensureDatabase();
const r = prisma(['migrate', 'diff', ...from, '--to-schema-datamodel', 'prisma/schema.prisma', '--script'], { capture: true });
if (r.status !== 0) {
  console.error(r.stderr);
  process.exit(1);
}
const sql = r.stdout
  .split('\n')
  .filter((l) => !l.startsWith('Loaded Prisma config'))
  .join('\n')
  .trim();
if (!sql || sql === '-- This is an empty migration.') {
  console.log('schema and migrations agree: nothing to write');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = path.join('prisma/migrations', `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'migration.sql'), sql + '\n');
fs.copyFileSync('prisma/schema.prisma', snapshot);
console.log(`wrote ${dir}/migration.sql (add hand-written constraints or triggers below the generated SQL)`);
