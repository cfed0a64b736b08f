import { desktopStory } from './steps/story-run';

/**
 * Issue 5, acceptance 1–3 in English: the lifecycle story (steps/story.ts) at desktop size with
 * the interface in English; the run finds no Chinese in the interface (what people typed and the
 * documents excepted), and axe-core and html-validate are clean on every page.
 */
desktopStory('en');
