import type { ExperimentDefinition } from '../../experiments/definition-schema';
import type { ScreenPresentation } from '../../experiments/screen-presentation';
import type { TemplateName } from '../../experiments/templates/template-registry';
import type { ObservedScreen } from '../../experiments/simulation/simulated-behaviour';
import type { Translate } from '../i18n/translator';
import type { Locale } from '../i18n/locale';

/** A refused decision field and why, in a message key of the template's catalogue. */
export interface FieldProblem {
  field: string;
  messageKey: string;
  parameters?: Record<string, string | number>;
}

export type DecisionResult = { ok: true; values: Record<string, number | string> } | { ok: false; problems: FieldProblem[] };

/** A row of the debrief's summary of the participant's choice. */
export interface ChoiceRow {
  figure: string;
  label: string;
  value: string;
}

/** Everything a template's server part is given about one screen. */
export interface ScreenContext<Definition extends ExperimentDefinition = ExperimentDefinition> {
  definition: Definition;
  arm: Definition['arms'][number];
  presentation: ScreenPresentation;
  locale: Locale;
}

/**
 * The server part of a screen template, beside its view in
 * views/templates/NAME/screen.ejs: it reads a submitted decision (the form
 * fields are the template's decision fields), builds the view model, sums up
 * the choice on the debrief, and reads the page back as a simulated
 * participant sees it. Its pure part is experiments/templates/NAME/.
 */
export interface ServerScreenTemplate<Definition extends ExperimentDefinition = ExperimentDefinition> {
  name: TemplateName;
  /** The EJS view, from the views root. */
  view: string;
  /** Validates a submitted form; returns every problem at once, so the form can show them all. */
  parseDecision(body: unknown, screen: ScreenContext<Definition>): DecisionResult;
  /** The view model for the screen, given what the participant has entered so far (strings, as typed). */
  viewModel(screen: ScreenContext<Definition> & { t: Translate; submitted: Record<string, string>; problems: FieldProblem[] }): Record<string, unknown>;
  /** What the screen shows in an admin preview of an arm (nothing random), and a note about what participants see differently. */
  previewPresentation(definition: Definition, arm: Definition['arms'][number]): { presentation: ScreenPresentation; note: string | null };
  /** The debrief's rows about the stored decision. */
  debriefRows(input: { definition: Definition; values: Readonly<Record<string, number | string>>; locale: Locale; t: Translate }): ChoiceRow[];
  /** Reads this template's screen back from its HTML as a person would, or null when the page shows another template. */
  observeScreen(html: string): ObservedScreen | null;
}

/** Reads an HTML attribute's value from one tag. */
export const attributeOf = (tag: string, name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
/** Every tag of a page matching a pattern. */
export const tagsMatching = (html: string, pattern: RegExp): string[] => html.match(pattern) ?? [];
