// Database preparation shared by `npm start`, the test setup and the migration helper.
//
// Three connections, three roles: the platform (API, worker, seed) connects as the application
// role (DATABASE_URL, user psp_app), which may not truncate, alter tables or rewrite the audit and
// payment rows; migrations run as the owner role (MIGRATION_DATABASE_URL, user psp_owner), which
// owns every table; a superuser (DATABASE_ADMIN_URL, user postgres) is needed only to create the
// two roles and the database, and is skipped when it cannot connect and they already exist.
'use strict';
const pg = require('pg');
const { prisma, DEFAULT_DATABASE_URL } = require('./prisma.cjs');

const APP_ROLE = 'psp_app';
const OWNER_ROLE = 'psp_owner';

function databaseUrl() {
  return process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
}

function sameServer(a, b) {
  return a.hostname === b.hostname && a.port === b.port;
}

/** `url` as another role (password from `from` when it names one), same server and database. */
function asRole(url, user, from) {
  const u = new URL(url);
  u.username = user;
  u.password = from?.password ?? '';
  return u.toString();
}

/** The owner's URL for the database of `url`: MIGRATION_DATABASE_URL's credentials when it names the same server. */
function ownerUrl(url = databaseUrl()) {
  const m = process.env.MIGRATION_DATABASE_URL ? new URL(process.env.MIGRATION_DATABASE_URL) : null;
  if (m && sameServer(m, new URL(url))) return asRole(url, decodeURIComponent(m.username), m);
  return asRole(url, OWNER_ROLE);
}

function adminUrl(url) {
  const a = process.env.DATABASE_ADMIN_URL ? new URL(process.env.DATABASE_ADMIN_URL) : null;
  const u = new URL(a && sameServer(a, new URL(url)) ? asRole(url, decodeURIComponent(a.username), a) : asRole(url, 'postgres'));
  u.pathname = '/postgres';
  return u.toString();
}

function databaseName(url) {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

class DatabaseUnreachable extends Error {}

async function connect(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  return client;
}

async function withClient(url, fn) {
  const client = await connect(url);
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function unreachable(url, e) {
  return new DatabaseUnreachable(
    `无法连接 PostgreSQL / cannot reach PostgreSQL at ${new URL(url).host} (${e.code ?? e.message}).\n` +
      `Start the server (on these machines: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)\n` +
      `or point the platform at another one: DATABASE_URL=postgresql://${APP_ROLE}:PASSWORD@HOST:5432/DBNAME ` +
      `MIGRATION_DATABASE_URL=postgresql://${OWNER_ROLE}:PASSWORD@HOST:5432/DBNAME npm start`,
  );
}

const ROLE_ATTRIBUTES = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS';

/**
 * Creates the two roles when missing (several test runs may race: a duplicate is fine) and makes
 * sure neither is a superuser, which could switch the tables' triggers off.
 */
async function ensureRoles(c) {
  for (const role of [OWNER_ROLE, APP_ROLE]) {
    const { rows } = await c.query('SELECT rolsuper, rolbypassrls, rolcreaterole FROM pg_roles WHERE rolname = $1', [role]);
    if (rows.length === 0) {
      try {
        await c.query(`CREATE ROLE ${role} ${ROLE_ATTRIBUTES}`);
      } catch (e) {
        if (e.code !== '42710' && e.code !== '23505') throw e;
      }
    } else if (rows[0].rolsuper || rows[0].rolbypassrls || rows[0].rolcreaterole) {
      await c.query(`ALTER ROLE ${role} ${ROLE_ATTRIBUTES}`);
    }
  }
}

/**
 * A database made before the roles existed belongs to whoever created it: hand it and every
 * object of the public schema to the owner role, so that migrations (run as the owner) can
 * change them. Objects of the system (and of extensions) stay where they are.
 */
const ADOPT = `DO $adopt$ DECLARE r record; BEGIN
  FOR r IN SELECT format('ALTER TABLE public.%I OWNER TO ${OWNER_ROLE}', c.relname) AS q FROM pg_class c
           WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
             AND pg_get_userbyid(c.relowner) <> '${OWNER_ROLE}'
  LOOP EXECUTE r.q; END LOOP;
  FOR r IN SELECT format('ALTER SEQUENCE public.%I OWNER TO ${OWNER_ROLE}', c.relname) AS q FROM pg_class c
           WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'S' AND pg_get_userbyid(c.relowner) <> '${OWNER_ROLE}'
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
  LOOP EXECUTE r.q; END LOOP;
  FOR r IN SELECT format('ALTER TYPE public.%I OWNER TO ${OWNER_ROLE}', t.typname) AS q FROM pg_type t
           WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd') AND pg_get_userbyid(t.typowner) <> '${OWNER_ROLE}'
  LOOP EXECUTE r.q; END LOOP;
  FOR r IN SELECT format('ALTER FUNCTION %s OWNER TO ${OWNER_ROLE}', p.oid::regprocedure) AS q FROM pg_proc p
           WHERE p.pronamespace = 'public'::regnamespace AND pg_get_userbyid(p.proowner) <> '${OWNER_ROLE}'
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
  LOOP EXECUTE r.q; END LOOP;
END $adopt$`;

/** Creates the roles and the database of `url` (owned by the owner role) when missing; true if it created the database. */
async function ensureDatabase(url = databaseUrl()) {
  const name = databaseName(url);
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`unsupported database name in DATABASE_URL: ${name}`);
  let admin;
  try {
    admin = await connect(adminUrl(url));
  } catch (e) {
    // Without a superuser, the roles and the database must already be there: the owner can connect.
    try {
      await withClient(ownerUrl(url), () => undefined);
      return false;
    } catch {
      throw unreachable(url, e);
    }
  }
  try {
    await ensureRoles(admin);
    const { rows } = await admin.query('SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1', [name]);
    if (rows.length === 0) {
      await admin.query(`CREATE DATABASE "${name}" OWNER ${OWNER_ROLE}`);
      return true;
    }
    if (rows[0].owner !== OWNER_ROLE) await admin.query(`ALTER DATABASE "${name}" OWNER TO ${OWNER_ROLE}`);
    await withClient(new URL(`/${encodeURIComponent(name)}`, adminUrl(url)).toString(), (c) => c.query(ADOPT));
    return false;
  } finally {
    await admin.end();
  }
}

async function dropDatabase(url) {
  const name = databaseName(url);
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`unsupported database name: ${name}`);
  await withClient(adminUrl(url), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Applies the migrations as the owner role of `url`'s database. */
function migrateDeploy(url = databaseUrl(), { quiet = false } = {}) {
  prisma(['migrate', 'deploy'], { quiet, env: { DATABASE_URL: ownerUrl(url) } });
}

exports.APP_ROLE = APP_ROLE;
exports.OWNER_ROLE = OWNER_ROLE;
exports.databaseUrl = databaseUrl;
exports.databaseName = databaseName;
exports.ownerUrl = ownerUrl;
exports.adminUrl = adminUrl;
exports.DatabaseUnreachable = DatabaseUnreachable;
exports.ensureDatabase = ensureDatabase;
exports.dropDatabase = dropDatabase;
exports.migrateDeploy = migrateDeploy;
