import { expect } from 'vitest';
import type { ProductChoiceExperimentDefinition } from '../../../experiments/definition-schema';
import type { ScreenWalk } from './screen-walk';

/** The product-choice screen: checks order, pre-selection and totals, then chooses the other product and opens its panel. */
export const productChoiceWalk: ScreenWalk<ProductChoiceExperimentDefinition> = {
  async decide({ page, arm, stored, mode, tabTo, expectFocusFollowsLayout }) {
    const params = arm.params;
    const expectedOrder = params.productOrder === 'randomised' ? (stored.presentation?.productOrder as string[]) : params.productOrder;
    expect(await page.locator('input[name=product]').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))).toEqual(expectedOrder);
    const checked = await page.locator('input[name=product]:checked').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect(checked).toEqual(params.preselected === null ? [] : [params.preselected]);
    expect(await page.locator('text=/Totaal terug te betalen|Total to repay/').count()).toBe(params.showTotalCostAndPayoff ? 2 : 0);
    if (mode === 'keyboard') await expectFocusFollowsLayout(page);
    const other = expectedOrder.find((product) => product !== params.preselected)!;
    if (mode === 'mouse') {
      await page.click(`input[name=product][value=${other}]`);
      await page.click(`[data-info-panel=product-${other}] summary`);
    } else {
      await tabTo(page, 'input[name=product]');
      if (params.preselected === null) await page.keyboard.press('Space');
      if ((await page.evaluate(() => (document.activeElement as HTMLInputElement).value)) !== other) await page.keyboard.press('ArrowDown');
      await tabTo(page, `[data-info-panel=product-${other}] summary`);
      await page.keyboard.press('Enter');
    }
    expect(await page.locator('input[name=product]:checked').inputValue()).toBe(other);
  },
  expectProcessEvents(events) {
    const fields = new Set(events.map((event) => `${event.kind}:${event.field}`));
    expect(fields.has('change:product')).toBe(true);
    expect([...fields].some((field) => field.startsWith('panel:product-'))).toBe(true);
  },
};
