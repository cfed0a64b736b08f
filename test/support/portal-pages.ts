import { clearScreenshots, describeViolations, launchBrowser, screenshot, seriousViolations } from './browser';
import { TEST_PASSWORD, type TestUser } from './factories';
import { MarkupWatch } from './html';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** The two screens the portal is tried on: an office desktop and a phone. */
export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };
export type Viewport = { width: number; height: number };
/** The two widths by name, for a file that takes each step at both. */
export const WIDTHS = { desktop: DESKTOP, phone: PHONE } as const;
export type Width = keyof typeof WIDTHS;
/** What the step helpers of test/e2e/steps take: the platform's address and a check of the page as it is now. */
export interface PageSteps {
  base: string;
  check(name: string): Promise<void>;
}
/** A signed-in page with the step helpers' view of it. */
export interface SignedInPage {
  page: Page;
  ctx: PageSteps;
}
export interface PageOptions {
  locale?: string;
  viewport?: Viewport;
  hasTouch?: boolean;
}

/** Signs in through the login form and waits for the workspace it leads to. */
export async function signIn(page: Page, base: string, username: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto(`${base}/login`);
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  await Promise.all([page.waitForURL(`${base}/workspace`), page.locator('form[action="/login"] [type="submit"]').click()]);
}

/**
 * A browser test file's Chromium and pages: each context it opens is watched by html-validate
 * (MarkupWatch), pages can be opened signed in, and `atBothWidths` takes a page's screenshots at
 * desktop and phone width with axe-core's serious and critical findings at each (none allowed).
 * Screenshots of an earlier run of the same file (its prefix) are removed first.
 */
export class PortalPages {
  readonly markup = new MarkupWatch();
  private readonly contexts: BrowserContext[] = [];
  private step = 0;

  private constructor(
    readonly browser: Browser,
    readonly base: string,
    private readonly shots: string,
  ) {}

  /** `browser` when the file's setup has launched one already (it is closed by close()). */
  static async launch(base: string, shots: string, browser?: Browser): Promise<PortalPages> {
    clearScreenshots(shots);
    return new PortalPages(browser ?? (await launchBrowser()), base, shots);
  }

  /** A page in a new context (its own cookies), in Chinese at desktop width unless told otherwise. */
  async open(options: PageOptions = {}): Promise<Page> {
    const context = await this.browser.newContext({
      locale: options.locale ?? 'zh-CN',
      viewport: options.viewport ?? DESKTOP,
      hasTouch: options.hasTouch ?? false,
    });
    this.contexts.push(context);
    this.markup.watch(context);
    return context.newPage();
  }

  /** A page in a new context, signed in as `user` and at the workspace. */
  async signedIn(user: TestUser, options: PageOptions = {}): Promise<Page> {
    const page = await this.open(options);
    await signIn(page, this.base, user.username);
    return page;
  }

  /**
   * `user` signed in once at each width, each in a context of its own, for a file that takes a
   * step at one width and the same step again at the other (atBothWidths resizes one page instead).
   * Each page's checks are named with its width: `<step>-desktop-<name>`.
   */
  async signedInAtEachWidth(user: TestUser): Promise<Record<Width, SignedInPage>> {
    const at = async (width: Width): Promise<SignedInPage> => {
      const page = await this.signedIn(user, { viewport: WIDTHS[width] });
      return { page, ctx: this.steps(page, `${width}-`) };
    };
    return { desktop: await at('desktop'), phone: await at('phone') };
  }

  /** The step helpers' view of `page`: each of its checks is check(page, prefix + name). */
  steps(page: Page, prefix = ''): PageSteps {
    return { base: this.base, check: (name) => this.check(page, `${prefix}${name}`) };
  }

  /**
   * The page as it is: a screenshot numbered in the file's order of steps, nothing serious for
   * axe-core, no markup problem so far; with `fitsWidth`, nothing wider than the screen either.
   */
  async check(page: Page, name: string, options: { fitsWidth?: boolean } = {}): Promise<void> {
    this.step += 1;
    await screenshot(page, `${this.shots}${String(this.step).padStart(2, '0')}-${name}`);
    expect(describeViolations(await seriousViolations(page))).toEqual([]);
    expect(await this.markup.found()).toEqual([]);
    if (options.fitsWidth)
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(page.viewportSize()!.width);
  }

  /**
   * The page as it is at desktop and at phone width: a screenshot of each, nothing serious for
   * axe-core, and at phone width nothing wider than the screen (no sideways scrolling); left at
   * desktop width.
   */
  async atBothWidths(page: Page, name: string): Promise<void> {
    for (const [label, size] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      await page.setViewportSize(size);
      await screenshot(page, `${this.shots}${name}-${label}`);
      const sideways =
        label === 'phone' ? Math.max(0, (await page.evaluate<number>('document.documentElement.scrollWidth')) - size.width) : 0;
      expect({ name, label, axe: describeViolations(await seriousViolations(page)), sideways }).toEqual({
        name,
        label,
        axe: [],
        sideways: 0,
      });
    }
    await page.setViewportSize(DESKTOP);
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await c.close();
    await this.browser.close();
  }
}
