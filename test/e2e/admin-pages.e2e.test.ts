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
 * Every workspace page in a real browser at 1280 and 375 px: no sideways
 * scrolling of the page (wide tables scroll inside their own box), no WCAG
 * 2.1 A/AA violations, a screenshot of each; and the stop flow by mouse.
 */
describe.skipIf(!available)('the researcher workspace in a real browser', () => {
  let server: Awaited<ReturnType<typeof listeningTestApp>>;
  let browser: Browser;
  /** One signed-in browser context per screen size, shared by that size's page checks. */
  const signedIn = new Map<keyof typeof sizes, Promise<{ context: BrowserContext; page: Page }>>();

  beforeAll(async () => {
    server = await listeningTestApp({ databasePath: join(mkdtempSync(join(tmpdir(), 'nudgelab-admin-e2e-')), 'e2e.db') });
    await initializeExperimentStates(server.store, server.experiments, new Date());
    await server.store.createUser({ username: 'ada', role: 'admin', passwordHash: await hashPassword(password), createdAt: new Date() });
    // Real participants through the real pages, so that the tables, plots and funnel have content.
    for (const key of ['loan-anchor', 'credit-choice']) {
      await simulateParticipants({ baseUrl: server.baseUrl, definition: server.experiments.get(key)!.definition, participants: 24, idPrefix: `e2e-${key}`, concurrency: 4 });
    }
    // A note with a long unbroken address, which must wrap rather than widen the dashboard at 375 px.
    await server.store.addExperimentNote({ experimentKey: 'loan-anchor', author: 'ada', note: 'Prolific batch 1 sent: https://app.prolific.example/researcher/workspaces/studies/5f0c00000000000000000001/submissions', writtenAt: new Date() });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const session of signedIn.values()) await (await session).context.close();
    await browser?.close();
    await server?.close();
  });

  async function signedInPage(size: keyof typeof sizes): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: sizes[size], locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/admin/login`);
    await checkPage(page, `admin-${size}-login`);
    await page.fill('#username', 'ada');
    await page.fill('#password', password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${server.baseUrl}/admin`);
    return { context, page };
  }

  /** The page fits the viewport's width, axe finds nothing, and a screenshot is kept. */
  async function checkPage(page: Page, name: string) {
    await keepScreenshot(page, name);
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    expect(widths.scroll, `${name}: page width ${widths.scroll} px in a ${widths.viewport} px window`).toBeLessThanOrEqual(widths.viewport);
    const bodySize = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main')!).fontSize));
    expect(bodySize, `${name}: body text size`).toBeGreaterThanOrEqual(14);
    expect(await accessibilityViolations(page, name)).toEqual([]);
  }

  const pages = [
    ['start', '/'],
    ['dashboard', '/admin'],
    ['results', '/admin/experiments/loan-anchor/results'],
    ['results-credit-choice', '/admin/experiments/credit-choice/results'],
    ['codebook', '/admin/experiments/loan-anchor/codebook'],
    ['preview', '/admin/experiments/credit-choice/preview/fixed-shown'],
    ['api-keys', '/admin/api-keys'],
    ['audit', '/admin/audit'],
    ['erase', '/admin/participants/erase'],
    ['erase-confirmation', '/admin/participants/erase/confirm?participantId=e2e-loan-anchor-1&experiment=all'],
    ['stop-confirmation', '/admin/experiments/loan-anchor/stop'],
  ] as const;

  const pageChecks = (['desktop', 'phone'] as const).flatMap((size) => pages.map(([name, path]) => ({ size, name, path })));
  it.each(pageChecks)('$name ($path) fits a $size screen and passes axe', async ({ size, name, path }) => {
    if (!signedIn.has(size)) signedIn.set(size, signedInPage(size));
    const { page } = await signedIn.get(size)!;
    const response = await page.goto(`${server.baseUrl}${path}`);
    expect(response?.status(), path).toBe(200);
    await checkPage(page, `admin-${size}-${name}`);
  }, 60_000);

  it('asks before stopping, in a style unlike Pause, and the dashboard then says when and by whom', async () => {
    const { context, page } = await signedInPage('phone');
    const card = page.locator('[data-experiment="credit-choice"]');
    const pause = card.locator('button', { hasText: 'Pause' });
    const stop = card.locator('[data-stop]');
    const background = (element: typeof pause) => element.evaluate((node) => getComputedStyle(node).backgroundColor);
    expect(await background(stop)).not.toBe(await background(pause));

    await stop.click();
    await page.waitForURL(/\/admin\/experiments\/credit-choice\/stop$/);
    expect(await page.locator('[data-stop-consequences]').textContent()).toContain('cannot be started or resumed again');
    expect((await server.store.findExperimentState('credit-choice'))?.state).toBe('running');

    const before = new Date();
    await page.click('[data-confirm-stop]');
    await page.waitForURL(`${server.baseUrl}/admin`);
    expect(await card.locator('[data-state]').textContent()).toBe('stopped');
    expect(await card.locator('[data-state-by]').textContent()).toBe('ada');
    const since = (await card.locator('[data-state-since]').textContent())!;
    const shown = /since (\d{4}-\d\d-\d\d \d\d:\d\d) UTC/.exec(since)?.[1];
    expect(shown).toBeDefined();
    expect(Math.abs(new Date(`${shown!.replace(' ', 'T')}:00Z`).getTime() - before.getTime())).toBeLessThan(2 * 60_000);
    expect(await card.locator('[data-stop]').count()).toBe(0);
    expect((await server.store.listAudit(1))[0]).toMatchObject({ action: 'experiment.stop', actor: 'ada', subject: 'credit-choice' });
    await keepScreenshot(page, 'admin-phone-dashboard-after-stop');
    await context.close();
  }, 60_000);

  it('erases a participant from a chosen experiment only after the confirmation page', async () => {
    const { context, page } = await signedInPage('desktop');
    await page.click('text=Erase a participant');
    await page.fill('#erase-participant', 'e2e-loan-anchor-2');
    await page.selectOption('#erase-experiment', 'loan-anchor');
    await page.click('button[type=submit]:has-text("Continue")');
    await page.waitForURL(/\/admin\/participants\/erase\/confirm\?/);
    expect(await page.locator('[data-found-in]').textContent()).toBe('loan-anchor');
    expect(await server.store.findParticipant('loan-anchor', 'e2e-loan-anchor-2')).toBeDefined();
    await page.click('[data-confirm-erase]');
    await page.waitForURL(/\/admin\/participants\/erase\?erased=loan-anchor$/);
    expect(await page.locator('[data-erased]').textContent()).toContain('loan-anchor');
    expect(await server.store.findParticipant('loan-anchor', 'e2e-loan-anchor-2')).toBeUndefined();
    await context.close();
  }, 60_000);
});
