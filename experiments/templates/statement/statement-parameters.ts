import { z } from 'zod';
import { annualPercentageRateSchema, wholeEurosSchema, wordingSchema } from '../shared-parameters';

export const statementScreenSchema = z
  .object({
    balance: z.number().positive().max(100000).describe('The outstanding balance on the statement, in euros (cents allowed).'),
    annualPercentageRate: annualPercentageRateSchema.describe('The JKP of the credit as a fraction, e.g. 0.14 for 14%.'),
    minimumPayment: z
      .object({
        percentOfBalance: z.number().gt(0).max(100).describe('The minimum as a percentage of the balance, e.g. 2 for 2%.'),
        floor: wholeEurosSchema.describe('The smallest minimum payment in euros, e.g. 25.'),
      })
      .strict()
      .describe('How the minimum payment is computed: a percentage of the balance with a floor (never more than the balance).'),
  })
  .strict()
  .describe('The statement screen: a credit-card or revolving-credit statement on which the participant enters this month’s repayment.');

export const statementArmParamsSchema = z
  .object({
    showMinimumPayment: z.boolean().describe('Show the minimum payment on the statement.'),
    payoffPromptMonths: z
      .number()
      .int()
      .min(2)
      .max(120)
      .nullable()
      .default(null)
      .describe('Also show the monthly amount that clears the balance in this many months (annuity arithmetic); null (default) for none.'),
    wording: wordingSchema,
  })
  .strict()
  .describe('The screen parameters of one arm of a statement screen.');

export type StatementScreen = z.output<typeof statementScreenSchema>;
export type StatementArmParams = z.output<typeof statementArmParamsSchema>;
