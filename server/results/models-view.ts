import type { Outcome } from '../../experiments/definition-schema';
import type { MetricWithModels } from '../cli/analysis-with-models';
import type { ExperimentResults } from './experiment-results';
import { levelText, outcomeUnitFormat, pValueCell, pValueText } from './figure-format';

/**
 * The models of one primary outcome as the results page lays them out:
 * adjusted effects beside the unadjusted ones, each moderator's subgroups
 * with its interaction test and whether it is confirmatory, the factorial
 * main effects and interactions; every figure in the outcome's unit. Null
 * when the plan and design declare no model.
 *
 * @example
 * modelsView(metric, outcome, results, labelOf)?.moderators[0].heading; // => 'By income band (exploratory)'
 */
export function modelsView(metric: MetricWithModels, outcome: Outcome, results: ExperimentResults, labelOf: (arm: string) => string) {
  const models = results.models;
  if (!models) return null;
  const format = outcomeUnitFormat(metric.type, outcome.unit);
  const level = levelText(results.confidenceLevel);
  const cell = (value: number | null) => (value === null ? '—' : format.cell(value));
  const interval = (value: [number, number] | null) => (value === null ? '—' : `${format.cell(value[0])} to ${format.cell(value[1])}`);
  const pairLabel = (arm: string, control: string) => `${labelOf(arm)} against ${labelOf(control)}`;
  const adjusted = models.covariates.length === 0
    ? []
    : metric.comparisons.map((comparison) => {
        const effect = (comparison as { adjusted?: { diff: number; diffCi: [number, number]; pValue: number; method: string } | null }).adjusted ?? null;
        return {
          label: pairLabel(comparison.arm, comparison.control),
          unadjusted: `${cell(comparison.diff)} (${interval(comparison.diffCi)}), ${pValueText(comparison.pValue)}`,
          adjusted: effect ? `${cell(effect.diff)} (${interval(effect.diffCi)}), ${pValueText(effect.pValue)}` : 'not computable',
          method: effect?.method ?? comparison.problems.filter((problem) => problem.startsWith('adjusted')).join('; '),
        };
      });
  const moderators = (metric.moderators ?? []).map((moderator) => {
    const status = (moderator as { status?: string }).status ?? 'exploratory';
    const test = moderator.interaction;
    return {
      key: moderator.moderator,
      heading: `By ${moderator.moderator.replace(/_/g, ' ')} (${status})`,
      status,
      interaction: test
        ? `Arm × ${moderator.moderator}: HC2 Wald F(${test.df1}, ${test.df2}) = ${test.F.toFixed(2)}, ${pValueText(test.pValue)}${status === 'exploratory' ? ' — exploratory: not part of the confirmatory family' : ''}.`
        : `Arm × ${moderator.moderator}: the interaction test cannot be run.`,
      rows: moderator.levels.flatMap((levelReport) =>
        levelReport.comparisons.map((comparison) => ({
          level: levelReport.level,
          n: levelReport.n.toLocaleString('en-GB'),
          comparison: pairLabel(comparison.arm, comparison.control),
          diff: cell(comparison.diff),
          ci: interval(comparison.diffCi),
          p: pValueCell(comparison.pValue),
          notes: comparison.problems.join('; '),
        })),
      ),
      notes: moderator.problems,
    };
  });
  const factorial = metric.factorial
    ? {
        mainEffects: metric.factorial.mainEffects.map((effect) => ({ label: `${effect.factor}: ${effect.level} against ${effect.reference}`, estimate: cell(effect.estimate), ci: interval(effect.ci), p: pValueCell(effect.pValue) })),
        interactions: metric.factorial.interactions.map((effect) => ({ label: effect.term, estimate: cell(effect.estimate), ci: interval(effect.ci), p: pValueCell(effect.pValue) })),
        notes: metric.factorial.problems,
      }
    : null;
  return { level, covariates: models.covariates.map((covariate) => covariate.key).join(', '), adjusted, moderators, factorial, problems: models.problems };
}
