import type { Arm } from './definition-schema';

/**
 * The values an arm pre-fills on its screen, by decision field. A field is
 * absent when the arm leaves it for the participant to fill.
 *
 * @example
 * armDefaults({ params: { amountInput: { mode: 'prefilled', value: 2500 } } }); // => { amount: 2500 }
 */
export function armDefaults(arm: Pick<Arm, 'params'>): Record<string, number | string> {
  const input = arm.params.amountInput;
  return input.mode === 'prefilled' ? { amount: input.value } : {};
}
