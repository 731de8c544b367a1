import { z } from 'zod';

/** The languages participant pages exist in. */
export const participantLanguages = ['nl', 'en'] as const;

/**
 * Which languages an experiment's participant pages are offered in. The
 * entry link's `lang` chooses among `available`; without it, or with a
 * language not available, the participant gets `default`. The browser's own
 * language preference never decides: the study language is the experiment's
 * choice, so it cannot vary with something the design does not control.
 *
 * @example
 * languagesSchema.parse({}); // => { available: ['nl', 'en'], default: 'nl', switcher: false }
 * languagesSchema.parse({ available: ['en'], default: 'en' }).switcher; // => false
 */
export const languagesSchema = z
  .object({
    available: z
      .array(z.enum(participantLanguages))
      .min(1)
      .default(['nl', 'en'])
      .describe('The languages a participant may take part in, chosen by the link’s `lang`. Default `["nl", "en"]`.'),
    default: z.enum(participantLanguages).default('nl').describe('The language of a link without `lang` (or with one not available). Default `nl`.'),
    switcher: z
      .boolean()
      .default(false)
      .describe(
        'Whether the consent page offers a one-line link to the other available language. The language is fixed at consent (recorded as the participant’s `locale`), so a participant never changes language in the middle of the study. Default false.',
      ),
  })
  .strict()
  .refine((languages) => languages.available.includes(languages.default), { message: 'the default language must be one of the available languages', path: ['default'] })
  .refine((languages) => new Set(languages.available).size === languages.available.length, { message: 'a language is listed twice', path: ['available'] })
  .default({ available: ['nl', 'en'], default: 'nl', switcher: false })
  .describe('The languages of the participant pages and which one a link without `lang` gets. The browser’s language preference is never used.');

export type Languages = z.output<typeof languagesSchema>;
