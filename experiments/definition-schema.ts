import { z } from 'zod';

/**
 * The schema every experiment file is validated against at start-up. Each
 * field's `.describe()` text is its documentation: type, default and meaning.
 * The TypeScript types are derived from it, so a declaration that compiles has
 * the right shape and one that is wrong at run time names the field at fault.
 */

/** Text a participant reads, in Dutch (the default) and English. */
export const localizedTextSchema = z
  .object({
    nl: z.string().min(1).describe('Dutch text (shown by default).'),
    en: z.string().min(1).describe('English text (shown with ?lang=en or an English browser).'),
  })
  .strict();

const slugSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, 'use lower-case letters, digits and hyphens, starting with a letter');

const wholeEuros = z.number().int().positive();

/** How the amount field of an amount screen starts. */
export const amountInputSchema = z
  .discriminatedUnion('mode', [
    z.object({ mode: z.literal('empty').describe('An empty field: the participant types the amount (active choice).') }).strict(),
    z
      .object({
        mode: z.literal('prefilled').describe('A field pre-filled with `value`, which the participant may keep or change.'),
        value: wholeEuros.describe('The pre-filled amount in whole euros.'),
      })
      .strict(),
  ])
  .describe('How the amount field starts: `empty` or `prefilled` with a value.');

export const amountArmParamsSchema = z
  .object({ amountInput: amountInputSchema })
  .strict()
  .describe('The screen parameters of one arm of an amount screen.');

export const armSchema = z
  .object({
    key: slugSchema.describe('Stable identifier of the arm, e.g. `low-anchor`. The first arm is the control.'),
    label: z.string().min(1).describe('Name of the arm in reports, e.g. "Low anchor (€2,500)".'),
    weight: z.number().positive().describe('Relative share of participants; weights are normalised to sum to 1.'),
    params: amountArmParamsSchema,
  })
  .strict();

export const amountScreenSchema = z
  .object({
    template: z.literal('amount').describe('The amount screen: an amount field, a term picker and a live krediettabel.'),
    annualPercentageRate: z
      .number()
      .min(0)
      .max(0.14, 'must not exceed the Dutch maximum credit rate of 14% (2025)')
      .describe('The illustrative JKP as a fraction, e.g. 0.079 for 7.9%.'),
    termOptionsMonths: z
      .array(z.number().int().min(1).max(180))
      .min(1)
      .describe('The terms offered, in months, in the order shown, e.g. [36, 60, 84].'),
    defaultTermMonths: z
      .number()
      .int()
      .optional()
      .describe('A pre-selected term (one of termOptionsMonths); none by default, since a default term is itself a nudge.'),
    amountLimits: z
      .object({ min: wholeEuros, max: wholeEuros })
      .strict()
      .default({ min: 500, max: 75000 })
      .describe('Smallest and largest amount accepted, in whole euros. Default €500–€75,000.'),
  })
  .strict();

/** How an outcome is derived from the decision a participant submits. */
export const outcomeDerivationSchema = z.discriminatedUnion('from', [
  z.object({ from: z.literal('field'), field: z.string().min(1).describe('The decision field whose value is the outcome.') }).strict(),
  z
    .object({
      from: z.literal('above'),
      field: z.string().min(1),
      threshold: z.number().describe('1 when the field exceeds this value, else 0.'),
    })
    .strict(),
  z
    .object({
      from: z.literal('keptDefault'),
      field: z.string().min(1).describe('1 when the participant kept the pre-filled value of this field; missing in arms without one.'),
    })
    .strict(),
]);

export const outcomeSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'use lower-case letters, digits and underscores').describe('Column name in exports.'),
    label: z.string().min(1).describe('Plain-words name in reports.'),
    type: z.enum(['continuous', 'binary']).describe('continuous (mean differences) or binary (0/1: rate differences).'),
    unit: z.string().optional().describe('Unit of a continuous outcome, e.g. EUR or months.'),
    primary: z.boolean().default(false).describe('Exactly one outcome is the primary outcome of the analysis plan.'),
    derive: outcomeDerivationSchema,
  })
  .strict();

export const analysisPlanSchema = z
  .object({
    alpha: z.number().gt(0).lt(0.5).default(0.05).describe('Two-sided significance level. Default 0.05.'),
    minimumDetectableEffect: z.number().positive().describe('Smallest effect on the primary outcome worth detecting, in its unit.'),
    plannedPerArm: z.number().int().positive().describe('Planned participants per arm.'),
    correction: z.enum(['holm', 'bh', 'none']).default('holm').describe('Multiple-comparison correction over the primary comparisons.'),
  })
  .strict();

export const experimentDefinitionSchema = z
  .object({
    key: slugSchema.describe('Stable identifier used in links (/e/KEY) and as the randomisation seed.'),
    title: z.string().min(1).describe('Title shown to researchers.'),
    hypothesis: z.string().min(1).describe('What the experiment tests, in one or two sentences.'),
    citation: z.string().min(1).describe('The evidence the hypothesis builds on.'),
    seed: z.string().min(1).optional().describe('Randomisation seed; defaults to the key. Change it only to re-randomise.'),
    scenario: z
      .object({ title: localizedTextSchema, body: localizedTextSchema })
      .strict()
      .describe('The situation the participant imagines before the screen.'),
    screen: amountScreenSchema,
    arms: z.array(armSchema).min(2, 'an experiment needs a control and at least one treatment arm'),
    outcomes: z.array(outcomeSchema).min(1),
    analysisPlan: analysisPlanSchema,
    completion: z
      .object({
        redirectUrlTemplate: z
          .string()
          .url()
          .refine((url) => url.includes('{code}'), 'must contain {code}, where the completion code goes')
          .optional()
          .describe('Panel return link, e.g. https://panel.example/complete?code={code}.'),
      })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((definition, context) => {
    const armKeys = definition.arms.map((arm) => arm.key);
    armKeys.forEach((key, index) => {
      if (armKeys.indexOf(key) !== index) {
        context.addIssue({ code: 'custom', path: ['arms', index, 'key'], message: `duplicate arm key "${key}"` });
      }
    });
    const { min, max } = definition.screen.amountLimits;
    if (min > max) {
      context.addIssue({ code: 'custom', path: ['screen', 'amountLimits'], message: `min (${min}) is above max (${max})` });
    }
    definition.arms.forEach((arm, index) => {
      const input = arm.params.amountInput;
      if (input.mode === 'prefilled' && (input.value < min || input.value > max)) {
        context.addIssue({
          code: 'custom',
          path: ['arms', index, 'params', 'amountInput', 'value'],
          message: `pre-filled amount ${input.value} is outside the amount limits ${min}–${max}`,
        });
      }
    });
    const { defaultTermMonths, termOptionsMonths } = definition.screen;
    if (defaultTermMonths !== undefined && !termOptionsMonths.includes(defaultTermMonths)) {
      context.addIssue({ code: 'custom', path: ['screen', 'defaultTermMonths'], message: 'must be one of termOptionsMonths' });
    }
    const primaryOutcomes = definition.outcomes.filter((outcome) => outcome.primary);
    if (primaryOutcomes.length !== 1) {
      context.addIssue({ code: 'custom', path: ['outcomes'], message: `exactly one outcome must be primary, found ${primaryOutcomes.length}` });
    }
    const outcomeKeys = definition.outcomes.map((outcome) => outcome.key);
    outcomeKeys.forEach((key, index) => {
      if (outcomeKeys.indexOf(key) !== index) {
        context.addIssue({ code: 'custom', path: ['outcomes', index, 'key'], message: `duplicate outcome key "${key}"` });
      }
    });
  });

/** An experiment as written in its file (defaults may be left out). */
export type ExperimentDefinitionInput = z.input<typeof experimentDefinitionSchema>;
/** An experiment after validation, with every default filled in. */
export type ExperimentDefinition = z.output<typeof experimentDefinitionSchema>;
export type Arm = ExperimentDefinition['arms'][number];
export type Outcome = ExperimentDefinition['outcomes'][number];
export type AmountInput = z.output<typeof amountInputSchema>;
