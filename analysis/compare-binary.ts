import type { BinaryComparison } from './analysis-report';
import { binaryTestPValue } from './binary-test-p-value';
import { comparisonDifferenceFields } from './comparison-difference-fields';
import { comparisonConclusionFields, noExpectedDirectionProblem, type ComparisonOptions } from './comparison-conclusion-fields';
import { concludeComparison } from './conclude-comparison';
import { emptyArmProblem } from './empty-arm-problem';
import { fisherExactTest } from './fisher-exact-test';
import { oddsRatio } from './odds-ratio';
import { proportionAsSample, type ProportionSummary } from './proportion-summary';
import { relativeLift } from './relative-lift';
import { relativeRisk } from './relative-risk';
import { riskDifference } from './risk-difference';
import { riskDifferenceEquivalenceTest } from './risk-difference-equivalence-test';

/** Below this many events (ones) in the control, the delta-method lift and what builds on it are flagged unreliable. */
export const minimumControlEventsForLift = 5;

/**
 * Every figure comparing a binary outcome in one arm against control: risk
 * difference (Newcombe interval, chi-square p — Fisher's exact p when an
 * expected count is below 5 — and sequential interval), relative
 * risk, odds ratio, Fisher's exact p, relative lift, the equivalence test of
 * the risk difference against the smallest effect of interest (normal
 * approximation), the Bayesian chance in the hypothesised direction and a
 * verdict. What cannot be computed is null, with the reason in `problems`.
 *
 * @example
 * compareBinary('neutral', { n: 200, count: 40 }, 'control', { n: 200, count: 90 }, 0.95, { expectedDirection: 'lower' }).diff; // => −0.25
 */
export function compareBinary(
  arm: string,
  treatment: ProportionSummary,
  control: string,
  baseline: ProportionSummary,
  confidenceLevel = 0.95,
  options: ComparisonOptions = {},
): BinaryComparison {
  const problems = new Set<string>();
  const difference = riskDifference(treatment, baseline, confidenceLevel);
  const risk = relativeRisk(treatment, baseline, confidenceLevel);
  const odds = oddsRatio(treatment, baseline, confidenceLevel);
  const fisher = fisherExactTest(treatment, baseline);
  const lift = relativeLift(proportionAsSample(treatment), proportionAsSample(baseline), confidenceLevel);
  const conclusion = comparisonConclusionFields(lift, options, (margin) => riskDifferenceEquivalenceTest(treatment, baseline, margin));
  for (const result of [difference, risk, odds, fisher, lift, ...conclusion.results]) if (result && !result.available) problems.add(result.reason);
  if (difference.available && difference.pValue === null) problems.add('every participant had the same outcome: the chi-square test is undefined');
  if (lift.available && baseline.count < minimumControlEventsForLift) {
    problems.add(
      `the control has only ${baseline.count} event${baseline.count === 1 ? '' : 's'} (fewer than ${minimumControlEventsForLift}): the delta-method relative lift and the Bayesian chances built on it are unreliable`,
    );
  }
  if (conclusion.fields.expectedDirection === null) problems.add(noExpectedDirectionProblem);
  // The p a verdict rests on: the chi-square's, or Fisher's exact when an expected count is too small for the chi-square.
  const tested = binaryTestPValue(treatment, baseline, difference.available ? difference.pValue : null);
  if (tested.note) problems.add(tested.note);
  const rateVariance =
    (treatment.n > 0 ? ((treatment.count / treatment.n) * (1 - treatment.count / treatment.n)) / treatment.n : 0) +
    (baseline.n > 0 ? ((baseline.count / baseline.n) * (1 - baseline.count / baseline.n)) / baseline.n : 0);
  const comparison: BinaryComparison = {
    ...comparisonDifferenceFields(
      { arm, control, nArm: treatment.n, nControl: baseline.n },
      difference.available ? { ...difference, standardError: rateVariance > 0 ? Math.sqrt(rateVariance) : null, pValue: tested.pValue } : null,
      lift,
      confidenceLevel,
    ),
    relativeRisk: risk.available ? risk.estimate : null,
    relativeRiskCi: risk.available ? risk.confidenceInterval : null,
    oddsRatio: odds.available ? odds.estimate : null,
    oddsRatioCi: odds.available ? odds.confidenceInterval : null,
    fisherP: fisher.available ? fisher.pValue : null,
    ...conclusion.fields,
    problems: emptyArmProblem(arm, treatment.n, control, baseline.n) ?? [...problems],
  };
  const alpha = 1 - confidenceLevel;
  return concludeComparison(comparison, { alpha, sequentialAlpha: alpha });
}
