import fs from 'node:fs';
import path from 'node:path';

/**
 * What each fault-injection test file did, written to test-results/faults/<file>.json so that
 * the global teardown can print one summary line for the whole suite.
 */
export interface Tally {
  faults: number;
  transitions: number;
  duplicates: number;
  /** Free-form detail for the per-file line (kills per kind, requests sent…). */
  notes?: string[];
}

export const TALLY_DIR = path.join(__dirname, '../../test-results/faults');

export function newTally(): Tally {
  return { faults: 0, transitions: 0, duplicates: 0, notes: [] };
}

export function writeTally(file: string, tally: Tally): void {
  fs.mkdirSync(TALLY_DIR, { recursive: true });
  fs.writeFileSync(path.join(TALLY_DIR, `${path.basename(file).replace(/\.faults\.ts$/, '')}.json`), JSON.stringify(tally, null, 2));
}

export function readTallies(): Record<string, Tally> {
  if (!fs.existsSync(TALLY_DIR)) return {};
  return Object.fromEntries(
    fs
      .readdirSync(TALLY_DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => [f.replace(/\.json$/, ''), JSON.parse(fs.readFileSync(path.join(TALLY_DIR, f), 'utf8')) as Tally]),
  );
}
