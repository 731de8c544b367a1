import { z } from 'zod';
import { annualPercentageRateSchema, slugSchema, wholeEurosSchema, wordingSchema } from '../shared-parameters';

export const productSchema = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('fixed-loan').describe('A persoonlijke lening: fixed amount, fixed rate, fixed term, annuity payments.'),
        key: slugSchema.describe('The value the `product` field takes when this product is chosen, e.g. `fixed`.'),
        amount: wholeEurosSchema.describe('The loan amount in euros.'),
        annualPercentageRate: annualPercentageRateSchema.describe('Fixed JKP as a fraction.'),
        termMonths: z.number().int().min(1).max(180).describe('The fixed term in months.'),
      })
      .strict(),
    z
      .object({
        kind: z.literal('revolving-credit').describe('A doorlopend krediet: a credit limit, a variable rate, a monthly payment as a share of the limit.'),
        key: slugSchema.describe('The value the `product` field takes when this product is chosen, e.g. `revolving`.'),
        limit: wholeEurosSchema.describe('The credit limit in euros, assumed fully drawn.'),
        annualPercentageRate: annualPercentageRateSchema.describe('Variable JKP as a fraction.'),
        monthlyPaymentPercentOfLimit: z.number().gt(0).max(10).describe('Monthly payment as a percentage of the limit, e.g. 2 for 2%.'),
      })
      .strict(),
  ])
  .describe('One credit product offered on a product-choice screen.');

export const productChoiceArmParamsSchema = z
  .object({
    productOrder: z
      .union([z.array(slugSchema), z.literal('randomised')])
      .describe('The products in the order shown (their keys), or `randomised`: a fixed random order per participant, logged with the exposure.'),
    preselected: slugSchema.nullable().describe('The key of the product selected when the screen opens, or null for none.'),
    showTotalCostAndPayoff: z.boolean().default(false).describe('Show each product’s total cost and payoff time (default false: only payment and rate).'),
    wording: wordingSchema,
  })
  .strict()
  .describe('The screen parameters of one arm of a product-choice screen.');

export const productChoiceScreenSchema = z
  .object({
    products: z.array(productSchema).min(2).describe('The products offered; each arm decides their order and pre-selection.'),
  })
  .strict()
  .describe('The product-choice screen: the participant picks one of several credit products.');

export type Product = z.output<typeof productSchema>;
export type ProductChoiceScreen = z.output<typeof productChoiceScreenSchema>;
export type ProductChoiceArmParams = z.output<typeof productChoiceArmParamsSchema>;
