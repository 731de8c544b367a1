import type { AnalysisReport, MetricReport } from '../../analysis/analysis-report';
import type { Covariate } from '../../analysis/centred-covariate-columns';
import type { FactorColumn } from '../../analysis/factorial-effects';
import { modelsReport } from '../../analysis/models-report';
import type { ModeratorReport } from '../../analysis/moderator-analysis';
import type { ExperimentDefinition } from '../../experiments/definition-schema';
import { analysisWithModels, type MetricWithModels } from '../cli/analysis-with-models';
import type { ModelRows } from './experiment-data';

/** A moderator's report on the results: the analysis, and whether the plan made it confirmatory (otherwise exploratory). */
export type ResultsModeratorReport = ModeratorReport & { confirmatory: boolean; status: 'confirmatory' | 'exploratory' };

/** What the plan and design asked the models for, and on how many analysed participants they ran. */
export interface ResultsModelsSummary {
  covariates: { key: string; source: 'question' | 'attribute'; kind: 'numeric' | 'categorical' }[];
  moderators: { key: string; confirmatory: boolean }[];
  factors: { key: string; label: string; levels: string[]; reference: string }[];
  /** Analysed participants the models ran on (decided, no exclusion). */
  rows: number;
  /** Why a model could not run at all (e.g. no analysed participant in the control arm); empty when they all ran. */
  problems: string[];
}

/**
 * The models of issue #17 for the primary outcomes of a stored experiment, as
 * its plan and design declare them, merged into the engine's metrics: each
 * comparison (against control, and the plan's arm-versus-arm pairs, already
 * in the family) gets `adjusted` (Lin 2013, HC2) when covariates are
 * declared; each primary metric `moderators` (per level, with the HC2
 * interaction F, labelled exploratory unless confirmatory) and `factorial`
 * (main effects and interactions from cell means) when declared. Secondary
 * outcomes are left as they are. Data that cannot be modelled gives reasons,
 * never a throw.
 *
 * @example
 * resultsModels(definition, data.modelRows, report).metrics[0].comparisons[0].adjusted; // => { diff: −1207.8, diffCi: […], se: 351.2, pValue: 0.0009, method: 'Lin (2013): …' } (say)
 */
export function resultsModels(
  definition: ExperimentDefinition,
  rows: ModelRows | null,
  report: AnalysisReport,
): { metrics: (MetricReport | MetricWithModels)[]; models: ResultsModelsSummary | null } {
  if (!rows) return { metrics: report.metrics, models: null };
  const plan = definition.analysisPlan;
  const control = definition.arms[0]!.key;
  const summary: ResultsModelsSummary = {
    covariates: rows.pretreatment.filter((column) => plan.covariates.includes(column.key)).map(({ key, source, kind }) => ({ key, source, kind })),
    moderators: plan.moderators.map(({ key, confirmatory }) => ({ key, confirmatory })),
    factors: definition.factors.map((factor) => ({ key: factor.key, label: factor.label, levels: factor.levels.map((level) => level.key), reference: factor.levels[0]!.key })),
    rows: rows.arms.length,
    problems: [],
  };
  const primary = definition.outcomes.filter((outcome) => outcome.primary);
  const columnOf = (key: string) => rows.pretreatment.find((column) => column.key === key)!;
  const covariates = plan.covariates.map((key): Covariate => {
    const column = columnOf(key);
    return column.kind === 'numeric' ? { name: key, kind: 'numeric', values: column.values } : { name: key, kind: 'categorical', values: column.values };
  });
  const moderators = plan.moderators.map(({ key }) => {
    const column = columnOf(key);
    // A moderator is read by level: a number (a scale point) is its own level.
    const values = column.kind === 'categorical' ? column.values : Array.from(column.values, (value) => (Number.isFinite(value) ? String(value) : null));
    return { name: key, values };
  });
  const armByKey = new Map(definition.arms.map((arm) => [arm.key, arm]));
  const factors = definition.factors.map(
    (factor): FactorColumn => ({
      name: factor.key,
      values: rows.arms.map((arm) => armByKey.get(arm)?.factorLevels?.[factor.key] ?? null),
      levels: factor.levels.map((level) => level.key),
      reference: factor.levels[0]!.key,
    }),
  );

  if (rows.arms.length === 0 || !rows.arms.includes(control)) {
    summary.problems.push(`the models need analysed participants in the control arm "${control}"; there are none yet`);
    return { metrics: report.metrics, models: summary };
  }
  const presentArms = new Set(rows.arms);
  const compare = plan.comparisons.filter((pair) => presentArms.has(pair.arm) && presentArms.has(pair.against)).map((pair) => ({ arm: pair.arm, control: pair.against }));
  for (const pair of plan.comparisons) {
    if (!presentArms.has(pair.arm) || !presentArms.has(pair.against)) summary.problems.push(`${pair.arm} against ${pair.against}: no adjusted effect without analysed participants in both arms`);
  }
  let models;
  try {
    models = modelsReport({
      outcomes: primary.map((outcome) => ({ metric: outcome.key, type: outcome.type, values: rows.outcomes.get(outcome.key)! })),
      arms: rows.arms,
      control,
      covariates,
      moderators,
      factors,
      compare,
      confidenceLevel: 1 - plan.alpha,
    });
  } catch (error) {
    // Misuse cannot come from a validated definition; what is left is data the models cannot take, said in words.
    if (!(error instanceof RangeError)) throw error;
    summary.problems.push(`the models could not run: ${error.message}`);
    return { metrics: report.metrics, models: summary };
  }
  const primaryKeys = new Set(primary.map((outcome) => outcome.key));
  const merged = analysisWithModels({ ...report, metrics: report.metrics.filter((metric) => primaryKeys.has(metric.metric)) }, models).metrics;
  const confirmatory = new Map(plan.moderators.map((moderator) => [moderator.key, moderator.confirmatory]));
  // Levels and comparisons in a fixed order (levels as numbers or words sort, arms as declared), not in the rows' order, which the database chooses.
  const armIndex = new Map(definition.arms.map((arm, index) => [arm.key, index]));
  const byLevel = new Intl.Collator('en', { numeric: true }).compare;
  const withStatus = merged.map((metric) =>
    metric.moderators
      ? {
          ...metric,
          moderators: metric.moderators.map(
            (moderator): ResultsModeratorReport => ({
              ...moderator,
              levels: [...moderator.levels]
                .sort((a, b) => byLevel(a.level, b.level))
                .map((level) => ({ ...level, comparisons: [...level.comparisons].sort((a, b) => (armIndex.get(a.arm) ?? 0) - (armIndex.get(b.arm) ?? 0)) })),
              confirmatory: confirmatory.get(moderator.moderator) ?? false,
              status: confirmatory.get(moderator.moderator) ? 'confirmatory' : 'exploratory',
            }),
          ),
        }
      : metric,
  );
  return { metrics: report.metrics.map((metric) => withStatus.find((candidate) => candidate.metric === metric.metric) ?? metric), models: summary };
}
