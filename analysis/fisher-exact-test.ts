import type { ProportionSummary } from './proportion-summary';
import { unavailable, type Unavailable } from './unavailable';

/** R's relative tolerance for "as or less likely than the observed table". */
const relativeTolerance = 1 + 1e-7;

/**
 * The two-sided p-value of Fisher's exact test on the 2×2 table of treatment
 * and control by outcome, as R's `fisher.test`: the total probability of all
 * tables with the same margins that are no more likely than the observed one.
 * Hypergeometric probabilities are built by their ratio recurrence from the
 * mode, so a table with a million rows costs one pass over its support.
 *
 * @example
 * fisherExactTest({ n: 10, count: 8 }, { n: 10, count: 2 }); // => { available: true, pValue: 0.02301… }
 */
export function fisherExactTest(treatment: ProportionSummary, control: ProportionSummary): { available: true; pValue: number } | Unavailable {
  if (treatment.n === 0 || control.n === 0) return unavailable('an arm is empty: Fisher’s test needs both');
  const events = treatment.count + control.count;
  const nonEvents = treatment.n + control.n - events;
  const rowTotal = treatment.n;
  const lowest = Math.max(0, rowTotal - nonEvents);
  const highest = Math.min(rowTotal, events);
  const size = highest - lowest + 1;
  if (size === 1) return { available: true, pValue: 1 };

  // d(x+1)/d(x) = (events − x)(rowTotal − x) / ((x + 1)(nonEvents − rowTotal + x + 1))
  const mode = Math.min(highest, Math.max(lowest, Math.floor(((rowTotal + 1) * (events + 1)) / (events + nonEvents + 2))));
  const density = new Float64Array(size);
  density[mode - lowest] = 1;
  for (let x = mode; x < highest; x += 1) {
    const next = density[x - lowest]! * (((events - x) * (rowTotal - x)) / ((x + 1) * (nonEvents - rowTotal + x + 1)));
    density[x + 1 - lowest] = next;
    if (next === 0) break;
  }
  for (let x = mode; x > lowest; x -= 1) {
    const previous = density[x - lowest]! * ((x * (nonEvents - rowTotal + x)) / ((events - x + 1) * (rowTotal - x + 1)));
    density[x - 1 - lowest] = previous;
    if (previous === 0) break;
  }
  const observed = density[treatment.count - lowest]! * relativeTolerance;
  let total = 0;
  let asExtreme = 0;
  for (let index = 0; index < size; index += 1) {
    const value = density[index]!;
    total += value;
    if (value <= observed) asExtreme += value;
  }
  return { available: true, pValue: Math.min(1, asExtreme / total) };
}
