import { desktopStory } from './steps/story-run';

/**
 * Issue 5, acceptance 1–3: one project's whole life through the portal's pages in Debian's
 * Chromium at desktop size, in Chinese (steps/story.ts; the English run, at phone width, is
 * lifecycle-story-phone.test.ts, a file of its own so the two run side by side). axe-core runs on
 * every page, html-validate on the HTML the server sent for each; every step leaves a screenshot.
 */
desktopStory('zh-CN');
