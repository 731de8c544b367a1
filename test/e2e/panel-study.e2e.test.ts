import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experimentRegistry } from '../../experiments/registry';
import { accessibilityViolations } from '../helpers/accessibility-violations';
import { browserTestsAvailable, launchChromium, keepScreenshot } from '../helpers/browser';
import { listeningTestApp } from '../helpers/listening-app';
import { prolificId, prolificStudyFile } from '../helpers/prolific-study';

const available = browserTestsAvailable();
const sizes = { desktop: { width: 1280, height: 900 }, phone: { width: 375, height: 740 } } as const;

/**
 * A Prolific participant in a real browser: the lender brand in the header
 * (under the AFM warning, fitting a phone), the researcher on the consent
 * page, and the debrief that returns to Prolific with the completion code on
 * its own after the notice, unless the participant stays.
 */
describe.skipIf(!available)('a panel study in a real browser', () => {
  let server: Awaited<ReturnType<typeof listeningTestApp>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await listeningTestApp({
      databasePath: join(mkdtempSync(join(tmpdir(), 'nudgelab-panel-e2e-')), 'e2e.db'),
      files: [...experimentRegistry, prolificStudyFile],
    });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The page fits its width and axe (WCAG 2.1 A/AA) finds nothing; a screenshot is kept. */
  async function checkPage(page: Page, name: string) {
    await keepScreenshot(page, name);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    expect(await accessibilityViolations(page, name)).toEqual([]);
  }

  /** Consent, screen and questionnaire of the Prolific study, ending on the debrief. */
  async function walkToDebrief(page: Page, id: string, size: keyof typeof sizes) {
    // The panel's return page, served here: the closed network has no Prolific.
    await page.route('https://app.prolific.example/**', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><html lang="en"><title>Prolific</title><h1>Back at Prolific</h1></html>' }));
    await page.goto(`${server.baseUrl}/e/prolific-study?PROLIFIC_PID=${id}&STUDY_ID=study-7&SESSION_ID=session-1`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    const warning = (await page.locator('.credit-warning').boundingBox())!;
    const brand = (await page.locator('[data-lender-brand]').boundingBox())!;
    expect(warning.y).toBeLessThanOrEqual(1);
    expect(brand.y).toBeGreaterThanOrEqual(warning.y + warning.height - 1);
    expect(await page.locator('.lender-brand__logo').evaluate((image) => (image as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    expect(await page.locator('[data-lender-brand]').evaluate((element) => getComputedStyle(element).borderBottomColor)).toBe('rgb(0, 104, 94)');
    await expect(page.locator('[data-study-information]').textContent()).resolves.toContain('FETC 24-123');
    await checkPage(page, `panel-study-${size}-1-consent`);
    await page.click('button[value=accept]');
    await page.waitForURL(/\/scenario$/);
    await page.click('a.button--primary');
    await page.waitForURL(/\/screen$/);
    await page.fill('#amount', '7,000');
    await page.click('input[name=term][value="60"]');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/questionnaire$/);
    const definition = server.experiments.get('prolific-study')!.definition;
    for (const question of definition.questionnaire) {
      if (question.kind === 'number') await page.fill(`#q_${question.key}`, String(question.truth ?? question.min));
      else await page.click(`input[name=q_${question.key}] >> nth=0`);
    }
    await page.click('button[type=submit]');
    await page.waitForURL(/\/debrief$/);
  }

  it.each(Object.keys(sizes) as (keyof typeof sizes)[])('returns to Prolific with the completion code after the notice (%s)', async (size) => {
    // A Dutch browser: the study is still in English, the experiment's default.
    const context = await browser.newContext({ viewport: sizes[size], locale: 'nl-NL' });
    const page = await context.newPage();
    const id = prolificId(size === 'desktop' ? 900 : 901);
    await walkToDebrief(page, id, size);
    const shownAt = Date.now();
    const code = (await server.store.findParticipant('prolific-study', id))!.completion!.code;
    await page.waitForURL(`https://app.prolific.example/submissions/complete?cc=${code}`, { timeout: 15_000 });
    const waited = Date.now() - shownAt;
    expect(waited).toBeGreaterThan(3_000);
    await context.close();
  }, 60_000);

  it('stays on the debrief when the participant chooses to, and passes axe', async () => {
    const context = await browser.newContext({ viewport: sizes.phone, locale: 'nl-NL' });
    const page = await context.newPage();
    // The page's clock runs as the real one until told to jump: then every timer due fires at once, so a return the click did not cancel would start.
    await page.clock.install();
    await walkToDebrief(page, prolificId(902), 'phone');
    await page.evaluate(() => window.addEventListener('beforeunload', () => document.documentElement.setAttribute('data-leaving', '')));
    await page.click('[data-stay]');
    await expect(page.locator('[data-return-status]').textContent()).resolves.toContain('You are staying on this page');
    await checkPage(page, 'panel-study-phone-2-debrief-stayed');
    // Twice the notice's delay; leaving would have run beforeunload within the jump (it runs before the navigation is sent).
    await page.clock.runFor(10_000);
    expect(await page.evaluate(() => document.documentElement.hasAttribute('data-leaving'))).toBe(false);
    expect(page.url()).toMatch(/\/e\/prolific-study\/debrief$/);
    await context.close();
  }, 60_000);
});
