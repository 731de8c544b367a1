import type { AnalysisReport, Interval } from '../../analysis/analysis-report';
import type { BlockBalanceCheck } from '../../analysis/block-balance-check';
import type { ComparisonWithModels, MetricWithModels } from './analysis-with-models';
import { levelText } from '../results/figure-format';

const number = (value: number | null, digits = 2): string =>
  value === null ? '—' : Math.abs(value) >= 1e6 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential(2) : value.toFixed(digits);
const pValue = (value: number | null): string => (value === null ? '—' : value < 1e-4 ? '<0.0001' : value.toFixed(4));
const interval = (value: Interval, digits = 2): string => (value === null ? '—' : `[${number(value[0], digits)}, ${number(value[1], digits)}]`);
const percent = (value: number | null): string => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
const percentInterval = (value: Interval): string => (value === null ? '—' : `[${percent(value[0])}, ${percent(value[1])}]`);

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')).join('\n');
}

/**
 * The analysis as text for a terminal: the sample-ratio check (or, for
 * permuted blocks, the block balance check), then per metric the arms and
 * each comparison with control.
 *
 * @example
 * console.log(formatAnalysisTable(analyzeExperiment(input)));
 */
export function formatAnalysisTable(
  report: Omit<AnalysisReport, 'srm' | 'metrics'> & { srm: AnalysisReport['srm'] | BlockBalanceCheck; metrics: readonly (AnalysisReport['metrics'][number] | MetricWithModels)[] },
): string {
  const { srm } = report;
  const lines = [
    'method' in srm
      ? `Sample ratio: ${srm.summary}${srm.strata.map((stratum) => `\n  ${stratum.stratum || 'all'}: ${stratum.completeBlocks} complete block(s), ${stratum.incompleteBlocks} filling`).join('')}`
      : `Sample ratio: chi-square ${number(srm.chiSquare)} (df ${srm.df}), p = ${pValue(srm.pValue)} — ${
          !srm.checked ? 'not checked yet (fewer than 8 expected in an arm)' : srm.ok ? 'no mismatch detected' : 'MISMATCH: check randomisation and logging before reading any effect'
        }`,
    `Participants: ${Object.entries(srm.observed).map(([arm, n]) => `${arm} ${n} (expected ${number(srm.expected[arm] ?? 0, 1)})`).join(', ')}`,
  ];
  const confidence = `${levelText(report.confidenceLevel)} CI`;
  for (const metric of report.metrics) {
    const mainControl = metric.comparisons[0]?.control ?? 'control';
    const label = (comparison: { arm: string; control: string }) => (comparison.control === mainControl ? comparison.arm : `${comparison.arm} vs ${comparison.control}`);
    lines.push('', `${metric.metric} (${metric.type})`);
    if (metric.type === 'continuous') {
      lines.push(table([['arm', 'n', 'mean', 'sd', 'median'], ...metric.arms.map((arm) => [arm.arm, String(arm.n), number(arm.mean), number(arm.sd), number(arm.median)])]));
      lines.push(
        '',
        table([
          ['vs ' + (metric.comparisons[0]?.control ?? 'control'), 'diff', confidence, 'p', `p (${report.correction})`, 'lift', 'lift CI', "Hedges' g", 'g CI', 'Mann-Whitney p', 'rank-biserial', 'P(beat)'],
          ...metric.comparisons.map((comparison) => [
            label(comparison),
            number(comparison.diff),
            interval(comparison.diffCi),
            pValue(comparison.pValue),
            pValue(comparison.pAdjusted),
            percent(comparison.relativeLift),
            percentInterval(comparison.relativeLiftCi),
            number(comparison.hedgesG, 3),
            interval(comparison.hedgesGCi, 3),
            pValue(comparison.mannWhitneyP),
            number(comparison.rankBiserial, 3),
            percent(comparison.chanceToBeatControl),
          ]),
        ]),
      );
    } else {
      lines.push(table([['arm', 'n', 'count', 'rate'], ...metric.arms.map((arm) => [arm.arm, String(arm.n), String(arm.count), percent(arm.rate)])]));
      lines.push(
        '',
        table([
          ['vs ' + (metric.comparisons[0]?.control ?? 'control'), 'diff', confidence, 'p', `p (${report.correction})`, 'RR', 'RR CI', 'OR', 'OR CI', 'Fisher p', 'P(beat)'],
          ...metric.comparisons.map((comparison) => [
            label(comparison),
            percent(comparison.diff),
            percentInterval(comparison.diffCi),
            pValue(comparison.pValue),
            pValue(comparison.pAdjusted),
            number(comparison.relativeRisk, 3),
            interval(comparison.relativeRiskCi, 3),
            number(comparison.oddsRatio, 3),
            interval(comparison.oddsRatioCi, 3),
            pValue(comparison.fisherP),
            percent(comparison.chanceToBeatControl),
          ]),
        ]),
      );
    }
    lines.push(...modelLines(metric, confidence, label));
    for (const comparison of metric.comparisons) for (const problem of comparison.problems) lines.push(`  note (${label(comparison)}): ${problem}`);
  }
  return lines.join('\n');
}

/** The adjusted effects, moderators and factorial effects of one metric, when they were asked for. */
function modelLines(metric: AnalysisReport['metrics'][number] | MetricWithModels, confidence: string, label: (comparison: { arm: string; control: string }) => string): string[] {
  const lines: string[] = [];
  const binary = metric.type === 'binary';
  const difference = (value: number | null) => (binary ? percent(value) : number(value));
  const differenceInterval = (value: Interval) => (binary ? percentInterval(value) : interval(value));
  const comparisons = metric.comparisons as ComparisonWithModels[];
  if (comparisons.some((comparison) => comparison.adjusted !== undefined)) {
    const method = comparisons.find((comparison) => comparison.adjusted)?.adjusted?.method ?? 'Lin (2013), HC2';
    lines.push('', `Adjusted for covariates — ${method}`);
    lines.push(
      table([
        ['comparison', 'adjusted diff', confidence, 'se', 'p'],
        ...comparisons.map((comparison) => {
          const adjusted = comparison.adjusted ?? null;
          return [label(comparison), difference(adjusted?.diff ?? null), differenceInterval(adjusted?.diffCi ?? null), binary ? percent(adjusted?.se ?? null) : number(adjusted?.se ?? null), pValue(adjusted?.pValue ?? null)];
        }),
      ]),
    );
  }
  const { moderators, factorial } = metric as MetricWithModels;
  for (const moderator of moderators ?? []) {
    const { interaction } = moderator;
    lines.push(
      '',
      `Moderator ${moderator.moderator}: interaction (HC2 Wald) ${interaction ? `F = ${number(interaction.F, 3)} (df ${interaction.df1}, ${interaction.df2}), p = ${pValue(interaction.pValue)}` : '—'}`,
    );
    lines.push(
      table([
        ['level', 'n', 'comparison', 'diff', confidence, 'p'],
        ...moderator.levels.flatMap((level) =>
          level.comparisons.map((comparison) => [level.level, String(level.n), label(comparison), difference(comparison.diff), differenceInterval(comparison.diffCi), pValue(comparison.pValue)]),
        ),
      ]),
    );
    for (const problem of moderator.problems) lines.push(`  note (${moderator.moderator}): ${problem}`);
    for (const level of moderator.levels) for (const comparison of level.comparisons) for (const problem of comparison.problems) lines.push(`  note (${moderator.moderator} = ${level.level}, ${label(comparison)}): ${problem}`);
  }
  if (factorial) {
    lines.push('', 'Factorial effects (cell means, HC2)');
    lines.push(
      table([
        ['effect', 'estimate', confidence, 'p'],
        ...factorial.mainEffects.map((effect) => [`${effect.factor}: ${effect.level} vs ${effect.reference}`, difference(effect.estimate), differenceInterval(effect.ci), pValue(effect.pValue)]),
        ...factorial.interactions.map((effect) => [`interaction ${effect.term}`, difference(effect.estimate), differenceInterval(effect.ci), pValue(effect.pValue)]),
      ]),
    );
    for (const problem of factorial.problems) lines.push(`  note (factorial): ${problem}`);
  }
  return lines;
}
