import { normalCdf } from './distributions';
import { sortedCopy } from './sorted-copy';
import { unavailable, type Unavailable } from './unavailable';

export interface MannWhitneyResult {
  available: true;
  /** W = U of the treatment: how often a treatment value exceeds a control value (ties count ½). */
  u: number;
  /** Normal approximation with tie and continuity correction. */
  pValue: number;
  /** Rank-biserial correlation 2U/(n_t·n_c) − 1, in [−1, 1]; positive when treatment values tend to be larger. */
  rankBiserial: number;
}

/**
 * The Mann–Whitney U (Wilcoxon rank-sum) test of treatment against control,
 * as R's `wilcox.test(treatment, control, exact = FALSE, correct = TRUE)`,
 * with the rank-biserial correlation of `effectsize::rank_biserial`.
 * Ranks come from sorting each arm once and merging, so a million values
 * take one native sort per arm.
 *
 * @example
 * mannWhitneyTest([3, 4, 5], [1, 2, 3]).u; // => 8.5
 */
export function mannWhitneyTest(treatment: ArrayLike<number>, control: ArrayLike<number>): MannWhitneyResult | Unavailable {
  return mannWhitneyTestOfSorted(sortedCopy(treatment), sortedCopy(control));
}

/**
 * mannWhitneyTest on values already in ascending order (as sortedCopy gives
 * them), so that an arm sorted once serves every comparison it is in.
 *
 * @example
 * mannWhitneyTestOfSorted(sortedCopy([3, 4, 5]), sortedCopy([1, 2, 3])).u; // => 8.5
 */
export function mannWhitneyTestOfSorted(sortedTreatment: ArrayLike<number>, sortedControl: ArrayLike<number>): MannWhitneyResult | Unavailable {
  const treatmentCount = sortedTreatment.length;
  const controlCount = sortedControl.length;
  if (treatmentCount === 0 || controlCount === 0) return unavailable('an arm is empty: the rank test needs values in both');
  const total = treatmentCount + controlCount;

  let treatmentRankSum = 0;
  let tieCorrection = 0;
  let rankSoFar = 0;
  let treatmentIndex = 0;
  let controlIndex = 0;
  while (treatmentIndex < treatmentCount || controlIndex < controlCount) {
    const value = Math.min(
      treatmentIndex < treatmentCount ? sortedTreatment[treatmentIndex]! : Number.POSITIVE_INFINITY,
      controlIndex < controlCount ? sortedControl[controlIndex]! : Number.POSITIVE_INFINITY,
    );
    let tiedTreatment = 0;
    while (treatmentIndex < treatmentCount && sortedTreatment[treatmentIndex] === value) {
      tiedTreatment += 1;
      treatmentIndex += 1;
    }
    let tiedControl = 0;
    while (controlIndex < controlCount && sortedControl[controlIndex] === value) {
      tiedControl += 1;
      controlIndex += 1;
    }
    const tied = tiedTreatment + tiedControl;
    const averageRank = rankSoFar + (tied + 1) / 2;
    treatmentRankSum += tiedTreatment * averageRank;
    tieCorrection += tied * tied * tied - tied;
    rankSoFar += tied;
  }

  const u = treatmentRankSum - (treatmentCount * (treatmentCount + 1)) / 2;
  const centred = u - (treatmentCount * controlCount) / 2;
  const sigma = Math.sqrt(((treatmentCount * controlCount) / 12) * (total + 1 - tieCorrection / (total * (total - 1))));
  const rankBiserial = (2 * u) / (treatmentCount * controlCount) - 1;
  if (!(sigma > 0)) return unavailable('every value is the same: the rank test is undefined');
  const z = (centred - Math.sign(centred) * 0.5) / sigma;
  return { available: true, u, pValue: Math.min(1, 2 * Math.min(normalCdf(z), normalCdf(-z))), rankBiserial };
}
