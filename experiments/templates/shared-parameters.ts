import { z } from 'zod';

/** Text a participant reads, in Dutch (the default) and English. */
export const localizedTextSchema = z
  .object({
    nl: z.string().min(1).describe('Dutch text (shown by default).'),
    en: z.string().min(1).describe('English text (shown with ?lang=en or an English browser).'),
  })
  .strict()
  .describe('A text in Dutch and English.');

/** Keys used in links and stored values: lower-case letters, digits and hyphens. */
export const slugSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, 'use lower-case letters, digits and hyphens, starting with a letter');

/** A positive amount in whole euros. */
export const wholeEurosSchema = z.number().int().positive();

/** A rate as a fraction, capped at the Dutch maximum credit rate. */
export const annualPercentageRateSchema = z.number().min(0).max(0.14, 'must not exceed the Dutch maximum credit rate of 14% (2025)');

/** Wording an arm may override on any screen. */
export const wordingSchema = z
  .object({
    title: localizedTextSchema.optional().describe('Replaces the screen title.'),
    intro: localizedTextSchema.optional().describe('A paragraph shown under the title (none by default).'),
    amountLabel: localizedTextSchema.optional().describe('Replaces the label of the amount field (amount and statement screens).'),
    submit: localizedTextSchema.optional().describe('Replaces the text of the submit button.'),
  })
  .strict()
  .default({})
  .describe('Optional wording overrides for this arm; anything left out uses the standard text.');

export type LocalizedText = z.output<typeof localizedTextSchema>;
