export type CorrectionMethod = 'holm' | 'bh' | 'none';

/**
 * P-values adjusted for multiple comparisons over one family, in the input
 * order: Holm's step-down (controls the family-wise error rate) or
 * Benjamini–Hochberg's step-up (controls the false discovery rate), as R's
 * `p.adjust(p, method = "holm" | "BH")`.
 *
 * @example
 * adjustPValues([0.01, 0.04, 0.03], 'holm'); // => [0.03, 0.06, 0.06]
 * adjustPValues([0.01, 0.04, 0.03], 'bh');   // => [0.03, 0.04, 0.04]
 */
export function adjustPValues(pValues: readonly number[], method: CorrectionMethod): number[] {
  const count = pValues.length;
  if (method === 'none' || count <= 1) return [...pValues];
  const order = pValues.map((_, index) => index).sort((a, b) => pValues[a]! - pValues[b]!);
  const adjusted = new Array<number>(count);
  if (method === 'holm') {
    let runningMax = 0;
    order.forEach((originalIndex, rank) => {
      runningMax = Math.max(runningMax, Math.min(1, (count - rank) * pValues[originalIndex]!));
      adjusted[originalIndex] = runningMax;
    });
  } else {
    let runningMin = 1;
    for (let rank = count - 1; rank >= 0; rank -= 1) {
      const originalIndex = order[rank]!;
      runningMin = Math.min(runningMin, (count / (rank + 1)) * pValues[originalIndex]!);
      adjusted[originalIndex] = runningMin;
    }
  }
  return adjusted;
}
