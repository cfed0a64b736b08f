import fs from 'node:fs';
import globalSetup from '../support/global-setup';
import { TALLY_DIR } from './tally';

/** The main suite's setup (Temporal dev server, fresh database) plus an empty tally folder. */
export default async function faultsSetup(): Promise<void> {
  fs.rmSync(TALLY_DIR, { recursive: true, force: true });
  fs.mkdirSync(TALLY_DIR, { recursive: true });
  await globalSetup();
}
