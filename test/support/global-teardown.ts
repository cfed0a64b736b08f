import { removeRunBundle } from './workflow-bundle';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__PSP_TEMPORAL__?.teardown();
  await globalThis.__PSP_MAILPIT__?.stop();
  removeRunBundle(globalThis.__PSP_WORKFLOW_BUNDLE__);
  if (globalThis.__PSP_DB_URL__ && !process.env.KEEP_TEST_DB) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const db = require('../../scripts/db.cjs');
    await db.dropDatabase(globalThis.__PSP_DB_URL__);
  }
}
