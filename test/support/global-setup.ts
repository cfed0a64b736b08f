import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { GENEROUS_LIMITS } from './limits';
import { startMailpit, type MailpitServer } from './mailpit';
import { bundleWorkflowsForRun } from './workflow-bundle';
// Plain JS helpers shared with the start scripts (CommonJS so that Jest can require them).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const db = require('../../scripts/db.cjs');

declare global {
  // Kept between globalSetup and globalTeardown (same context).
  var __PSP_TEMPORAL__: TestWorkflowEnvironment | undefined;
  var __PSP_DB_URL__: string | undefined;
  var __PSP_WORKFLOW_BUNDLE__: string | undefined;
  var __PSP_MAILPIT__: MailpitServer | undefined;
}

/**
 * One real Temporal dev server (the project's own CLI binary, random free port), one fresh
 * PostgreSQL database, one Mailpit (SMTP and its HTTP API, free ports) and one bundle of the
 * workflows per test run; all are removed by the global teardown.
 */
export default async function globalSetup(): Promise<void> {
  // Bundled while the dev server starts; awaited (and any failure thrown) at the end.
  const bundling = bundleWorkflowsForRun();
  bundling.catch(() => undefined);

  // The platform under test connects as the application role, as in production; the database
  // is created by the superuser and migrated by the owner role (scripts/db.cjs).
  const base = new URL(process.env.DATABASE_URL ?? 'postgresql://psp_app@127.0.0.1:5432/psp');
  base.pathname = `/psp_test_${process.pid}_${Date.now().toString(36)}`;
  base.username = db.APP_ROLE;
  base.password = '';
  const url = base.toString();
  await db.ensureDatabase(url);
  db.migrateDeploy(url, { quiet: true });
  globalThis.__PSP_DB_URL__ = url;

  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: path.join(__dirname, '../../.tools/temporal') },
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
      log: { format: 'pretty', level: 'error' },
      extraArgs: ['--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal'],
    },
  });
  globalThis.__PSP_TEMPORAL__ = env;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { waitForSearchAttributes } = require('../../scripts/temporal-ready.cjs');
  await waitForSearchAttributes({ address: env.address, names: ALL_SEARCH_ATTRIBUTES.map((k) => k.name) });

  const mailpit = await startMailpit();
  globalThis.__PSP_MAILPIT__ = mailpit;

  globalThis.__PSP_WORKFLOW_BUNDLE__ = await bundling;

  process.env.DATABASE_URL = url;
  process.env.MIGRATION_DATABASE_URL = db.ownerUrl(url);
  process.env.TEMPORAL_ADDRESS = env.address;
  process.env.TEMPORAL_NAMESPACE = 'default';
  process.env.NODE_ENV = 'test';
  // Warnings and errors only: a line per request and per activity would bury the test output.
  process.env.LOG_LEVEL ??= 'warn';
  // No built-in secrets: each run signs with keys of its own, as `npm start` does on a first start.
  process.env.JWT_SECRET = randomBytes(48).toString('base64url');
  process.env.CSRF_SECRET = randomBytes(48).toString('base64url');
  Object.assign(process.env, GENEROUS_LIMITS);
  // The run's mail server (test/support/mailbox.ts reads it). Worker processes that tests start
  // deliver no mail: a test that checks mail runs its own delivery loop, which takes only the
  // messages of its own recipients, so no file sends another file's messages.
  process.env.SMTP_HOST = '127.0.0.1';
  process.env.SMTP_PORT = String(mailpit.smtpPort);
  process.env.MAILPIT_URL = mailpit.url;
  process.env.MAIL_DELIVERY = 'off';
}
