import type { z } from 'zod';
import type { SeededRandom } from '../simulation/seeded-random';

/**
 * One field a screen records as its decision. The list a template declares
 * drives everything downstream: the outcomes that may refer to it, the stored
 * values, the export columns and the codebook.
 */
export interface DecisionField {
  /** Name in the form and in the stored decision values, e.g. `amount`. */
  field: string;
  /** Column of the per-participant export, e.g. `chosen_amount`. */
  column: string;
  type: 'integer' | 'number' | 'category';
  unit?: string;
  meaning: string;
  allowedValues?: (string | number)[];
}

/** A value computed from the decision (never stored), which outcomes may use like a decision field. */
export interface ComputedField<Screen> {
  field: string;
  meaning: string;
  compute(screen: Screen, values: Readonly<Record<string, number | string>>): number | null;
}

/** An extra export column read from what the participant's screen showed (e.g. a randomised order). */
export interface PresentationColumn<Presentation> {
  column: string;
  meaning: string;
  value(presentation: Presentation | null): string | null;
}

/** A problem with a definition, at a path below the definition's root. */
export interface TemplateIssue {
  path: (string | number)[];
  message: string;
}

/** One process-data event as the screen script records it. */
export interface ProcessEvent {
  kind: 'change' | 'panel';
  field: string | null;
  value: string | null;
  atMs: number;
}

export interface SimulatedDecision {
  /** The form fields to submit. */
  fields: Record<string, string>;
  /** The process data the screen script would have posted. */
  processData: { version: 1; timeToDecisionMs: number; events: ProcessEvent[] };
}

/**
 * A screen template as one module, the way a jsPsych plugin is one: the
 * parameters an experiment declares for the screen and for each arm, the
 * decision fields it records, the values an arm pre-fills, what one
 * participant's screen shows, its consistency checks and a synthetic
 * participant's behaviour. Pure: nothing here knows about HTTP or storage.
 * Its server part (parsing a submitted decision, the view model) lives in
 * server/templates/NAME/ beside the EJS view in views/templates/NAME/.
 */
export interface ScreenTemplate<
  Name extends string,
  ScreenSchema extends z.ZodType,
  ArmParamsSchema extends z.ZodType,
  Presentation extends { template: Name },
  Observed extends { template: Name },
> {
  name: Name;
  /** One line for the schema documentation. */
  description: string;
  screenSchema: ScreenSchema;
  armParamsSchema: ArmParamsSchema;
  decisionFields(screen: z.output<ScreenSchema>): DecisionField[];
  computedFields: ComputedField<z.output<ScreenSchema>>[];
  /** The decision field whose pre-fill `kept_default` reports for this arm. */
  keptDefaultField(params: z.output<ArmParamsSchema>): string;
  /** The values the arm pre-fills or pre-selects, by decision field; absent where the participant must choose. */
  armDefaults(screen: z.output<ScreenSchema>, params: z.output<ArmParamsSchema>): Record<string, number | string>;
  /** Checks spanning the screen and the arms (a pre-fill within the limits, …), with paths from the definition's root. */
  definitionIssues(screen: z.output<ScreenSchema>, arms: readonly { params: z.output<ArmParamsSchema> }[]): TemplateIssue[];
  /** What one participant's screen shows beyond the fixed parameters; stored with the exposure. */
  presentation(input: { experimentKey: string; screen: z.output<ScreenSchema>; params: z.output<ArmParamsSchema>; participantId: string }): Presentation;
  presentationColumns: PresentationColumn<Presentation>[];
  /** A synthetic participant's decision on the screen as read from the page; `effect` scales the nudge (0 none, 1 as in the literature). */
  simulatedDecision(observed: Observed, random: SeededRandom, effect: number): SimulatedDecision;
}

/**
 * Declares a screen template, checking its shape against ScreenTemplate while
 * keeping its precise types (so the experiment schema stays discriminated).
 *
 * @example
 * export const amountTemplate = defineScreenTemplate({ name: 'amount', screenSchema, armParamsSchema, … });
 */
export function defineScreenTemplate<
  Name extends string,
  ScreenSchema extends z.ZodType,
  ArmParamsSchema extends z.ZodType,
  Presentation extends { template: Name },
  Observed extends { template: Name },
>(template: ScreenTemplate<Name, ScreenSchema, ArmParamsSchema, Presentation, Observed>) {
  return template;
}
