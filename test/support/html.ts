import { HtmlValidate } from 'html-validate';
import type { BrowserContext, Response } from 'playwright-core';

/**
 * Markup checks for the portal (issue 5: "valid HTML"): html-validate's `standard` preset — the
 * HTML standard's content models, nesting, attributes and unique ids, without its style rules —
 * run on the HTML exactly as the server sent it, before any script touched it.
 */
const validator = new HtmlValidate({ extends: ['html-validate:standard'] });

/** One line per problem: rule, message and where. */
export async function htmlProblems(html: string): Promise<string[]> {
  const report = await validator.validateString(html);
  return report.results.flatMap((r) =>
    r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line}${m.selector ? `, ${m.selector}` : ''})`),
  );
}

/**
 * Validates every HTML page a browser context loads (documents, not scripts or images) and
 * collects the problems, each with its address. `settle()` waits for validations under way.
 */
export function validateLoadedPages(context: BrowserContext, problems: string[]): { settle: () => Promise<void> } {
  const pending = new Set<Promise<void>>();
  context.on('response', (res: Response) => {
    if (res.request().resourceType() !== 'document' || !(res.headers()['content-type'] ?? '').includes('text/html')) return;
    // The browser's own pages (Chromium's PDF viewer in a preview frame is chrome-extension://…/index.html) are not the portal's.
    if (!/^https?:/.test(res.url())) return;
    const job = (async () => {
      let body: string;
      try {
        body = await res.text();
      } catch {
        return; // a redirect's body, or a page left before it finished loading
      }
      for (const p of await htmlProblems(body)) problems.push(`${new URL(res.url()).pathname}: ${p}`);
    })();
    pending.add(job);
    void job.finally(() => pending.delete(job));
  });
  return { settle: async () => void (await Promise.all([...pending])) };
}

/** The markup checks of a test file: watches each browser context, reports what was found so far. */
export class MarkupWatch {
  private readonly problems: string[] = [];
  private readonly settles: (() => Promise<void>)[] = [];

  watch(context: BrowserContext): void {
    this.settles.push(validateLoadedPages(context, this.problems).settle);
    // Chromium reports what the Content Security Policy blocked (an inline script or style, a
    // foreign source) on the console: the portal must work without any of it.
    context.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) this.problems.push(`${msg.location().url}: ${msg.text()}`);
    });
  }

  /** Every problem in every page loaded so far (each once), after the checks under way end. */
  async found(): Promise<string[]> {
    for (const settle of this.settles) await settle();
    return [...new Set(this.problems)];
  }
}
