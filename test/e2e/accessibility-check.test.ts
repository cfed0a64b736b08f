import { describeViolations, launchBrowser, seriousViolations } from '../support/browser';
import type { Browser } from 'playwright-core';

// The accessibility check every portal test relies on must itself find what it is there to find:
// a page with a nameless button and an unlabelled field fails it, at each width, and the same page
// put right passes.
describe('the accessibility check of the browser tests', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('reports serious findings on a page, again after a resize of the same document, and none once they are fixed', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.setContent(
      '<!DOCTYPE html><html lang="zh-CN"><head><title>检查</title></head><body><main>' +
        '<h1>评分</h1><form><input type="text" name="score"><button type="submit"></button></form></main></body></html>',
    );
    const found = (await seriousViolations(page)).map((v) => v.id).sort();
    expect(found).toEqual(expect.arrayContaining(['button-name', 'label']));
    await page.setViewportSize({ width: 390, height: 844 });
    expect(describeViolations(await seriousViolations(page)).length).toBeGreaterThanOrEqual(2);
    await page.setContent(
      '<!DOCTYPE html><html lang="zh-CN"><head><title>检查</title></head><body><main><h1>评分</h1><form>' +
        '<label for="s">得分</label><input id="s" type="text" name="score"><button type="submit">提交</button></form></main></body></html>',
    );
    expect(describeViolations(await seriousViolations(page))).toEqual([]);
  });
});
