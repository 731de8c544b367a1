import type { AnalysisReport, BinaryComparison, ContinuousComparison, MetricReport } from '../../analysis/analysis-report';
import type { AdjustedEffectReport, FactorialReport, ModelsReport } from '../../analysis/models-report';
import type { ModeratorReport } from '../../analysis/moderator-analysis';

/** A comparison with, when covariates were named, its Lin-adjusted effect (null with a reason in `problems` when it cannot be fitted). */
export type ComparisonWithModels = (ContinuousComparison | BinaryComparison) & { adjusted?: AdjustedEffectReport | null };

/** A metric with its comparisons' adjusted effects, its moderator reports and its factorial effects, as far as they were asked for. */
export type MetricWithModels = MetricReport & { moderators?: ModeratorReport[]; factorial?: FactorialReport };

export type AnalysisWithModels = Omit<AnalysisReport, 'metrics'> & { metrics: MetricWithModels[] };

/**
 * The engine's report with the models of issue #17 merged in, in the JSON
 * shape `nudgelab analyze` prints: each comparison gets `adjusted` from the
 * model of the same arm and control (its problems joining the comparison's),
 * each metric `moderators` and `factorial`. The `compare` pairs must already
 * be among the report's comparisons (as declared comparisons, so the family
 * adjusts them together); the models' own unadjusted copies are not used.
 *
 * @example
 * analysisWithModels(analyzeExperiment(input), modelsReport(models)).metrics[0].comparisons[0].adjusted; // => { diff: −1207.8, diffCi: […], se: 351.2, pValue: 0.0009, method: 'Lin (2013): …' } (say)
 * @throws RangeError when the two reports do not cover the same metrics.
 */
export function analysisWithModels(report: AnalysisReport, models: ModelsReport): AnalysisWithModels {
  const metrics = report.metrics.map((metric): MetricWithModels => {
    const modelled = models.metrics.find((candidate) => candidate.metric === metric.metric);
    if (!modelled) throw new RangeError(`the models have no metric "${metric.metric}"`);
    const comparisons = (metric.comparisons as ComparisonWithModels[]).map((comparison) => {
      if (!modelled.adjusted) return comparison;
      const adjusted = modelled.adjusted.find((candidate) => candidate.arm === comparison.arm && candidate.control === comparison.control);
      if (!adjusted) return { ...comparison, adjusted: null, problems: [...comparison.problems, 'adjusted: no adjusted model for this comparison'] };
      return { ...comparison, adjusted: adjusted.adjusted, problems: [...comparison.problems, ...adjusted.problems] };
    });
    return {
      ...metric,
      comparisons,
      ...(modelled.moderators ? { moderators: modelled.moderators } : {}),
      ...(modelled.factorial ? { factorial: modelled.factorial } : {}),
    } as MetricWithModels;
  });
  return { ...report, metrics };
}
