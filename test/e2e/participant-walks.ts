import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experimentRegistry } from '../../experiments/registry';
import { questionsAt } from '../../experiments/questions-at';
import { validateExperiments } from '../../experiments/validate-experiments';
import { idInArm } from '../helpers/ids-in-arm';
import { drawArm, type RandomisedExperiment } from '../../server/assignment/draw-arm';
import type { PermutedBlockDraw } from '../../server/store/store';
import { formatEuros } from '../../server/i18n/format';
import { accessibilityViolations } from '../helpers/accessibility-violations';
import { browserTestsAvailable, launchChromium, keepScreenshot } from '../helpers/browser';
import { listeningTestApp } from '../helpers/listening-app';
import { screenWalkOf } from './screen-walks/screen-walks';
import { expectLiveCreditTable, normalizeSpaces } from './screen-walks/screen-walk';
import { sliderStudy } from './slider-study';
import { listProcessEvents } from '../helpers/store-reads';

const sizes = { desktop: { width: 1280, height: 900 }, phone: { width: 375, height: 740 } } as const;
const available = browserTestsAvailable();

/**
 * Real-browser walks through every arm of the given experiments, by mouse (in
 * Dutch) and by keyboard only (in English), at desktop and phone size, against
 * the real app on 127.0.0.1 with a temporary database. One test file per
 * experiment, so the two cores run them side by side.
 */
export function describeParticipantWalks(experimentKeys: readonly string[], { withSlider = false } = {}) {
describe.skipIf(!available)(`participant screens of ${experimentKeys.join(', ')} in a real browser`, () => {
  let server: Awaited<ReturnType<typeof listeningTestApp>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await listeningTestApp({
      databasePath: join(mkdtempSync(join(tmpdir(), 'nudgelab-e2e-')), 'e2e.db'),
      files: [...experimentRegistry, { file: 'test/e2e/slider-study.ts', definition: sliderStudy }],
    });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /**
   * No WCAG 2.1 A/AA violations, and a screenshot for people to look at. axe
   * runs on every page of the desktop walks (every arm in both languages) and
   * on the screen itself at phone size.
   */
  async function checkPage(page: Page, name: string, { accessibility = true } = {}) {
    await keepScreenshot(page, name);
    if (!accessibility) return;
    expect(await accessibilityViolations(page, name)).toEqual([]);
  }

  /** Presses Tab until the focused element matches `selector` (at most 60 times). */
  async function tabTo(page: Page, selector: string) {
    for (let presses = 0; presses < 60; presses += 1) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector)) return;
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  /** The tab stops of the page, top to bottom, until the submit button; they must follow the visual order. */
  async function expectFocusFollowsLayout(page: Page) {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const tops: number[] = [];
    for (let presses = 0; presses < 40; presses += 1) {
      await page.keyboard.press('Tab');
      const stop = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement;
        return { top: element.getBoundingClientRect().top + window.scrollY, submit: element.matches('button[type=submit]') };
      });
      tops.push(stop.top);
      if (stop.submit) break;
    }
    expect(tops.length).toBeGreaterThan(1);
    tops.slice(1).forEach((top, index) => expect(top, `tab stop ${index + 2}`).toBeGreaterThanOrEqual(tops[index]! - 2));
  }

  async function expectWarningAtTop(page: Page, text: string) {
    const warning = page.locator('.credit-warning');
    expect(normalizeSpaces(await warning.textContent())).toContain(text);
    const box = (await warning.boundingBox())!;
    const viewport = page.viewportSize()!;
    expect(box.y).toBeLessThanOrEqual(1);
    expect(box.width).toBeGreaterThanOrEqual(viewport.width - 1);
    expect(box.height).toBeGreaterThanOrEqual(0.1 * viewport.height);
  }

  /**
   * A panel id that lands in `arm`. By hashing, the first such id. With
   * permuted blocks the arm depends on who entered before, so filler
   * participants are enrolled through the store until the next free position
   * of the block holds `arm` (walks in one file run one after another).
   */
  async function pidFor(definition: RandomisedExperiment & { key: string }, arm: string, tag: string): Promise<string> {
    if ((definition.randomisation?.method ?? 'hash') === 'hash') return idInArm(definition, arm, tag);
    for (let filler = 0; filler < 12; filler += 1) {
      const draw = drawArm(definition, `${tag}-probe`) as PermutedBlockDraw;
      const entered = (await server.store.countByArm(definition.key)).reduce((sum, row) => sum + row.entered, 0);
      if (draw.armAt(Math.floor(entered / draw.blockSize), entered % draw.blockSize) === arm) return `${tag}-${arm}`;
      await server.store.enrolParticipant({
        experimentKey: definition.key,
        participantId: `${tag}-filler-${filler}`,
        panelId: null,
        locale: 'nl',
        userAgentClass: 'desktop',
        arm: draw,
        definitionHash: server.experiments.get(definition.key)!.definitionHash,
        at: new Date(),
      });
    }
    throw new Error(`no position of the next two blocks holds ${arm}`);
  }

  // A factorial design has more cells: each is walked by mouse on a desktop and by keyboard on a phone (not all four), keeping the file's run time.
  const walks = [...validateExperiments(experimentRegistry).values()].filter(({ definition }) => experimentKeys.includes(definition.key)).flatMap(({ definition: experiment }) => {
    const ways =
      experiment.factors.length > 0
        ? ([['desktop', 'mouse'], ['phone', 'keyboard']] as const)
        : (['desktop', 'phone'] as const).flatMap((size) => (['mouse', 'keyboard'] as const).map((mode) => [size, mode] as const));
    return experiment.arms.flatMap((arm) => ways.map(([size, mode]) => ({ key: experiment.key, arm: arm.key, size, mode })));
  });

  /** Answers the questions of the page in view: by mouse the first option (or the true value) of each, by keyboard every radio group and empty field in tab order. */
  async function answerQuestions(page: Page, questions: readonly { kind: string; key: string; truth?: number; min?: number }[], mode: 'mouse' | 'keyboard') {
    if (mode === 'mouse') {
      for (const question of questions) {
        if (question.kind === 'number') await page.fill(`#q_${question.key}`, String(question.truth ?? question.min));
        else await page.click(`input[name=q_${question.key}] >> nth=0`);
      }
      return;
    }
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    for (let presses = 0; presses < 200; presses += 1) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const element = document.activeElement as HTMLInputElement;
        return { type: element.type, checked: element.checked, value: element.value, submit: element.matches('button[type=submit]') };
      });
      if (focused.submit) break;
      if (focused.type === 'radio' && !focused.checked) await page.keyboard.press('Space');
      if (focused.type === 'text' && focused.value === '') await page.keyboard.type('64');
    }
  }

  it.each(walks)('$key, arm $arm, by $mode on a $size screen', async ({ key, arm, size, mode }) => {
    const experiment = server.experiments.get(key)!;
    const { definition } = experiment;
    const locale = mode === 'mouse' ? 'nl' : 'en';
    const warningText = locale === 'nl' ? 'Let op! Geld lenen kost geld' : 'Caution! Borrowing money costs money';
    const pid = await pidFor(definition, arm, `${mode}-${size}`);
    const name = `${key}-${arm}-${size}-${mode}`;
    const context = await browser.newContext({ viewport: sizes[size], locale: locale === 'nl' ? 'nl-NL' : 'en-GB' });
    const page = await context.newPage();
    const everyPage = { accessibility: size === 'desktop' };
    const click = async (selector: string) => (mode === 'mouse' ? page.click(selector) : (await tabTo(page, selector), page.keyboard.press('Enter')));

    await page.goto(`${server.baseUrl}/e/${key}?pid=${pid}&lang=${locale}`);
    await checkPage(page, `${name}-1-consent`, everyPage);
    await click('button[value=accept]');
    const beforeScreen = questionsAt(definition.questionnaire, 'before-screen');
    if (beforeScreen.length > 0) {
      await page.waitForURL(/\/before-screen$/);
      await checkPage(page, `${name}-2-before-screen`, everyPage);
      await answerQuestions(page, beforeScreen, mode);
      await click('button[type=submit]');
    }
    await page.waitForURL(/\/scenario$/);
    await checkPage(page, `${name}-2-scenario`, everyPage);
    await click('a.button--primary');
    await page.waitForURL(/\/screen$/);
    await expectWarningAtTop(page, warningText);

    const stored = (await server.store.findParticipant(key, pid))!;
    const walk = screenWalkOf(definition);
    const armDefinition = definition.arms.find((candidate) => candidate.key === arm)!;
    await walk.decide({ page, definition, arm: armDefinition, stored, mode, locale, tabTo, expectFocusFollowsLayout });
    await checkPage(page, `${name}-3-screen`);
    await click('button[type=submit]');
    await page.waitForURL(/\/questionnaire$/);
    await checkPage(page, `${name}-4-questionnaire`, everyPage);

    await answerQuestions(page, questionsAt(definition.questionnaire, 'after-screen'), mode);
    await click('button[type=submit]');
    await page.waitForURL(/\/debrief$/);
    expect(await page.locator('[data-testid=completion-code]').textContent()).toMatch(/^[0-9A-F]{12}$/);
    // With a return link the debrief goes back to the panel after 5 s; staying keeps the page for its checks.
    if (definition.completion?.redirectUrlTemplate) await click('[data-stay]');
    await checkPage(page, `${name}-5-debrief`, everyPage);

    const events = await listProcessEvents(server.store, key, pid);
    walk.expectProcessEvents(events, { definition, arm: armDefinition, mode, locale, tabTo, expectFocusFollowsLayout });
    const decision = (await server.store.findParticipant(key, pid))!.decision!;
    expect(decision.processDataStatus).toBe('recorded');
    expect(decision.timingSource).toBe('client');
    await context.close();
  }, 180_000);

  if (withSlider) it('operates the slider by keyboard, announcing its value and updating the krediettabel', async () => {
    const context = await browser.newContext({ viewport: sizes.phone, locale: 'nl-NL' });
    const page = await context.newPage();
    const pid = await pidFor(server.experiments.get(sliderStudy.key)!.definition, 'narrow', 'slider');
    await page.goto(`${server.baseUrl}/e/slider-study?pid=${pid}&lang=nl`);
    await page.click('button[value=accept]');
    await page.click('a.button--primary');
    await page.waitForURL(/\/screen$/);
    expect(await page.inputValue('#amount')).toBe('8000');
    expect(normalizeSpaces(await page.getAttribute('#amount', 'aria-valuetext'))).toBe(normalizeSpaces(formatEuros(8000, 'nl')));
    await expectLiveCreditTable(page, 8000, 60, 0.079, 'nl');
    await tabTo(page, '#amount');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.inputValue('#amount')).toBe('8200');
    expect(normalizeSpaces(await page.getAttribute('#amount', 'aria-valuetext'))).toBe(normalizeSpaces(formatEuros(8200, 'nl')));
    expect(normalizeSpaces(await page.locator('#amount-output').textContent())).toBe(normalizeSpaces(formatEuros(8200, 'nl')));
    await expectLiveCreditTable(page, 8200, 60, 0.079, 'nl');
    await checkPage(page, 'slider-study-narrow-phone-keyboard-3-screen');
    await context.close();
  }, 180_000);
});
}
