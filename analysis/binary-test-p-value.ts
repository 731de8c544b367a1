import { fisherExactTest } from './fisher-exact-test';
import type { ProportionSummary } from './proportion-summary';

/** Below this expected count in a cell of the 2×2 table the chi-square approximation does not hold (R's prop.test warns), and Fisher's exact test takes over. */
export const minimumExpectedCountForChiSquare = 5;

export interface BinaryTestPValue {
  /** The chi-square p, or Fisher's exact p when an expected count is below 5; null when the chi-square p is (every outcome the same). */
  pValue: number | null;
  /** Why Fisher's exact test was used; null when it was not. */
  note: string | null;
}

/**
 * The p-value a binary comparison's verdict rests on: the chi-square test's
 * (prop.test without continuity correction), or Fisher's exact test's when
 * the smallest expected count of the 2×2 table is below 5 — there the
 * chi-square p is too small (0 of 20 against 4 of 20: 0.035 against Fisher's
 * 0.106) and would call a difference the data do not show.
 *
 * @example
 * binaryTestPValue({ n: 20, count: 0 }, { n: 20, count: 4 }, 0.03501498).pValue; // => 0.106029… (Fisher's)
 * binaryTestPValue({ n: 200, count: 40 }, { n: 200, count: 90 }, 1.2e-7).pValue; // => 1.2e-7 (the chi-square's)
 */
export function binaryTestPValue(treatment: ProportionSummary, baseline: ProportionSummary, chiSquareP: number | null): BinaryTestPValue {
  if (chiSquareP === null || treatment.n === 0 || baseline.n === 0) return { pValue: chiSquareP, note: null };
  const total = treatment.n + baseline.n;
  const events = treatment.count + baseline.count;
  // The smallest expected count is the smaller arm's share of the rarer outcome.
  const smallestExpected = (Math.min(treatment.n, baseline.n) * Math.min(events, total - events)) / total;
  if (smallestExpected >= minimumExpectedCountForChiSquare) return { pValue: chiSquareP, note: null };
  const fisher = fisherExactTest(treatment, baseline);
  if (!fisher.available) return { pValue: chiSquareP, note: null };
  return {
    pValue: fisher.pValue,
    note: `an expected count is below ${minimumExpectedCountForChiSquare} (smallest ${smallestExpected.toFixed(1)}): p is Fisher’s exact test, as the chi-square approximation does not hold`,
  };
}
