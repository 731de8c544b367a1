import type { CorrectionMethod } from './adjust-p-values';
import type { ExpectedDirection } from './chance-in-expected-direction';
import type { Verdict } from './comparison-verdict';

/**
 * The shape of an analysis, as the CLI prints it (`--format json`), the
 * results API serves it and the results page shows it. Every figure is a
 * number or null; null comes with a sentence in `problems` saying why.
 */

export type Interval = [number, number] | null;

export type { Verdict } from './comparison-verdict';
export type { ExpectedDirection } from './chance-in-expected-direction';

/**
 * Which family of tests a comparison's p-value is adjusted in: every primary
 * outcome × comparison together (the plan's correction), the secondary
 * outcomes together (exploratory, Benjamini–Hochberg), or — when the input
 * declares no primary outcome, as `nudgelab analyze` without roles — each
 * outcome's comparisons on their own.
 */
export type FamilyName = 'primary' | 'secondary' | 'outcome';

export interface FamilyReport {
  name: FamilyName;
  /** The outcomes in the family. */
  metrics: string[];
  correction: CorrectionMethod;
  /** How many comparisons (with a p-value) the correction runs over. */
  size: number;
}

export interface SampleRatioReport {
  chiSquare: number;
  df: number;
  pValue: number;
  ok: boolean;
  /** False while the planned weights expect fewer than 8 participants in some arm: the check does not count yet. */
  checked: boolean;
  observed: Record<string, number>;
  expected: Record<string, number>;
}

export interface ContinuousArmReport {
  arm: string;
  n: number;
  mean: number | null;
  sd: number | null;
  median: number | null;
}

export interface BinaryArmReport {
  arm: string;
  n: number;
  count: number;
  rate: number | null;
}

interface ComparisonCommon {
  arm: string;
  control: string;
  nArm: number;
  nControl: number;
  /** Treatment minus control: a mean difference, or a risk difference (a proportion, not percentage points). */
  diff: number | null;
  diffCi: Interval;
  /** Standard error of `diff` (Welch; for rates the unpooled Wald one). */
  diffStandardError: number | null;
  /**
   * The same difference's peeking-safe confidence sequence (gbstats'
   * sequential testing), at `sequentialConfidenceLevel`: for the primary
   * family 1 − α/m over its m comparisons (Bonferroni, so the family stays
   * valid while it is watched), otherwise 1 − α. Rates are clipped to [−1, 1].
   */
  diffCiSequential: Interval;
  sequentialConfidenceLevel: number;
  /** Welch's t-test p; for rates the chi-square p (prop.test without correction), or Fisher's exact p when an expected count is below 5 (see `problems`). */
  pValue: number | null;
  /** `pValue` adjusted over the comparison's family (see `family`). */
  pAdjusted: number | null;
  family: FamilyName;
  /** Comparisons (with a p-value) in the family. */
  familySize: number;
  correction: CorrectionMethod;
  relativeLift: number | null;
  relativeLiftCi: Interval;
  /** Bayesian chance that the relative lift is above 0 (flat prior), whatever the hypothesis. */
  chanceToBeatControl: number | null;
  /** The direction the hypothesis expects for this arm; null when none is declared. */
  expectedDirection: ExpectedDirection | null;
  /** Bayesian chance that the effect goes in `expectedDirection`; null without one (see `problems`). */
  chanceInExpectedDirection: number | null;
  /** Expected relative loss of adopting the treatment as the hypothesis would; null without an expected direction. */
  expectedLoss: number | null;
  /** The declared smallest effect of interest (outcome unit; a proportion for rates), the equivalence margin. */
  smallestEffectOfInterest: number | null;
  /** TOST p-value for |difference| < smallestEffectOfInterest; null when not tested (see `problems`). */
  equivalenceP: number | null;
  /** higher / lower (adjusted p < α and the interval excludes zero), equivalent (TOST p < α) or inconclusive; null when too early or not computable. */
  verdict: Verdict | null;
  /** The rule behind `verdict`, or why there is none (e.g. "too early to test: …"). */
  verdictReason: string;
  /** The verdict the peeking-safe sequence gives (for a running experiment). */
  sequentialVerdict: Verdict | null;
  /** true when the verdict is the hypothesised direction, false when it is the opposite one; null otherwise. */
  asHypothesised: boolean | null;
  problems: string[];
}

export interface ContinuousComparison extends ComparisonCommon {
  hedgesG: number | null;
  hedgesGCi: Interval;
  mannWhitneyP: number | null;
  rankBiserial: number | null;
}

export interface BinaryComparison extends ComparisonCommon {
  relativeRisk: number | null;
  relativeRiskCi: Interval;
  oddsRatio: number | null;
  oddsRatioCi: Interval;
  fisherP: number | null;
}

interface MetricCommon {
  metric: string;
  family: FamilyName;
}

export type MetricReport =
  | (MetricCommon & { type: 'continuous'; arms: ContinuousArmReport[]; comparisons: ContinuousComparison[] })
  | (MetricCommon & { type: 'binary'; arms: BinaryArmReport[]; comparisons: BinaryComparison[] });

export interface AnalysisReport {
  srm: SampleRatioReport;
  /** The correction of the primary family (or of each outcome, without declared roles). */
  correction: CorrectionMethod;
  confidenceLevel: number;
  families: FamilyReport[];
  metrics: MetricReport[];
}
