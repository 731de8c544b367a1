import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/admin/password-hash';
import { simulateParticipants } from '../../server/cli/simulate-participants';
import { initializeExperimentStates } from '../../server/lifecycle/experiment-lifecycle';
import { accessibilityViolations } from '../helpers/accessibility-violations';
import { browserTestsAvailable, launchChromium, keepScreenshot } from '../helpers/browser';
import { listeningTestApp } from '../helpers/listening-app';

const sizes = { desktop: { width: 1280, height: 900 }, phone: { width: 375, height: 740 } } as const;
const available = browserTestsAvailable();
const password = 'ada-password-long';

/**
 * The results page in a real browser at 1280 and 375 px, empty, too early
 * and with data: no sideways scrolling, no WCAG 2.1 A/AA violations, the
 * chart drawn for the width (wide on a desktop, narrow on a phone), and a
 * screenshot of each.
 */
describe.skipIf(!available)('the results page in a real browser', () => {
  let server: Awaited<ReturnType<typeof listeningTestApp>>;
  let browser: Browser;
  const sessions = new Map<keyof typeof sizes, { context: BrowserContext; page: Page }>();

  beforeAll(async () => {
    server = await listeningTestApp({ databasePath: join(mkdtempSync(join(tmpdir(), 'nudgelab-results-e2e-')), 'e2e.db') });
    await initializeExperimentStates(server.store, server.experiments, new Date());
    await server.store.createUser({ username: 'ada', role: 'researcher', passwordHash: await hashPassword(password), createdAt: new Date() });
    // Too early: a handful of participants in credit-choice, fewer than 8 per arm.
    await simulateParticipants({ baseUrl: server.baseUrl, definition: server.experiments.get('credit-choice')!.definition, participants: 6, idPrefix: 'early', concurrency: 3 });
    browser = await launchChromium();
    for (const size of Object.keys(sizes) as (keyof typeof sizes)[]) {
      const context = await browser.newContext({ viewport: sizes[size], locale: 'en-GB' });
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/admin/login`);
      await page.fill('#username', 'ada');
      await page.fill('#password', password);
      await page.click('button[type=submit]');
      await page.waitForURL(`${server.baseUrl}/admin`);
      sessions.set(size, { context, page });
    }
  }, 120_000);

  afterAll(async () => {
    for (const session of sessions.values()) await session.context.close();
    await browser?.close();
    await server?.close();
  });

  /** Opens the page at both sizes: it fits the width, axe finds nothing, a screenshot is kept; returns each size's page. */
  async function openAtBothSizes(path: string, name: string, check: (page: Page, size: keyof typeof sizes) => Promise<void>) {
    for (const [size, { page }] of sessions) {
      await page.goto(`${server.baseUrl}${path}`);
      await keepScreenshot(page, `results-${name}-${size}`);
      const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));
      expect(widths.scroll, `${name} at ${size}: page width ${widths.scroll} px in a ${widths.viewport} px window`).toBeLessThanOrEqual(widths.viewport);
      expect(await accessibilityViolations(page, `${name} at ${size}`)).toEqual([]);
      await check(page, size);
    }
  }

  it('an experiment nobody has entered says so, and draws no axes', async () => {
    await openAtBothSizes('/admin/experiments/loan-anchor/results', 'empty', async (page) => {
      await expect(page.locator('[data-empty]').isVisible()).resolves.toBe(true);
      expect(await page.locator('svg').count()).toBe(0);
      expect(await page.locator('body').innerText()).not.toMatch(/1970|p = 1\.00/);
    });
  }, 120_000);

  it('too early to test: the verdict line says why, and the effect chart is words', async () => {
    await openAtBothSizes('/admin/experiments/credit-choice/results', 'too-early', async (page) => {
      const first = (await page.locator('[data-verdict-line]').first().innerText()).trim();
      expect(first).toMatch(/^Too early to test: \d+ and \d+ analysed, at least 8 per arm are needed\.$/);
      await expect(page.locator('[data-chart-empty]').first().innerText()).resolves.toMatch(/^Too early to draw: each arm needs at least 8 analysed participants/);
    });
  }, 120_000);

  it('with data: the verdict first, the chart drawn for the width, secondary outcomes folded', async () => {
    await simulateParticipants({ baseUrl: server.baseUrl, definition: server.experiments.get('loan-anchor')!.definition, participants: 45, idPrefix: 'data', effect: 1.5, concurrency: 4 });
    await openAtBothSizes('/admin/experiments/loan-anchor/results', 'data', async (page, size) => {
      const verdictTop = (await page.locator('#verdict-heading').boundingBox())!.y;
      const researcherTop = (await page.locator('#researcher-heading').boundingBox())!.y;
      expect(verdictTop).toBeLessThan(researcherTop);
      const forest = page.locator('[data-metric="amount"] figure');
      const shown = size === 'desktop' ? '.chart--wide' : '.chart--narrow';
      const hidden = size === 'desktop' ? '.chart--narrow' : '.chart--wide';
      await expect(forest.locator(shown).isVisible()).resolves.toBe(true);
      await expect(forest.locator(hidden).isVisible()).resolves.toBe(false);
      const chartWidth = (await forest.locator(shown).boundingBox())!.width;
      expect(chartWidth).toBeLessThanOrEqual(sizes[size].width);
      expect(await page.locator('details[data-metric]').count()).toBeGreaterThan(0);
      expect(await page.locator('details[data-metric][open]').count()).toBe(0);
    });
  }, 120_000);
});
