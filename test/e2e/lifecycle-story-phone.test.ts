import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { clearScreenshots, launchBrowser } from '../support/browser';
import { runLifecycleStory, STORY_ENV } from './steps/story';
import type { Browser } from 'playwright-core';

/**
 * Issue 16, acceptance: the lifecycle story (steps/story.ts) on a phone, 390×844 with touch —
 * every person does their part of one project's life on a phone-sized screen, from the
 * organization's registration to the closeout certificate. On every page: no sideways scrolling
 * of the page, axe-core 0 serious or critical, html-validate clean, a screenshot.
 */

let p: TestPlatform;
let browser: Browser;

beforeAll(async () => {
  Object.assign(process.env, STORY_ENV);
  p = await startPlatform({ listen: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await shutDown(p);
  for (const name of Object.keys(STORY_ENV)) delete process.env[name];
});

describe('the lifecycle story on a phone (390×844)', () => {
  const shots = 'story-phone-';
  beforeAll(() => clearScreenshots(shots));

  it(
    'carries a project from the organization’s registration to its closeout certificate, page by page, at phone width',
    async () => {
      const found = await runLifecycleStory(p, browser, { lang: 'zh-CN', viewport: { width: 390, height: 844 }, shots });
      expect(found.overflowing).toEqual([]);
      expect(found.violations).toEqual([]);
      expect(found.markup).toEqual([]);
      expect(found.steps).toBeGreaterThan(40);
    },
    15 * 60 * 1000,
  );
});
