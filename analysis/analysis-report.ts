/**
 * The shape of an analysis, as the CLI prints it (`--format json`), the
 * results API serves it and the results page shows it. Every figure is a
 * number or null; null comes with a sentence in `problems` saying why.
 */

export type Interval = [number, number] | null;

export interface SampleRatioReport {
  chiSquare: number;
  df: number;
  pValue: number;
  ok: boolean;
  /** False while some arm has fewer than 8 participants: the check does not count yet. */
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
  /** The same difference's peeking-safe confidence sequence (gbstats' sequential testing). */
  diffCiSequential: Interval;
  pValue: number | null;
  pAdjusted: number | null;
  relativeLift: number | null;
  relativeLiftCi: Interval;
  /** Bayesian chance that the relative lift is above 0 (flat prior). */
  chanceToBeatControl: number | null;
  /** Expected relative loss of choosing the treatment. */
  expectedLoss: number | null;
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

export type MetricReport =
  | { metric: string; type: 'continuous'; arms: ContinuousArmReport[]; comparisons: ContinuousComparison[] }
  | { metric: string; type: 'binary'; arms: BinaryArmReport[]; comparisons: BinaryComparison[] };

export interface AnalysisReport {
  srm: SampleRatioReport;
  correction: 'holm' | 'bh' | 'none';
  confidenceLevel: number;
  metrics: MetricReport[];
}
