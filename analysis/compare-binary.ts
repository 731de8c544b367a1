import type { BinaryComparison } from './analysis-report';
import { chanceToBeatControl } from './chance-to-beat-control';
import { confidenceSequence } from './confidence-sequence';
import { emptyArmProblem } from './empty-arm-problem';
import { fisherExactTest } from './fisher-exact-test';
import { oddsRatio } from './odds-ratio';
import { proportionAsSample, type ProportionSummary } from './proportion-summary';
import { relativeLift } from './relative-lift';
import { relativeRisk } from './relative-risk';
import { riskDifference } from './risk-difference';

/**
 * Every figure comparing a binary outcome in one arm against control: risk
 * difference (Newcombe interval, chi-square p, sequential interval), relative
 * risk, odds ratio, Fisher's exact p, relative lift and the Bayesian chance to
 * beat control. What cannot be computed is null, with the reason in `problems`.
 *
 * @example
 * compareBinary('neutral', { n: 200, count: 40 }, 'control', { n: 200, count: 90 }).diff; // => −0.25
 */
export function compareBinary(
  arm: string,
  treatment: ProportionSummary,
  control: string,
  baseline: ProportionSummary,
  confidenceLevel = 0.95,
): BinaryComparison {
  const problems = new Set<string>();
  const difference = riskDifference(treatment, baseline, confidenceLevel);
  const risk = relativeRisk(treatment, baseline, confidenceLevel);
  const odds = oddsRatio(treatment, baseline, confidenceLevel);
  const fisher = fisherExactTest(treatment, baseline);
  const lift = relativeLift(proportionAsSample(treatment), proportionAsSample(baseline), confidenceLevel);
  const bayes = lift.available ? chanceToBeatControl(lift.lift, lift.standardError) : lift;
  for (const result of [difference, risk, odds, fisher, lift, bayes]) if (!result.available) problems.add(result.reason);
  if (difference.available && difference.pValue === null) problems.add('every participant had the same outcome: the chi-square test is undefined');
  const rateVariance =
    (treatment.n > 0 ? (treatment.count / treatment.n) * (1 - treatment.count / treatment.n) / treatment.n : 0) +
    (baseline.n > 0 ? (baseline.count / baseline.n) * (1 - baseline.count / baseline.n) / baseline.n : 0);
  return {
    arm,
    control,
    nArm: treatment.n,
    nControl: baseline.n,
    diff: difference.available ? difference.difference : null,
    diffCi: difference.available ? difference.confidenceInterval : null,
    diffCiSequential:
      difference.available && rateVariance > 0
        ? confidenceSequence(difference.difference, rateVariance, treatment.n + baseline.n, { alpha: 1 - confidenceLevel })
        : null,
    pValue: difference.available ? difference.pValue : null,
    pAdjusted: difference.available ? difference.pValue : null,
    relativeLift: lift.available ? lift.lift : null,
    relativeLiftCi: lift.available ? lift.confidenceInterval : null,
    relativeRisk: risk.available ? risk.estimate : null,
    relativeRiskCi: risk.available ? risk.confidenceInterval : null,
    oddsRatio: odds.available ? odds.estimate : null,
    oddsRatioCi: odds.available ? odds.confidenceInterval : null,
    fisherP: fisher.available ? fisher.pValue : null,
    chanceToBeatControl: bayes.available ? bayes.chanceToBeatControl : null,
    expectedLoss: bayes.available ? bayes.expectedLossTreatment : null,
    problems: emptyArmProblem(arm, treatment.n, control, baseline.n) ?? [...problems],
  };
}
