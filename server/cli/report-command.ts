import { experimentRegistry } from '../../experiments/registry';
import { validateExperiments } from '../../experiments/validate-experiments';
import { readConfig } from '../config';
import type { AnalysisReport, BinaryComparison, ContinuousComparison } from '../../analysis/analysis-report';
import { experimentResults, type ExperimentResults } from '../results/experiment-results';
import { pValueText } from '../results/figure-format';
import { openStore } from '../store/open-store';
import { CommandInputError } from './command-input-error';
import { subcommandArguments } from './subcommand-arguments';
import { formatAnalysisTable } from './format-analysis-table';
import { sensitivityPairs } from '../results/sensitivity-view';

/** `nudgelab report`: the results page's figures for the data in NUDGELAB_DB, as a table or JSON. */
export async function reportCommand(argumentsAfterCommand: string[]): Promise<string> {
  const { values } = subcommandArguments('report', argumentsAfterCommand);
  const experiments = validateExperiments(experimentRegistry);
  const experiment = values.experiment ? experiments.get(values.experiment) : undefined;
  if (!experiment) throw new CommandInputError(`--experiment must be one of ${[...experiments.keys()].join(', ')} (see nudgelab report --help)`);
  if (values.format !== 'table' && values.format !== 'json') throw new CommandInputError('--format must be table or json');
  const store = await openStore(readConfig());
  try {
    const results = await experimentResults(store, experiment);
    return values.format === 'json'
      ? JSON.stringify(results, null, 2)
      : `${experiment.definition.title} (${experiment.definition.key})\n\n${[...verdictLines(results), ...sensitivityLines(results)].join('\n')}\n\n${formatAnalysisTable(results)}`;
  } finally {
    await store.close();
  }
}

/**
 * One line per comparison with its verdict, family and whether it is as
 * hypothesised, primary outcomes first.
 *
 * @example
 * verdictLines(results)[1]; // => '  amount, low-anchor vs control: lower, as hypothesised (adjusted p < 0.001; holm over 2 primary comparisons)'
 */
export function verdictLines(results: Pick<AnalysisReport, 'families' | 'metrics'>): string[] {
  const lines: string[] = [];
  for (const family of results.families) {
    lines.push(family.name === 'primary' ? `Verdicts, primary outcomes (${family.correction} over ${family.size} comparisons together):` : `Exploratory, secondary outcomes (${family.correction} over ${family.size} comparisons):`);
    for (const metric of results.metrics.filter((candidate) => family.metrics.includes(candidate.metric))) {
      for (const comparison of metric.comparisons as (ContinuousComparison | BinaryComparison)[]) {
        lines.push(`  ${comparisonLine(metric.metric, comparison)}`);
      }
    }
  }
  return lines;
}

type Comparison = ContinuousComparison | BinaryComparison;

/** A comparison's fixed-horizon verdict, whether as hypothesised, and its adjusted p. */
const comparisonLine = (metric: string, comparison: Comparison) => {
  const verdict = comparison.verdict ?? comparison.verdictReason;
  const hypothesis = comparison.asHypothesised === null ? '' : comparison.asHypothesised ? ', as hypothesised' : ', opposite to the hypothesis';
  return `${metric}, ${comparison.arm} vs ${comparison.control}: ${verdict}${hypothesis} (${pValueText(comparison.pAdjusted, 'adjusted p')})`;
};

/**
 * The primary verdicts again on everyone who decided, no exclusion rule
 * applied, each marked when it differs from the analysed one; nothing when
 * nobody was excluded (the analyses are then the same).
 *
 * @example
 * sensitivityLines(results);
 * // => ['Sensitivity, everyone who decided (40 more participants, no exclusions):', '  amount, low-anchor vs control: inconclusive … (adjusted p = 0.231) — DIFFERS from the analysed verdict (lower)', …]
 */
export function sensitivityLines(results: Pick<ExperimentResults, 'metrics' | 'participantFlow' | 'sensitivity'>): string[] {
  const excluded = results.participantFlow.arms.reduce((sum, arm) => sum + arm.excluded, 0);
  if (excluded === 0) return [];
  const lines = [`Sensitivity, everyone who decided (${excluded} more participant${excluded === 1 ? '' : 's'}, no exclusions):`];
  for (const { metric, analysed, everyone } of sensitivityPairs(results.metrics, results.sensitivity.metrics)) {
    const differs = analysed.verdict !== everyone.verdict;
    lines.push(`  ${comparisonLine(metric.metric, everyone)}${differs ? ` — DIFFERS from the analysed verdict (${analysed.verdict ?? analysed.verdictReason})` : ''}`);
  }
  return lines;
}
