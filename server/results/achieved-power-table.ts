import { achievedPower } from '../../analysis/achieved-power';
import type { BinaryComparison, ContinuousComparison, MetricReport } from '../../analysis/analysis-report';
import type { ExperimentDefinition, Outcome } from '../../experiments/definition-schema';
import { outcomeUnitFormat, probabilityText } from './figure-format';

type Comparison = ContinuousComparison | BinaryComparison;

/** What the power table reads of a definition: its outcomes and the plan's level, effect size and correction. */
export interface PowerPlanDefinition {
  outcomes: readonly Pick<Outcome, 'key' | 'label' | 'type' | 'unit' | 'primary'>[];
  analysisPlan: Pick<ExperimentDefinition['analysisPlan'], 'alpha' | 'minimumDetectableEffect' | 'correction'>;
}

export interface AchievedPowerTable {
  /** The plan's minimum detectable effect in the primary outcome's unit, e.g. "€1,000 (Requested amount)". */
  minimumDetectableEffect: string;
  rows: { label: string; power: string; method: string }[];
}

/**
 * The power each primary comparison had for the plan's minimum detectable
 * effect — the declared effect, never the observed one (power computed from
 * the observed effect only restates the p-value) — with the observed SDs and
 * sizes, at the level the verdict is tested at: α over the family size
 * under Holm or Benjamini–Hochberg (their worst case, as `nudgelab power`),
 * α itself without a correction. The plan declares one effect size, so when
 * the primary outcomes are in different units (euros and percentage points)
 * no power is given rather than one that is meaningless for some.
 *
 * @example
 * achievedPowerTable(results, definition, labelOf).rows[0];
 * // => { label: 'Requested amount: Pre-filled €2,500 against Empty amount field', power: '46.2%', method: 'Welch t-test, two-sided at α = 0.025, …' }
 */
export function achievedPowerTable(results: { metrics: readonly MetricReport[] }, definition: PowerPlanDefinition, labelOf: (arm: string) => string): AchievedPowerTable {
  const plan = definition.analysisPlan;
  const primaries = definition.outcomes.filter((outcome) => outcome.primary);
  const formats = primaries.map((outcome) => ({ outcome, format: outcomeUnitFormat(outcome.type, outcome.unit) }));
  const units = [...new Set(formats.map(({ format }) => format.unitName))];
  const oneUnit = units.length <= 1;
  const minimumDetectableEffect = oneUnit
    ? formats.length === 0
      ? String(plan.minimumDetectableEffect)
      : `${formats[0]!.format.amount(plan.minimumDetectableEffect)} (${primaries.map((outcome) => outcome.label).join(', ')})`
    : `${plan.minimumDetectableEffect}, in the unit of which primary outcome is not clear: ${formats.map(({ outcome, format }, index) => `${outcome.label} ${index === 0 ? 'is ' : ''}in ${format.unitName || 'its own unit'}`).join(', ')}`;
  const rows = results.metrics
    .filter((metric) => metric.family === 'primary')
    .flatMap((metric) => (metric.comparisons as Comparison[]).map((comparison) => ({ metric, comparison })))
    .map(({ metric, comparison }) => {
      const outcome = definition.outcomes.find((candidate) => candidate.key === metric.metric);
      const label = `${outcome?.label ?? metric.metric}: ${labelOf(comparison.arm)} against ${labelOf(comparison.control)}`;
      if (!oneUnit) {
        return { label, power: 'not computable', method: `the plan declares one minimum detectable effect for primary outcomes in different units (${units.join(' and ')}): power for it would be meaningless for some of them` };
      }
      const alpha = plan.correction === 'none' ? plan.alpha : plan.alpha / Math.max(1, comparison.familySize);
      const result = powerFor(metric, comparison, plan.minimumDetectableEffect, alpha);
      return { label, power: result.available ? probabilityText(result.power) : 'not computable', method: result.available ? result.method : result.reason };
    });
  return { minimumDetectableEffect, rows };
}

/** Achieved power of one primary comparison for the planned effect, at the given level, from the observed arms. */
function powerFor(metric: MetricReport, comparison: Comparison, minimumDetectableEffect: number, alpha: number) {
  if (metric.type === 'continuous') {
    const arm = metric.arms.find((candidate) => candidate.arm === comparison.arm);
    const control = metric.arms.find((candidate) => candidate.arm === comparison.control);
    if (!arm || !control || arm.sd === null || control.sd === null) return { available: false as const, reason: 'each arm needs at least 2 values to estimate its SD' };
    return achievedPower({ type: 'continuous', treatment: { n: arm.n, sd: arm.sd }, control: { n: control.n, sd: control.sd }, minimumDetectableEffect, alpha, expectedDirection: comparison.expectedDirection });
  }
  const control = metric.arms.find((candidate) => candidate.arm === comparison.control);
  if (!control || control.rate === null) return { available: false as const, reason: 'the control arm has no values yet' };
  return achievedPower({ type: 'binary', treatment: { n: comparison.nArm }, control: { n: control.n, rate: control.rate }, minimumDetectableEffect, alpha, expectedDirection: comparison.expectedDirection });
}
