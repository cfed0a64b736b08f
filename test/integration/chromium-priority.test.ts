import { readFileSync, readdirSync } from 'node:fs';
import { launchChromium } from '../../activities/documents/pdf-renderer';

/** Every process descended from this one, with its nice value, read from /proc. */
function descendants(): { pid: number; nice: number; command: string }[] {
  const stats = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const raw = readFileSync(`/proc/${d}/stat`, 'utf8');
        // pid (comm) state ppid ... : the fields after the command name, which may hold spaces.
        const close = raw.lastIndexOf(')');
        const rest = raw.slice(close + 2).split(' ');
        return [{ pid: Number(d), ppid: Number(rest[1]), nice: Number(rest[16]), command: raw.slice(raw.indexOf('(') + 1, close) }];
      } catch {
        return [];
      }
    });
  const found: { pid: number; nice: number; command: string }[] = [];
  const parents = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const s of stats) {
      if (parents.has(s.ppid) && !parents.has(s.pid)) {
        parents.add(s.pid);
        found.push(s);
        grew = true;
      }
    }
  }
  return found;
}

describe('Chromium beside the database', () => {
  it('keeps the priority it is started with: none of its processes runs ahead of PostgreSQL and the worker', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.setContent('<p>中文 / text</p>');
      await page.pdf({ format: 'A4' });
      const chromium = descendants().filter((p) => /chrom/i.test(p.command));
      expect(chromium.length).toBeGreaterThan(1);
      expect(chromium.filter((p) => p.nice < 0)).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
