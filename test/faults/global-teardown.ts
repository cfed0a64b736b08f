import globalTeardown from '../support/global-teardown';
import { readTallies } from './tally';

/** Prints what the suite did, file by file, then the one summary line the issue asks for. */
export default async function faultsTeardown(): Promise<void> {
  await globalTeardown();
  const tallies = readTallies();
  const sum = { faults: 0, transitions: 0, duplicates: 0 };
  const lines: string[] = [];
  for (const [name, t] of Object.entries(tallies)) {
    sum.faults += t.faults;
    sum.transitions += t.transitions;
    sum.duplicates += t.duplicates;
    lines.push(
      `  ${name}: faults ${t.faults}, transitions ${t.transitions}, duplicates ${t.duplicates}${t.notes?.length ? ` — ${t.notes.join('; ')}` : ''}`,
    );
  }
  process.stdout.write(
    `\nfault-injection suite:\n${lines.join('\n')}\nfaults injected: ${sum.faults}, transitions checked: ${sum.transitions}, duplicates found: ${sum.duplicates}\n`,
  );
}
