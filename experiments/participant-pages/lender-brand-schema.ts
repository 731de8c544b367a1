import { z } from 'zod';

/**
 * The lender whose application the participant sees, shown in the header of
 * every participant page. It is declared once for the whole experiment (an
 * arm cannot carry one), so the brand is identical in every arm and never a
 * confound. The logo is a file of the app's own static files
 * (`views/static/`), served under the existing Content-Security-Policy; the
 * colour, a six-digit hex colour, draws the header's accent line.
 *
 * @example
 * lenderBrandSchema.parse({ name: 'Voorbeeldbank', logo: '/static/brands/voorbeeldbank.svg', colour: '#00685e' });
 */
export const lenderBrandSchema = z
  .object({
    name: z.string().min(1).max(60).describe('The lender’s name as the header shows it, e.g. "Voorbeeldbank".'),
    logo: z
      .string()
      .regex(/^\/static\/[a-z0-9][a-z0-9/_-]*\.(svg|png|jpg|webp)$/, 'must be a file under /static/ (views/static/), e.g. /static/brands/voorbeeldbank.svg')
      .refine((path) => !path.includes('..') && !path.includes('//'), 'must be a plain path under /static/')
      .optional()
      .describe('Path of the logo among the app’s static files, e.g. `/static/brands/voorbeeldbank.svg`. Optional.'),
    colour: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'must be a hex colour such as #00685e')
      .optional()
      .describe('The brand colour as a six-digit hex colour, e.g. `#00685e`; the header’s accent line. Optional.'),
  })
  .strict()
  .describe('The lender brand in the page header, the same in every arm. Optional: without it the header shows the study title only.');

export type LenderBrand = z.output<typeof lenderBrandSchema>;
