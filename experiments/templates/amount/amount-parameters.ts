import { z } from 'zod';
import { annualPercentageRateSchema, wholeEurosSchema, wordingSchema } from '../shared-parameters';

/** How the amount field of an amount screen starts. */
export const amountInputSchema = z
  .discriminatedUnion('mode', [
    z.object({ mode: z.literal('empty').describe('An empty text field: the participant types the amount (active choice).') }).strict(),
    z
      .object({
        mode: z.literal('prefilled').describe('A text field pre-filled with `value`, which the participant may keep or change.'),
        value: wholeEurosSchema.describe('The pre-filled amount in whole euros.'),
      })
      .strict(),
    z
      .object({
        mode: z.literal('slider').describe('A slider from `min` to `max` in steps of `step`, starting at `start`.'),
        min: wholeEurosSchema.describe('Left end of the slider, in euros.'),
        max: wholeEurosSchema.describe('Right end of the slider, in euros.'),
        step: wholeEurosSchema.describe('Step between slider positions, in euros.'),
        start: wholeEurosSchema.describe('Where the slider starts (counts as the pre-filled value).'),
      })
      .strict(),
    z
      .object({
        mode: z.literal('fixed').describe('No amount field: the loan amount is `value`, shown as a figure; the participant chooses only the term.'),
        value: wholeEurosSchema.describe('The fixed loan amount in whole euros.'),
      })
      .strict(),
  ])
  .describe('How the amount field starts: `empty`, `prefilled` with a value, a `slider`, or a `fixed` amount the participant cannot change.');

export const amountArmParamsSchema = z
  .object({
    amountInput: amountInputSchema,
    defaultTermMonths: z
      .number()
      .int()
      .nullable()
      .optional()
      .describe('The term pre-selected in this arm (one of termOptionsMonths), or null for none; overrides the screen’s defaultTermMonths.'),
    firstFigure: z
      .enum(['monthly-payment', 'total-cost'])
      .default('monthly-payment')
      .describe('Which figure of the krediettabel comes first: the monthly payment (default) or the total cost.'),
    wording: wordingSchema,
  })
  .strict()
  .describe('The screen parameters of one arm of an amount screen.');

export const amountScreenSchema = z
  .object({
    annualPercentageRate: annualPercentageRateSchema.describe('The illustrative JKP as a fraction, e.g. 0.079 for 7.9%.'),
    termOptionsMonths: z.array(z.number().int().min(1).max(180)).min(1).describe('The terms offered, in months, in the order shown, e.g. [36, 60, 84].'),
    defaultTermMonths: z
      .number()
      .int()
      .optional()
      .describe('A pre-selected term (one of termOptionsMonths) in every arm; none by default, since a default term is itself a nudge. An arm may override it.'),
    amountLimits: z
      .object({ min: wholeEurosSchema.describe('Smallest amount, in whole euros.'), max: wholeEurosSchema.describe('Largest amount, in whole euros.') })
      .strict()
      .default({ min: 500, max: 75000 })
      .describe('Smallest and largest amount accepted, in whole euros. Default €500–€75,000.'),
  })
  .strict()
  .describe('The amount screen: an amount field or slider, a term picker and a krediettabel that updates live.');

export type AmountInput = z.output<typeof amountInputSchema>;
export type AmountScreen = z.output<typeof amountScreenSchema>;
export type AmountArmParams = z.output<typeof amountArmParamsSchema>;
