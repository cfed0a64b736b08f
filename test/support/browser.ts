import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { CHROMIUM_PATH, launchChromium } from '../../activities/documents/pdf-renderer';
import type { AxeResults, Result as AxeViolation } from 'axe-core';

/**
 * Browser tests drive Debian's Chromium (installed by scripts/ensure-chromium.sh, run from
 * scripts/prepare.mjs) through playwright-core: Playwright's own browser download cannot reach
 * its host from these machines.
 */
export { CHROMIUM_PATH };
export const SCREENSHOT_DIR = resolve(__dirname, '../../test-results/screenshots');

export function launchBrowser(): Promise<Browser> {
  return launchChromium();
}

// Evaluated through the DevTools protocol rather than added as a <script>: the portal's CSP (no
// inline scripts) applies to the page's own code, and the tests must not switch it off to run axe.
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const BLOCKING = new Set(['serious', 'critical']);

/**
 * axe-core's serious and critical violations on the page as it is now. axe-core is injected once
 * per document (a second check of the same page, at the other width, reuses it), and asked for its
 * violations only: the passes and the inapplicable rules are not described node by node, which is
 * most of a run's time on a long page.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate<boolean>('typeof globalThis.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  // Runs in the page, where axe-core is a global.
  const results = await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(o: { resultTypes: string[] }): Promise<AxeResults> } }).axe.run({ resultTypes: ['violations'] }),
  );
  return results.violations.filter((v) => v.impact != null && BLOCKING.has(v.impact));
}

/** One line per violation and node, for a readable assertion failure. */
export function describeViolations(violations: AxeViolation[]): string[] {
  return violations.flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id}: ${v.help} — ${n.target.join(' ')}`));
}

/** Removes a test file's screenshots of an earlier run, so the folder shows this run only. */
export function clearScreenshots(prefix: string): void {
  if (!existsSync(SCREENSHOT_DIR)) return;
  for (const f of readdirSync(SCREENSHOT_DIR)) if (f.startsWith(prefix)) rmSync(join(SCREENSHOT_DIR, f));
}

/**
 * A full-page screenshot under test-results/screenshots/ (git-ignored), named by step, for people
 * to look through after a run. Not taken with PSP_TEST_SCREENSHOTS=off (.ci/run, whose clone is
 * thrown away): a screenshot asserts nothing, and the pictures cost a tenth of the browser time.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = join(SCREENSHOT_DIR, `${name.replace(/[^a-zA-Z0-9._-]+/g, '-')}.png`);
  if (process.env.PSP_TEST_SCREENSHOTS === 'off') return file;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * The page's visible interface text, without what people typed (elements marked
 * data-user-content) and without text marked as another language (the language switch names
 * each language in itself), so a test can check that a page speaks only its own language.
 */
export async function interfaceText(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    const copy = document.body.cloneNode(true);
    const lang = document.documentElement.lang;
    // What people typed (a project's title, say) may also stand in the window title: cut it there too.
    let title = document.title;
    copy.querySelectorAll('[data-user-content]').forEach((el) => {
      const typed = (el.textContent || '').trim();
      if (typed) title = title.split(typed).join(' ');
      el.remove();
    });
    copy.querySelectorAll('script, style').forEach((el) => el.remove());
    copy.querySelectorAll('[lang]').forEach((el) => { if (el.getAttribute('lang') !== lang) el.remove(); });
    return [title, copy.textContent].join(' ');
  })()`);
}
