import type { AnalysisReport, Interval } from '../../analysis/analysis-report';
import type { BlockBalanceCheck } from '../../analysis/block-balance-check';

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
export function formatAnalysisTable(report: Omit<AnalysisReport, 'srm'> & { srm: AnalysisReport['srm'] | BlockBalanceCheck }): string {
  const { srm } = report;
  const lines = [
    'method' in srm
      ? `Sample ratio: ${srm.summary}${srm.strata.map((stratum) => `\n  ${stratum.stratum || 'all'}: ${stratum.completeBlocks} complete block(s), ${stratum.incompleteBlocks} filling`).join('')}`
      : `Sample ratio: chi-square ${number(srm.chiSquare)} (df ${srm.df}), p = ${pValue(srm.pValue)} — ${
          !srm.checked ? 'not checked yet (fewer than 8 in an arm)' : srm.ok ? 'ok' : 'MISMATCH: check randomisation and logging before reading any effect'
        }`,
    `Participants: ${Object.entries(srm.observed).map(([arm, n]) => `${arm} ${n} (expected ${number(srm.expected[arm] ?? 0, 1)})`).join(', ')}`,
  ];
  const confidence = `${Math.round(report.confidenceLevel * 100)}% CI`;
  for (const metric of report.metrics) {
    lines.push('', `${metric.metric} (${metric.type})`);
    if (metric.type === 'continuous') {
      lines.push(table([['arm', 'n', 'mean', 'sd', 'median'], ...metric.arms.map((arm) => [arm.arm, String(arm.n), number(arm.mean), number(arm.sd), number(arm.median)])]));
      lines.push(
        '',
        table([
          ['vs ' + (metric.comparisons[0]?.control ?? 'control'), 'diff', confidence, 'p', `p (${report.correction})`, 'lift', 'lift CI', "Hedges' g", 'g CI', 'Mann-Whitney p', 'rank-biserial', 'P(beat)'],
          ...metric.comparisons.map((comparison) => [
            comparison.arm,
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
            comparison.arm,
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
    for (const comparison of metric.comparisons) for (const problem of comparison.problems) lines.push(`  note (${comparison.arm}): ${problem}`);
  }
  return lines.join('\n');
}
