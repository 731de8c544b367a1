import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, wcagTags } from '../helpers/accessibility-violations';
import { browserTestsAvailable, launchChromium } from '../helpers/browser';

const available = browserTestsAvailable();

/** A page breaking four WCAG rules: no language, an image without text, an unlabelled field, grey on white. */
const brokenPage = `<!doctype html><html><head><title>Broken</title></head><body><main>
  <h1>Lening</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" id="logo">
  <input type="text" id="amount"><p id="faint" style="color:#bbb;background:#fff">Let op! Geld lenen kost geld</p>
</main></body></html>`;
const cleanPage = '<!doctype html><html lang="nl"><head><title>Lening</title></head><body><main><h1>Lening</h1><label for="amount">Bedrag</label><input type="text" id="amount"></main></body></html>';

/** What @axe-core/playwright's builder reports, in the helper's format. */
async function builderViolations(page: Page, name: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).options({ runOnly: { type: 'tag', values: [...wcagTags] }, resultTypes: ['violations'] }).analyze();
  return results.violations.map((violation) => `${violation.id} on ${name}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** The browser tests' fast accessibility check finds what the AxeBuilder it replaced finds. */
describe.skipIf(!available)('accessibilityViolations in a real browser', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    // AxeBuilder needs a context of its own (it opens a second page in it).
    context = await browser.newContext();
    page = await context.newPage();
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('reports the violations of a broken page, as AxeBuilder does', async () => {
    await page.setContent(brokenPage);
    const found = await accessibilityViolations(page, 'broken');
    expect(found.map((line) => line.split(' ')[0]).sort()).toEqual(['color-contrast', 'html-has-lang', 'image-alt', 'label']);
    expect(found).toContain('image-alt on broken: #logo');
    expect(found).toEqual(await builderViolations(page, 'broken'));
  }, 30_000);

  it('injects axe-core again into a new document, and finds nothing on a clean page', async () => {
    await page.setContent(brokenPage);
    expect(await accessibilityViolations(page, 'broken')).toHaveLength(4);
    await page.setContent(cleanPage);
    expect(await accessibilityViolations(page, 'clean')).toEqual([]);
    expect(await builderViolations(page, 'clean')).toEqual([]);
    // The same document checked twice (axe-core already there) still sees changes made since.
    await page.evaluate(() => document.querySelector('label')!.remove());
    expect(await accessibilityViolations(page, 'clean')).toEqual(['label on clean: #amount']);
  }, 30_000);

  it('refuses a page with frames rather than check only part of it', async () => {
    await page.setContent('<!doctype html><html lang="en"><title>Framed</title><iframe title="inner" srcdoc="<p>inner</p>"></iframe></html>');
    await page.waitForFunction(() => document.querySelector('iframe')?.contentDocument?.readyState === 'complete');
    await expect(accessibilityViolations(page, 'framed')).rejects.toThrow(/frames/);
  }, 30_000);
});
