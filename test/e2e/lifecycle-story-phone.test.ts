import { clearScreenshots } from '../support/browser';
import { runLifecycleStory, storyStage } from './steps/story';

/**
 * Issue 16, acceptance, and issue 5's English run: the lifecycle story (steps/story.ts) on a
 * phone, 390×844 with touch, with the interface in English — every person does their part of one
 * project's life on a phone-sized screen, from the organization's registration to the closeout
 * certificate. On every page: no sideways scrolling of the page, no Chinese left in the interface
 * (what people typed and the documents excepted), axe-core 0 serious or critical, html-validate
 * clean. English at phone width is the harder case for both: its words are longer and cannot
 * break between any two characters. The Chinese walk is lifecycle-story.test.ts (desktop); the
 * Chinese pages at phone width are held to the same rule page by page in the other browser tests
 * (PortalPages.atBothWidths, phones.test.ts).
 */

const stage = storyStage();

describe('the lifecycle story on a phone (390×844), in English', () => {
  const shots = 'story-phone-en-';
  beforeAll(() => clearScreenshots(shots));

  it(
    'carries a project from the organization’s registration to its closeout certificate, page by page, at phone width',
    async () => {
      const found = await runLifecycleStory(stage.p, stage.browser, { lang: 'en', viewport: { width: 390, height: 844 }, shots });
      expect(found.overflowing).toEqual([]);
      expect(found.untranslated).toEqual([]);
      expect(found.violations).toEqual([]);
      expect(found.markup).toEqual([]);
      expect(found.steps).toBeGreaterThan(40);
    },
    15 * 60 * 1000,
  );
});
