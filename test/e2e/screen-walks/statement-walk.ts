import { expect } from 'vitest';
import { statementFigures } from '../../../experiments/arithmetic/statement-figures';
import type { StatementExperimentDefinition } from '../../../experiments/definition-schema';
import { formatEuros } from '../../../server/i18n/format';
import { normalizeSpaces, type ScreenWalk } from './screen-walk';

/**
 * The statement screen: checks the figures to the cent and that the minimum
 * and the payoff prompt show exactly in the arms that show them, opens the
 * interest panel and enters €37.50 the way each language writes it.
 */
export const statementWalk: ScreenWalk<StatementExperimentDefinition> = {
  async decide({ page, definition, arm, mode, locale, tabTo, expectFocusFollowsLayout }) {
    const { screen } = definition;
    const figures = statementFigures({ balance: screen.balance, annualPercentageRate: screen.annualPercentageRate, minimum: screen.minimumPayment, payoffMonths: arm.params.payoffPromptMonths });
    const cell = async (figure: string) => normalizeSpaces(await page.locator(`[data-figure=${figure}]`).textContent());
    expect(await cell('balance')).toBe(normalizeSpaces(formatEuros(figures.balance, locale, 2)));
    expect(await cell('interest')).toBe(normalizeSpaces(formatEuros(figures.interestNextMonth, locale, 2)));
    expect(await page.locator('[data-figure=minimum]').count()).toBe(arm.params.showMinimumPayment ? 1 : 0);
    if (arm.params.showMinimumPayment) expect(await cell('minimum')).toBe(normalizeSpaces(formatEuros(figures.minimumPayment, locale, 2)));
    expect(await page.locator('[data-figure=payoff]').count()).toBe(figures.payoffPayment === null ? 0 : 1);
    if (figures.payoffPayment !== null) expect(await cell('payoff')).toContain(normalizeSpaces(formatEuros(figures.payoffPayment, locale, 2)));
    expect(await page.inputValue('#repayment')).toBe('');
    if (mode === 'keyboard') await expectFocusFollowsLayout(page);
    if (mode === 'mouse') {
      await page.click('[data-info-panel=interest] summary');
      await page.fill('#repayment', locale === 'nl' ? '37,50' : '37.50');
    } else {
      await tabTo(page, '[data-info-panel=interest] summary');
      await page.keyboard.press('Enter');
      await tabTo(page, '#repayment');
      await page.keyboard.type(locale === 'nl' ? '37,50' : '37.50');
    }
  },
  expectProcessEvents(events) {
    const fields = new Set(events.map((event) => `${event.kind}:${event.field}`));
    expect(fields).toEqual(new Set(['change:repayment', 'panel:interest']));
  },
};
