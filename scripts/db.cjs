// Database preparation shared by `npm start`, the test setup and the migration helper.
'use strict';
const pg = require('pg');
const { prisma, DEFAULT_DATABASE_URL } = require('./prisma.cjs');

function databaseUrl() {
  return process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
}

function adminUrl(url) {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

function databaseName(url) {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

class DatabaseUnreachable extends Error {}

async function withAdmin(url, fn) {
  const client = new pg.Client({ connectionString: adminUrl(url), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (e) {
    throw new DatabaseUnreachable(
      `无法连接 PostgreSQL / cannot reach PostgreSQL at ${new URL(url).host} (${e.code ?? e.message}).\n` +
        `Start the server (on these machines: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)\n` +
        `or point the platform at another one: DATABASE_URL=postgresql://USER:PASSWORD@HOST:5432/DBNAME npm start`,
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function ensureDatabase(url = databaseUrl()) {
  const name = databaseName(url);
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`unsupported database name in DATABASE_URL: ${name}`);
  return withAdmin(url, async (c) => {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      await c.query(`CREATE DATABASE "${name}"`);
      return true;
    }
    return false;
  });
}

async function dropDatabase(url) {
  const name = databaseName(url);
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`unsupported database name: ${name}`);
  await withAdmin(url, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

function migrateDeploy(url = databaseUrl(), { quiet = false } = {}) {
  prisma(['migrate', 'deploy'], { quiet, env: { DATABASE_URL: url } });
}

exports.databaseUrl = databaseUrl;
exports.databaseName = databaseName;
exports.DatabaseUnreachable = DatabaseUnreachable;
exports.ensureDatabase = ensureDatabase;
exports.dropDatabase = dropDatabase;
exports.migrateDeploy = migrateDeploy;
