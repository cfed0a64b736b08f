import { clearScreenshots } from '../support/browser';
import { runLifecycleStory, storyStage } from './steps/story';

/**
 * Issue 5, acceptance 1–3: one project's whole life through the portal's pages in Debian's
 * Chromium at desktop size, in Chinese and in English (steps/story.ts). axe-core runs on every
 * page, html-validate on the HTML the server sent for each; every step leaves a screenshot; the
 * English run finds no Chinese in the interface (what people typed and the documents excepted).
 */

// One platform for both runs: the app's configuration (its task queue) is read once per test file.
const stage = storyStage();

describe.each(['zh-CN', 'en'] as const)('the lifecycle story in the browser (%s)', (lang) => {
  const shots = `story-${lang}-`;
  beforeAll(() => clearScreenshots(shots));

  it(
    'carries a project from the organization’s registration to its closeout certificate, page by page',
    async () => {
      const found = await runLifecycleStory(stage.p, stage.browser, { lang, shots });
      expect(found.violations).toEqual([]);
      expect(found.untranslated).toEqual([]);
      expect(found.markup).toEqual([]);
      expect(found.steps).toBeGreaterThan(40);
    },
    15 * 60 * 1000,
  );
});
