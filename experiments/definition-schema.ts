import { z } from 'zod';
import { localizedTextSchema, slugSchema } from './templates/shared-parameters';
import { screenTemplateOf, screenTemplates } from './templates/template-registry';
import { languagesSchema } from './participant-pages/languages-schema';
import { panelSchema } from './participant-pages/panel-schema';
import { lenderBrandSchema } from './participant-pages/lender-brand-schema';
import { studyInformationSchema } from './participant-pages/study-information-schema';
import { expandFactorialDesign } from './factorial/expand-factorial-design';
import { factorialDesignIssues } from './factorial/factorial-design-issues';
import { analysisPlanIssues } from './analysis-plan-issues';

/**
 * The schema every experiment file is validated against at start-up. Each
 * field's `.describe()` text is its documentation (type, default, meaning);
 * `npx nudgelab schema` prints it all as JSON Schema, and experiments/README.md
 * walks through writing a new experiment. The TypeScript types are derived
 * from it, so a declaration that compiles has the right shape, and one that is
 * wrong at run time fails start-up naming the file and the field.
 */

export { localizedTextSchema } from './templates/shared-parameters';
export { amountArmParamsSchema, amountInputSchema, amountScreenSchema } from './templates/amount/amount-parameters';
export { productChoiceArmParamsSchema, productChoiceScreenSchema, productSchema } from './templates/product-choice/product-choice-parameters';
export { statementArmParamsSchema, statementScreenSchema } from './templates/statement/statement-parameters';

// Each screen template's parameters (the screen and an arm's params) live with
// the template in experiments/templates/NAME/; the experiment schema below is
// built from the template registry.

// ------------------------------------------------------------------- outcomes

export const outcomeDerivationSchema = z
  .discriminatedUnion('from', [
    z.object({ from: z.literal('field').describe('The outcome is the value of a decision field.'), field: z.string().min(1).describe('The decision field whose (numeric) value is the outcome.') }).strict(),
    z
      .object({
        from: z.literal('above').describe('The outcome is 1 when a numeric field exceeds a threshold.'),
        field: z.string().min(1).describe('A numeric decision field.'),
        threshold: z.number().describe('1 when the field exceeds this value, else 0.'),
      })
      .strict(),
    z
      .object({
        from: z.literal('equals').describe('The outcome is 1 when a field equals a value.'),
        field: z.string().min(1).describe('A decision field.'),
        value: z.union([z.string(), z.number()]).describe('1 when the field equals this value, else 0.'),
      })
      .strict(),
    z
      .object({
        from: z.literal('keptDefault').describe('The outcome is 1 when the participant kept the arm’s default.'),
        field: z.string().min(1).describe('1 when the participant kept the pre-filled or pre-selected value of this field; missing in arms without one.'),
      })
      .strict(),
    z.object({ from: z.literal('timeToDecide').describe('Seconds from the screen being shown to the decision (measured in the browser, else on the server).') }).strict(),
    z
      .object({
        from: z.literal('event').describe('The outcome comes from events a lender sends through POST /api/v1/events.'),
        name: z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/).describe('The event name, e.g. `loan_accepted`.'),
        aggregate: z
          .enum(['last', 'sum', 'count', 'any'])
          .default('last')
          .describe('How a unit’s events become one value: the last value (true/false as 1/0), their sum, how many there were, or 1 if there was any (else 0).'),
      })
      .strict(),
    z
      .object({
        from: z.literal('changes').describe('The outcome is the number of changes the participant made to a field.'),
        field: z.string().min(1).describe('Number of times the participant changed this field (missing when process data is missing).'),
      })
      .strict(),
  ])
  .describe('How the outcome is computed from the decision and its process data.');

export const outcomeSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'use lower-case letters, digits and underscores').describe('Column name in exports.'),
    label: z.string().min(1).describe('Plain-words name in reports, e.g. "Requested amount".'),
    type: z.enum(['continuous', 'binary']).describe('continuous (mean differences) or binary (0/1: rate differences).'),
    unit: z.string().optional().describe('Unit of a continuous outcome, e.g. EUR, months or seconds.'),
    primary: z
      .boolean()
      .default(false)
      .describe(
        'Whether this is a primary outcome of the analysis plan (at least one is). All primary outcomes × their comparisons form one family, adjusted together with the plan’s correction; the others are secondary: exploratory, with unadjusted p and Benjamini–Hochberg among themselves.',
      ),
    expectedDirection: z
      .record(z.string(), z.enum(['higher', 'lower']))
      .optional()
      .describe(
        'The direction the hypothesis expects per treatment arm (by arm key), e.g. `{ "low-anchor": "lower", "high-anchor": "higher" }`. It drives the Bayesian chance and expected loss, the wording ("as hypothesised") and the power calculation. Arms left out have no declared expectation.',
      ),
    expectedDirectionByFactor: z
      .record(z.string(), z.record(z.string(), z.enum(['higher', 'lower'])))
      .optional()
      .describe(
        'In a factorial design, the direction the hypothesis expects per factor level against the factor’s reference level, e.g. `{ "default": { "fixed": "lower" }, "disclosure": { "shown": "lower" } }`. Each cell (arm) against the control gets the common direction of its non-reference levels (none when they disagree), unless `expectedDirection` names the cell itself.',
      ),
    smallestEffectOfInterest: z
      .number()
      .positive()
      .optional()
      .describe(
        'The smallest difference that would matter, in the outcome’s unit (a proportion for binary outcomes: 0.05 = 5 percentage points). An effect whose equivalence test (two one-sided tests against ±this margin) rejects is reported as `equivalent`; without it a non-significant result can only be `inconclusive`.',
      ),
    comparisons: z
      .array(
        z
          .object({
            arm: z.string().min(1).describe('The arm whose value is compared (treatment side), by key.'),
            against: z.string().min(1).describe('The arm it is compared with (reference side), by key.'),
          })
          .strict(),
      )
      .min(1)
      .optional()
      .describe(
        'Declared comparisons `{ arm, against }` instead of each treatment against the control, e.g. for "kept the default", which only arms with a default have. Default: each treatment arm against the control (the first arm).',
      ),
    derive: outcomeDerivationSchema,
  })
  .strict();

// -------------------------------------------------------------- questionnaire

const questionRoleSchema = z
  .enum(['manipulation-check', 'comprehension', 'attention-check', 'financial-literacy', 'age-band', 'attitude', 'other'])
  .describe('What the question is for; exports and reports group by it. An attention check is a column, never a silent exclusion.');

const questionCommon = {
  key: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'use lower-case letters, digits and underscores').describe('Column name in exports.'),
  role: questionRoleSchema,
  timing: z
    .enum(['after-screen', 'before-screen'])
    .default('after-screen')
    .describe(
      'When the question is asked: `after-screen` (default) or `before-screen` (after consent, before the credit screen). Only before-screen questions are pre-treatment and may be covariates or moderators; a measure taken after the screen can be moved by the arm.',
    ),
  text: localizedTextSchema.describe('The question as the participant reads it.'),
};

const choiceValueSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'use lower-case letters, digits, hyphens and underscores');

export const questionSchema = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('single-choice').describe('Radio buttons; one answer.'),
        ...questionCommon,
        options: z
          .array(z.object({ value: choiceValueSchema.describe('Stored value.'), label: localizedTextSchema }).strict())
          .min(2)
          .describe('The answers offered, in the order shown.'),
        correct: choiceValueSchema.optional().describe('The correct answer, if the question is scored.'),
        correctByArm: z.record(z.string(), choiceValueSchema).optional().describe('The correct answer per arm (for a manipulation check), by arm key.'),
        correctByFactor: z
          .object({
            factor: z.string().min(1).describe('The factor whose level decides the correct answer, e.g. `default`.'),
            answers: z.record(z.string(), choiceValueSchema).describe('The correct answer for each level of the factor (every level), e.g. `{ "none": "none", "fixed": "fixed" }`.'),
          })
          .strict()
          .optional()
          .describe('In a factorial design, the correct answer per level of one factor (for a manipulation check of that factor); it fills `correctByArm` for every cell.'),
      })
      .strict(),
    z
      .object({
        kind: z.literal('number').describe('A number field.'),
        ...questionCommon,
        unit: z.enum(['EUR', 'months', 'years', 'none']).default('none').describe('Unit shown next to the field.'),
        min: z.number().describe('Smallest accepted answer.'),
        max: z.number().describe('Largest accepted answer.'),
        truth: z.number().optional().describe('The true value, if the answer is scored (e.g. the real total cost).'),
        truthByArm: z.record(z.string(), z.number()).optional().describe('The true value per arm, by arm key.'),
        tolerance: z.number().min(0).default(0.1).describe('An answer within this relative distance of the truth counts as correct. Default 0.1 (10%).'),
      })
      .strict(),
    z
      .object({
        kind: z.literal('scale7').describe('A 7-point scale from 1 to 7.'),
        ...questionCommon,
        lowLabel: localizedTextSchema.describe('What 1 means.'),
        highLabel: localizedTextSchema.describe('What 7 means.'),
        correct: z.number().int().min(1).max(7).optional().describe('The required answer, for an instructed-response attention check.'),
      })
      .strict(),
  ])
  .describe('One question of the questionnaire, asked after the screen unless its timing is `before-screen`.');

// ------------------------------------------------------------------ experiment

/** A pre-registered exclusion rule: who is left out of the analysis, decided before the data are seen. */
export const exclusionRuleSchema = z
  .discriminatedUnion('rule', [
    z.object({ rule: z.literal('failed-attention-check').describe('Answered an attention-check question wrongly (or not at all).') }).strict(),
    z.object({ rule: z.literal('did-not-complete').describe('Decided but did not reach the debrief (no completion).') }).strict(),
    z
      .object({
        rule: z.literal('decided-faster-than').describe('Decided faster than `seconds`, by the browser’s timing (decisions timed on the server only are not excluded by it).'),
        seconds: z.number().positive().max(3600).describe('The threshold in seconds.'),
      })
      .strict(),
  ])
  .describe('A pre-registered exclusion rule.');
export type ExclusionRule = z.infer<typeof exclusionRuleSchema>;

const pretreatmentKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/)
  .describe('The key of a before-screen question or of a declared lender attribute (both are measured before the screen).');

export const armPairSchema = z
  .object({
    arm: z.string().min(1).describe('The arm whose value is compared (treatment side), by key.'),
    against: z.string().min(1).describe('The arm it is compared with (reference side), by key.'),
  })
  .strict();

export const analysisPlanSchema = z
  .object({
    alpha: z
      .number()
      .gt(0)
      .lt(0.5)
      .default(0.05)
      .describe('Two-sided significance level of the primary family (and of each secondary outcome’s Benjamini–Hochberg family). Default 0.05.'),
    minimumDetectableEffect: z
      .number()
      .positive()
      .describe('Smallest effect on the primary outcome(s) worth detecting, in its unit (a proportion for binary); the results page reports the power achieved for it.'),
    plannedPerArm: z
      .number()
      .int()
      .positive()
      .describe('Planned participants per arm. Until every arm of a comparison has this many (or the experiment is stopped), the page leads with the peeking-safe confidence sequence.'),
    correction: z
      .enum(['holm', 'bh', 'none'])
      .default('holm')
      .describe('Multiple-comparison correction over one family: every primary outcome × its comparisons, all together. Default holm.'),
    exclusions: z
      .array(exclusionRuleSchema)
      .default([])
      .refine((rules) => new Set(rules.map((rule) => rule.rule)).size === rules.length, { message: 'each exclusion rule may be declared once' })
      .describe('Pre-registered exclusion rules: participants they apply to are left out of every metric (the results show them in the participant flow, and a sensitivity analysis of the primary outcome on everyone who decided). Default none.'),
    covariates: z
      .array(pretreatmentKeySchema)
      .default([])
      .describe(
        'Pre-treatment covariates for covariate-adjusted effects (Lin 2013: `y ~ treat * centred covariates`, HC2), shown beside the unadjusted ones. Each is a before-screen question or a lender attribute; categorical ones become indicator columns. Default none.',
      ),
    moderators: z
      .array(
        z
          .object({
            key: pretreatmentKeySchema,
            confirmatory: z.boolean().default(false).describe('Pre-registered as confirmatory; otherwise the subgroup analysis is labelled exploratory. Default false.'),
          })
          .strict(),
      )
      .default([])
      .describe('Moderators: each comparison per level of the moderator, and the treatment × moderator interaction (HC2 Wald F-test). Default none.'),
    comparisons: z
      .array(armPairSchema)
      .default([])
      .describe('Arm-versus-arm comparisons besides each treatment against control (e.g. `low-anchor` against `high-anchor`), reported like the others and in the same family. Default none.'),
  })
  .strict()
  .describe('The analysis plan, frozen when the experiment starts.');

/**
 * A factor of a factorial design. Its levels' params are merged over the
 * design's common params, and the arms are the cells of the cross product
 * of all factors' levels. The first level is the reference.
 */
export const factorSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,30}$/, 'use lower-case letters, digits and underscores').describe('The factor, e.g. `default`; a column of the export.'),
    label: z.string().min(1).describe('Name of the factor in reports, e.g. "Pre-selected product".'),
    levels: z
      .array(
        z
          .object({
            key: slugSchema.describe('The level, e.g. `fixed`; the value in the export column.'),
            label: z.string().min(1).describe('Name of the level in reports.'),
            params: z.record(z.string(), z.unknown()).default({}).describe('The arm params this level sets (merged over the common params).'),
          })
          .strict(),
      )
      .min(2)
      .describe('The levels, reference first.'),
  })
  .strict();
export type Factor = z.output<typeof factorSchema>;

/** A coarse, declared attribute a lender sends with an assignment (e.g. an income band); stored as a pre-treatment covariate. */
export const lenderAttributeSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/).describe('The attribute, e.g. `income_band`; a column of the export.'),
    label: z.string().min(1).describe('Name in reports.'),
    levels: z.array(choiceValueSchema).min(2).describe('The allowed values; anything else is refused (400).'),
  })
  .strict();


/** A stratum of permuted-block randomisation: where the participant's stratum label comes from. */
export const stratumSourceSchema = z
  .discriminatedUnion('from', [
    z
      .object({
        from: z.literal('entry-parameter').describe('A parameter of the entry link that the panel fills in, e.g. `stratum`.'),
        name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,62}$/).describe('The query parameter name.'),
        levels: z.array(z.string().min(1)).min(2).describe('The allowed stratum labels; other values are refused.'),
      })
      .strict(),
    z
      .object({
        from: z
          .literal('question')
          .describe(
            'The answer to a before-screen single-choice question: the participant consents without an arm, and the arm is drawn from the block of their answer when the before-screen answers are accepted.',
          ),
        key: z.string().min(1).describe('The key of a `before-screen` `single-choice` question of the questionnaire; its option values are the strata.'),
      })
      .strict(),
  ])
  .describe('Where a participant’s stratum comes from.');

export const randomisationSchema = z
  .discriminatedUnion('method', [
    z
      .object({ method: z.literal('hash').describe('GrowthBook hashing (hashVersion 2) of the participant id with the seed: deterministic, stateless, the same in every SDK.') })
      .strict(),
    z
      .object({
        method: z.literal('permuted-blocks').describe('Permuted blocks: within each block of `blockSize` entries every arm appears in proportion to its weight, in a random order; for small lab samples.'),
        blockSize: z.number().int().min(2).max(120).describe('Entries per block; a multiple of the sum of the arms’ (whole-number) weights.'),
        stratum: stratumSourceSchema.optional().describe('Optional stratification: separate block sequences per stratum label.'),
      })
      .strict(),
  ])
  .default({ method: 'hash' })
  .describe('How participants are randomised: `hash` (default) or `permuted-blocks`.');

const experimentBase = {
  key: slugSchema.describe('Stable identifier used in links (/e/KEY) and as the randomisation seed.'),
  title: z.string().min(1).describe('Title shown to researchers.'),
  hypothesis: z.string().min(1).describe('What the experiment tests, in one or two sentences.'),
  citation: z.string().min(1).describe('The evidence the hypothesis builds on.'),
  seed: z.string().min(1).optional().describe('Randomisation seed; defaults to the key. Change it only to re-randomise.'),
  initialState: z
    .enum(['draft', 'running'])
    .default('draft')
    .describe('The state on a fresh database: `draft` (default; an admin starts it) or `running` (admits participants at once).'),
  scenario: z
    .object({ title: localizedTextSchema, body: localizedTextSchema.describe('Paragraphs separated by a blank line.') })
    .strict()
    .describe('The situation the participant imagines before the screen.'),
  randomisation: randomisationSchema,
  factors: z
    .array(factorSchema)
    .default([])
    .describe('The factors of a factorial design, in order. The arms are then the cells of their cross product (each arm carries its `factorLevels`), and the first cell (all reference levels) is the control. Default none: the arms are declared one by one.'),
  commonParams: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('In a factorial design written without `arms`: the arm params every cell shares; each cell merges its factors’ level params over them.'),
  lenderAttributes: z
    .array(lenderAttributeSchema)
    .default([])
    .describe('Coarse attributes a lender may send with an assignment, stored as pre-treatment covariates; undeclared attributes are refused and stored nowhere. Default none.'),
  outcomes: z.array(outcomeSchema).min(1).describe('What is analysed, derived from each decision.'),
  questionnaire: z
    .array(questionSchema)
    .default([])
    .describe('Questions, in order: `before-screen` ones on their own page after consent, the others after the screen. None by default.'),
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
    .default({})
    .describe('What happens at the end.'),
  entryLinks: z
    .object({
      signed: z
        .boolean()
        .default(false)
        .describe(
          'Require signed entry links: `sig` = HMAC-SHA256 of the panel id with the experiment’s link secret (shown to admins on the dashboard), in hex. Unsigned or wrongly signed links are refused. Off by default; turn it on for panels that can sign links.',
        ),
    })
    .strict()
    .default({ signed: false })
    .describe('How entry links are checked.'),
  languages: languagesSchema,
  panel: panelSchema,
  lenderBrand: lenderBrandSchema.optional(),
  studyInformation: studyInformationSchema,
};

const armOf = <Params extends z.ZodType>(params: Params) =>
  z
    .object({
      key: slugSchema.describe('Stable identifier of the arm, e.g. `low-anchor`. The first arm is the control.'),
      label: z.string().min(1).describe('Name of the arm in reports, e.g. "Low anchor (€2,500)".'),
      weight: z.number().positive().describe('Relative share of participants; weights are normalised to sum to 1.'),
      factorLevels: z.record(z.string(), z.string()).optional().describe('In a factorial design, the level of each factor in this cell (filled in from `factors`).'),
      params,
    })
    .strict();

const templateNames = screenTemplates.map((template) => `\`${template.name}\``).join(', ');

/** The schema of an experiment on one template: the common fields, the template's screen, and arms with its params. */
function experimentSchemaOf<Name extends string, ScreenSchema extends z.ZodType, ArmParamsSchema extends z.ZodType>(template: {
  name: Name;
  description: string;
  screenSchema: ScreenSchema;
  armParamsSchema: ArmParamsSchema;
}) {
  return z
    .object({
      template: z.literal(template.name).describe(`Which screen the experiment shows: ${templateNames}. ${template.name}: ${template.description}.`),
      ...experimentBase,
      screen: template.screenSchema,
      arms: z
        .array(armOf(template.armParamsSchema))
        .min(2, 'an experiment needs a control and at least one treatment arm')
        .describe('The arms, control first. Leave them out in a factorial design: they are then the cells of `factors` (with `commonParams`).'),
    })
    .strict();
}

type Templates = typeof screenTemplates;
type ExperimentSchemaOf<Template> = Template extends { name: infer Name extends string; screenSchema: infer ScreenSchema extends z.ZodType; armParamsSchema: infer ArmParamsSchema extends z.ZodType }
  ? ReturnType<typeof experimentSchemaOf<Name, ScreenSchema, ArmParamsSchema>>
  : never;
type ExperimentSchemasOf<List extends readonly unknown[]> = { -readonly [Index in keyof List]: ExperimentSchemaOf<List[Index]> };
type ExperimentSchemas = ExperimentSchemasOf<Templates>;
const experimentSchemas = screenTemplates.map((template: { name: string; description: string; screenSchema: z.ZodType; armParamsSchema: z.ZodType }) => experimentSchemaOf(template)) as unknown as ExperimentSchemas;
export const [amountExperimentSchema, productChoiceExperimentSchema, statementExperimentSchema] = experimentSchemas;

type Issue = { path: (string | number)[]; message: string };

function duplicates(keys: readonly string[], path: (index: number) => (string | number)[], what: string): Issue[] {
  return keys.flatMap((key, index) => (keys.indexOf(key) !== index ? [{ path: path(index), message: `duplicate ${what} "${key}"` }] : []));
}

/** Why a question cannot be the stratum of permuted blocks: it must exist, be asked before the screen, and offer a closed set of options. */
function stratumQuestionIssues(key: string, questionnaire: readonly z.output<typeof questionSchema>[]): Issue[] {
  const path = ['randomisation', 'stratum', 'key'];
  const question = questionnaire.find((candidate) => candidate.key === key);
  if (!question) {
    const keys = questionnaire.filter((candidate) => candidate.timing === 'before-screen' && candidate.kind === 'single-choice').map((candidate) => candidate.key);
    return [{ path, message: `"${key}" is not a question of the questionnaire${keys.length > 0 ? ` (before-screen single-choice questions: ${keys.join(', ')})` : '; declare a before-screen single-choice question with that key'}` }];
  }
  const issues: Issue[] = [];
  if (question.timing !== 'before-screen') {
    issues.push({ path, message: `the question "${key}" is asked ${question.timing}; a stratum must be known before the arm is drawn, so give it timing 'before-screen'` });
  }
  if (question.kind !== 'single-choice') {
    issues.push({ path, message: `the question "${key}" is a ${question.kind} question; a stratum needs a closed set of answers, so use a single-choice question (its option values are the strata)` });
  }
  return issues;
}

/** Checks that span fields (the template's own, an outcome naming a decision field, …), kept apart from the shapes. */
function crossFieldIssues(definition: z.output<ExperimentSchemas[number]>): Issue[] {
  const issues: Issue[] = [];
  const armKeys = definition.arms.map((arm) => arm.key);
  issues.push(...duplicates(armKeys, (index) => ['arms', index, 'key'], 'arm key'));
  const template = screenTemplateOf(definition);
  issues.push(...template.definitionIssues(definition.screen, definition.arms));
  issues.push(...factorialDesignIssues(definition));
  issues.push(...analysisPlanIssues(definition));
  const decisionFields = new Set([...template.decisionFields(definition.screen), ...template.computedFields].map((field) => field.field));
  definition.outcomes.forEach((outcome, index) => {
    for (const arm of Object.keys(outcome.expectedDirection ?? {})) {
      if (!armKeys.includes(arm) || arm === armKeys[0]) {
        issues.push({ path: ['outcomes', index, 'expectedDirection', arm], message: `"${arm}" is not a treatment arm (${armKeys.slice(1).join(', ')})` });
      }
    }
  });
  definition.analysisPlan.exclusions.forEach((exclusion, index) => {
    if (exclusion.rule === 'failed-attention-check' && !definition.questionnaire.some((question) => question.role === 'attention-check')) {
      issues.push({ path: ['analysisPlan', 'exclusions', index, 'rule'], message: 'failed-attention-check needs a questionnaire question with role "attention-check"' });
    }
  });
  if (definition.randomisation.method === 'permuted-blocks') {
    const { blockSize } = definition.randomisation;
    const weights = definition.arms.map((arm) => arm.weight);
    const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
    if (!weights.every(Number.isInteger) || blockSize % totalWeight !== 0) {
      issues.push({
        path: ['randomisation', 'blockSize'],
        message: `with permuted blocks, arm weights must be whole numbers and the block size (${blockSize}) a multiple of their sum (${totalWeight})`,
      });
    }
    const { stratum } = definition.randomisation;
    const linkParameters = ['pid', 'lang', definition.panel.idParameter, ...definition.panel.recordParameters];
    if (stratum?.from === 'entry-parameter') {
      if (linkParameters.includes(stratum.name)) {
        issues.push({ path: ['randomisation', 'stratum', 'name'], message: `"${stratum.name}" is already a parameter of the entry link (${[...new Set(linkParameters)].join(', ')}); choose another name` });
      }
      issues.push(...duplicates(stratum.levels, (index) => ['randomisation', 'stratum', 'levels', index], 'stratum level'));
    }
    if (stratum?.from === 'question') issues.push(...stratumQuestionIssues(stratum.key, definition.questionnaire));
  }
  const primaryCount = definition.outcomes.filter((outcome) => outcome.primary).length;
  if (primaryCount < 1) issues.push({ path: ['outcomes'], message: `at least one outcome must be primary, found ${primaryCount}` });
  definition.outcomes.forEach((outcome, index) => {
    if (outcome.type === 'binary' && outcome.smallestEffectOfInterest !== undefined && outcome.smallestEffectOfInterest >= 1) {
      issues.push({ path: ['outcomes', index, 'smallestEffectOfInterest'], message: 'for a binary outcome it is a proportion below 1 (0.05 = 5 percentage points)' });
    }
    (outcome.comparisons ?? []).forEach((pair, pairIndex) => {
      for (const side of ['arm', 'against'] as const) {
        if (!armKeys.includes(pair[side])) issues.push({ path: ['outcomes', index, 'comparisons', pairIndex, side], message: `"${pair[side]}" is not an arm key (${armKeys.join(', ')})` });
      }
      if (pair.arm === pair.against) issues.push({ path: ['outcomes', index, 'comparisons', pairIndex], message: 'compares an arm with itself' });
    });
  });
  issues.push(...duplicates(definition.outcomes.map((outcome) => outcome.key), (index) => ['outcomes', index, 'key'], 'outcome key'));
  definition.outcomes.forEach((outcome, index) => {
    if ('field' in outcome.derive && !decisionFields.has(outcome.derive.field)) {
      issues.push({
        path: ['outcomes', index, 'derive', 'field'],
        message: `"${outcome.derive.field}" is not a field of the ${definition.template} screen (${[...decisionFields].join(', ')})`,
      });
    }
  });
  issues.push(...duplicates(definition.questionnaire.map((question) => question.key), (index) => ['questionnaire', index, 'key'], 'question key'));
  definition.questionnaire.forEach((question, index) => {
    const byArm = question.kind === 'single-choice' ? question.correctByArm : question.kind === 'number' ? question.truthByArm : undefined;
    for (const arm of Object.keys(byArm ?? {})) {
      if (!armKeys.includes(arm)) issues.push({ path: ['questionnaire', index], message: `"${arm}" is not an arm key` });
    }
    if (question.kind === 'single-choice') {
      const values = question.options.map((option) => option.value);
      for (const answer of [question.correct, ...Object.values(question.correctByArm ?? {})]) {
        if (answer !== undefined && !values.includes(answer)) issues.push({ path: ['questionnaire', index], message: `correct answer "${answer}" is not an option` });
      }
    }
    if (question.kind === 'number' && question.min >= question.max) issues.push({ path: ['questionnaire', index, 'min'], message: 'min must be below max' });
  });
  return issues;
}

/**
 * The schema of an experiment file: a factorial design written with
 * `factors` instead of `arms` is first expanded into its cells
 * (experiments/factorial/expand-factorial-design.ts), then every definition
 * is checked field by field and across fields.
 */
export const experimentDefinitionSchema = z.preprocess(
  expandFactorialDesign,
  z.discriminatedUnion('template', experimentSchemas).superRefine((definition, context) => {
    for (const issue of crossFieldIssues(definition)) context.addIssue({ code: 'custom', ...issue });
  }),
);

type ArmsExperimentInput = z.input<ExperimentSchemas[number]>;
type FactorInputWith<Params> = Omit<z.input<typeof factorSchema>, 'levels'> & {
  levels: readonly (Omit<z.input<typeof factorSchema>['levels'][number], 'params'> & { params?: Partial<Params> })[];
};
/** A factorial experiment as written: `factors` (and `commonParams`) instead of `arms`, typed with its template's arm params. */
type FactorialExperimentInputOf<Input> = Input extends { arms: readonly (infer ArmInput)[] }
  ? ArmInput extends { params: infer Params }
    ? Omit<Input, 'arms' | 'factors' | 'commonParams'> & { arms?: undefined; commonParams?: Partial<Params>; factors: readonly FactorInputWith<Params>[] }
    : never
  : never;

/** An experiment as written in its file (defaults may be left out): arms one by one, or the factors of a factorial design. */
export type ExperimentDefinitionInput = ArmsExperimentInput | FactorialExperimentInputOf<ArmsExperimentInput>;
/** An experiment after validation, with every default filled in. */
export type ExperimentDefinition = z.output<typeof experimentDefinitionSchema>;
export type AmountExperimentDefinition = z.output<typeof amountExperimentSchema>;
export type ProductChoiceExperimentDefinition = z.output<typeof productChoiceExperimentSchema>;
export type Arm = ExperimentDefinition['arms'][number];
export type AmountArm = AmountExperimentDefinition['arms'][number];
export type ProductChoiceArm = ProductChoiceExperimentDefinition['arms'][number];
export type StatementExperimentDefinition = z.output<typeof statementExperimentSchema>;
export type StatementArm = StatementExperimentDefinition['arms'][number];
export type Outcome = ExperimentDefinition['outcomes'][number];
export type LenderAttribute = z.output<typeof lenderAttributeSchema>;
export type Moderator = ExperimentDefinition['analysisPlan']['moderators'][number];
export type Question = ExperimentDefinition['questionnaire'][number];
/** A question as written in an experiment file (defaults may be left out). */
export type QuestionInput = NonNullable<ExperimentDefinitionInput['questionnaire']>[number];
export type { Product } from './templates/product-choice/product-choice-parameters';
export type { AmountInput } from './templates/amount/amount-parameters';
export type { LocalizedText } from './templates/shared-parameters';
export type Randomisation = z.output<typeof randomisationSchema>;
export type ExpectedDirection = 'higher' | 'lower';
