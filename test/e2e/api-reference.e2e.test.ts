import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations } from '../helpers/accessibility-violations';
import { browserTestsAvailable, launchChromium, keepScreenshot } from '../helpers/browser';
import { listeningTestApp } from '../helpers/listening-app';

const available = browserTestsAvailable();

describe.skipIf(!available)('the API reference in a real browser', () => {
  let server: Awaited<ReturnType<typeof listeningTestApp>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await listeningTestApp();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [size, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 375, height: 740 }],
  ] as const) {
    it(`reads at ${viewport.width} px without sideways scrolling and with no accessibility violations`, async () => {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/api`);
      await keepScreenshot(page, `api-reference-${size}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      expect(await page.locator('section.api-operation').count()).toBeGreaterThanOrEqual(7);
      expect(await page.locator('section.api-operation pre.api-example').first().innerText()).toMatch(/^curl -s/);
      expect(await accessibilityViolations(page, `the API reference at ${size}`)).toEqual([]);
      await context.close();
    }, 60_000);
  }
});
