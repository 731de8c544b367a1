import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { creditTable } from '../../../experiments/arithmetic/credit-table';
import type { ExperimentDefinition } from '../../../experiments/definition-schema';
import { formatEuros } from '../../../server/i18n/format';
import type { ParticipantRecord, ProcessEvent } from '../../../server/store/store';

export const normalizeSpaces = (text: string | null) => (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

/** What a template's walk is given: the page at the screen, the participant, and the helpers of the walk. */
export interface ScreenWalkContext<Definition extends ExperimentDefinition = ExperimentDefinition> {
  page: Page;
  definition: Definition;
  arm: Definition['arms'][number];
  stored: ParticipantRecord;
  mode: 'mouse' | 'keyboard';
  locale: 'nl' | 'en';
  tabTo(page: Page, selector: string): Promise<void>;
  expectFocusFollowsLayout(page: Page): Promise<void>;
}

/**
 * How the browser walks operate one template's screen: check what the arm
 * shows, make a decision by mouse or keyboard (up to, not including, the
 * submit), and afterwards check the process events it recorded.
 */
export interface ScreenWalk<Definition extends ExperimentDefinition = ExperimentDefinition> {
  decide(context: ScreenWalkContext<Definition>): Promise<void>;
  expectProcessEvents(events: readonly ProcessEvent[], context: Omit<ScreenWalkContext<Definition>, 'page' | 'stored'>): void;
}

/** The krediettabel on the page shows the figures of this loan, in this language. */
export async function expectLiveCreditTable(page: Page, amount: number, months: number, annualPercentageRate: number, locale: 'nl' | 'en') {
  const table = creditTable(amount, months, annualPercentageRate);
  await expect.poll(async () => normalizeSpaces(await page.locator('td[data-figure=monthly]').textContent())).toBe(normalizeSpaces(formatEuros(table.monthlyPayment, locale, 2)));
  expect(normalizeSpaces(await page.locator('td[data-figure=total]').textContent())).toBe(normalizeSpaces(formatEuros(table.totalPayable, locale, 2)));
  expect(normalizeSpaces(await page.locator('td[data-figure=amount]').textContent())).toBe(normalizeSpaces(formatEuros(amount, locale)));
}
