import { clearScreenshots } from '../../support/browser';
import { runLifecycleStory, storyStage } from './story';

/**
 * A story file's run at desktop size in one language, on a platform of its own (storyStage): the
 * whole story, with axe-core, html-validate and, in English, no Chinese in the interface.
 */
export function desktopStory(lang: 'zh-CN' | 'en'): void {
  const stage = storyStage();

  describe(`the lifecycle story in the browser (${lang})`, () => {
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
}
