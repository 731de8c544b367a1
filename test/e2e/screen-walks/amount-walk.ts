import { expect } from 'vitest';
import { armDefaults } from '../../../experiments/arm-defaults';
import type { AmountExperimentDefinition } from '../../../experiments/definition-schema';
import { formatEuros, formatWholeNumber } from '../../../server/i18n/format';
import { expectLiveCreditTable, normalizeSpaces, type ScreenWalk } from './screen-walk';

/** The term a walk ends on: the first option by mouse; by keyboard two arrow presses on from the checked (or first) option. */
function finalTerm(definition: AmountExperimentDefinition, checked: number | undefined, mode: 'mouse' | 'keyboard'): number {
  const options = definition.screen.termOptionsMonths;
  if (mode === 'mouse') return options[0]!;
  const start = checked === undefined ? 0 : options.indexOf(checked);
  return options[(start + 2) % options.length]!;
}

/**
 * The amount screen: types €6,500 (unless the amount is fixed), picks terms
 * and watches the krediettabel follow, and opens the APR panel.
 */
export const amountWalk: ScreenWalk<AmountExperimentDefinition> = {
  async decide({ page, definition, arm, mode, locale, tabTo, expectFocusFollowsLayout }) {
    const input = arm.params.amountInput;
    const defaults = armDefaults(definition, arm);
    const apr = definition.screen.annualPercentageRate;
    const options = definition.screen.termOptionsMonths;
    const checked = await page.locator('input[name=term]:checked').evaluateAll((inputs) => inputs.map((element) => Number((element as HTMLInputElement).value)));
    expect(checked).toEqual(defaults.term === undefined ? [] : [defaults.term]);
    const fixed = input.mode === 'fixed';
    if (fixed) expect(normalizeSpaces(await page.locator('#amount-value').textContent())).toBe(normalizeSpaces(formatEuros(input.value, locale)));
    // A text field's pre-fill is written as the locale writes amounts (2.500 / 2,500); a slider holds the raw number.
    else if (input.mode === 'slider') expect(await page.inputValue('#amount')).toBe(String(defaults.amount));
    else expect(await page.inputValue('#amount')).toBe(defaults.amount === undefined ? '' : formatWholeNumber(Number(defaults.amount), locale));
    const amount = fixed ? input.value : 6500;
    if (mode === 'keyboard') await expectFocusFollowsLayout(page);
    if (mode === 'mouse') {
      if (!fixed) {
        await page.click('#amount', { clickCount: 3 });
        await page.keyboard.type('6500');
      }
      await page.click(`input[name=term][value="${options.at(-1)}"]`);
      await expectLiveCreditTable(page, amount, options.at(-1)!, apr, locale);
      await page.click(`input[name=term][value="${options[0]}"]`);
      await expectLiveCreditTable(page, amount, options[0]!, apr, locale);
      await page.click('[data-info-panel=apr] summary');
    } else {
      if (fixed) await tabTo(page, 'input[name=term]');
      else {
        await tabTo(page, '#amount');
        await page.keyboard.press('Control+A');
        await page.keyboard.type('6500');
        await page.keyboard.press('Tab');
      }
      await page.keyboard.press('Space');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await expectLiveCreditTable(page, amount, finalTerm(definition, checked[0], mode), apr, locale);
      await tabTo(page, '[data-info-panel=apr] summary');
      await page.keyboard.press('Enter');
    }
  },
  expectProcessEvents(events, { definition, arm, mode }) {
    const fields = new Set(events.map((event) => `${event.kind}:${event.field}`));
    const fixed = arm.params.amountInput.mode === 'fixed';
    expect(fields).toEqual(new Set([...(fixed ? [] : ['change:amount']), 'change:term', 'panel:apr']));
    const checked = armDefaults(definition, arm).term;
    expect(events.filter((event) => event.field === 'term').at(-1)?.value).toBe(String(finalTerm(definition, checked === undefined ? undefined : Number(checked), mode)));
  },
};
