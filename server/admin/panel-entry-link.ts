import type { ExperimentDefinition } from '../../experiments/definition-schema';
import { stratumParameter } from '../assignment/read-stratum';

/**
 * How the panel writes a placeholder it fills in per participant. Prolific
 * (recognised by its `PROLIFIC_PID` id parameter) writes `{{%NAME%}}`; for
 * others the link shows `{NAME}` (and `{PANEL_ID}` for the default `pid`)
 * for the researcher to replace with their panel's own syntax.
 */
function placeholderWriter(definition: ExperimentDefinition): (name: string) => string {
  if (definition.panel.idParameter === 'PROLIFIC_PID') return (name) => `{{%${name}%}}`;
  return (name) => (name === 'pid' ? '{PANEL_ID}' : `{${name}}`);
}

/**
 * The entry link to paste into the panel: the panel's id parameter and its
 * recorded parameters as placeholders, the stratum (`{low|high}`) of a
 * stratified design, `{SIGNATURE}` when links must be signed, and the
 * experiment's default language, so the study language is explicit in the
 * link rather than left to anything else.
 *
 * @example
 * panelEntryLink(prolificStudy, 'https://study.example');
 * // => 'https://study.example/e/prolific-study?PROLIFIC_PID={{%PROLIFIC_PID%}}&STUDY_ID={{%STUDY_ID%}}&SESSION_ID={{%SESSION_ID%}}&lang=nl'
 * panelEntryLink(loanAnchor, 'http://localhost:3000'); // => 'http://localhost:3000/e/loan-anchor?pid={PANEL_ID}&lang=nl'
 */
export function panelEntryLink(definition: ExperimentDefinition, origin: string): string {
  const placeholder = placeholderWriter(definition);
  const { panel, randomisation } = definition;
  const parameters = [panel.idParameter, ...panel.recordParameters].map((name) => `${name}=${placeholder(name)}`);
  const stratum = stratumParameter(randomisation);
  if (stratum && randomisation.method === 'permuted-blocks' && randomisation.stratum?.from === 'entry-parameter') parameters.push(`${stratum}={${randomisation.stratum.levels.join('|')}}`);
  if (definition.entryLinks.signed) parameters.push('sig={SIGNATURE}');
  parameters.push(`lang=${definition.languages.default}`);
  return `${origin}/e/${definition.key}?${parameters.join('&')}`;
}
