import { clearScreenshots } from '../support/browser';
import { runLifecycleStory, storyStage } from './steps/story';

/**
 * Issue 16, acceptance: the lifecycle story (steps/story.ts) on a phone, 390×844 with touch —
 * every person does their part of one project's life on a phone-sized screen, from the
 * organization's registration to the closeout certificate. On every page: no sideways scrolling
 * of the page, axe-core 0 serious or critical, html-validate clean, a screenshot.
 */

const stage = storyStage();

describe('the lifecycle story on a phone (390×844)', () => {
  const shots = 'story-phone-';
  beforeAll(() => clearScreenshots(shots));

  it(
    'carries a project from the organization’s registration to its closeout certificate, page by page, at phone width',
    async () => {
      const found = await runLifecycleStory(stage.p, stage.browser, { lang: 'zh-CN', viewport: { width: 390, height: 844 }, shots });
      expect(found.overflowing).toEqual([]);
      expect(found.violations).toEqual([]);
      expect(found.markup).toEqual([]);
      expect(found.steps).toBeGreaterThan(40);
    },
    15 * 60 * 1000,
  );
});
