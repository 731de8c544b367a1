import { AxeBuilder } from '@axe-core/playwright';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsAvailable, launchChromium, screenshotFolder } from '../helpers/browser';
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
      await page.screenshot({ path: join(screenshotFolder(), `api-reference-${size}.png`), fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      expect(await page.locator('section.api-operation').count()).toBeGreaterThanOrEqual(7);
      expect(await page.locator('section.api-operation pre.api-example').first().innerText()).toMatch(/^curl -s/);
      const results = await new AxeBuilder({ page })
        .options({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
        .analyze();
      expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
      await context.close();
    }, 60_000);
  }
});
