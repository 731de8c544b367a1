import type { HistogramBin } from './distribution-chart';

/** How many fine bins are kept while streaming; the memory is this many doubles, however many values pass. */
const fineBinCount = 4096;
/** The finest bin width, 10^-3: values are binned to a thousandth at most. */
const finestExponent = -3;

/**
 * A histogram built while values stream past, in fixed memory and without
 * knowing the range in advance: values are counted in 4,096 fine bins of a
 * width 10^e, and when a value falls outside them the width grows tenfold
 * (adjacent bins merge exactly) until everything fits. Display bins are then
 * 1, 2 or 5 × 10^k wide, always whole multiples of the fine width, so every
 * count lands in the right display bin: a spike of participants keeping a
 * pre-filled €2,500 stays in the bin that starts at €2,500. No value is kept,
 * and no `Math.min(...values)` is ever spread over a million arguments.
 *
 * @example
 * const histogram = new StreamingHistogram();
 * [2500, 2500, 2500, 7000].forEach((value) => histogram.add(value));
 * histogram.bins(10); // => [{ start: 2000, end: 3000, count: 3 }, …, { start: 7000, end: 8000, count: 1 }]
 */
export class StreamingHistogram {
  private counts = new Float64Array(fineBinCount);
  private exponent = finestExponent;
  /** The fine-bin index (in units of 10^exponent) of counts[0]. */
  private origin = 0;
  private lowestIndex = Infinity;
  private highestIndex = -Infinity;
  /** How many finite values were added. */
  total = 0;

  /** Counts one value; NaN and infinities are left out. */
  add(value: number): void {
    if (!Number.isFinite(value)) return;
    let index = this.fineIndex(value);
    if (this.total === 0) this.origin = index - fineBinCount / 2;
    if (index < this.origin || index >= this.origin + fineBinCount) {
      this.refit(Math.min(this.lowestIndex, index), Math.max(this.highestIndex, index));
      index = this.fineIndex(value);
    }
    this.counts[index - this.origin]! += 1;
    this.lowestIndex = Math.min(this.lowestIndex, index);
    this.highestIndex = Math.max(this.highestIndex, index);
    this.total += 1;
  }

  /**
   * Contiguous bins from the lowest value to the highest, at most about
   * `maxBins` of them, each 1, 2 or 5 × 10^k wide; empty when nothing was added.
   */
  bins(maxBins = 30): HistogramBin[] {
    return StreamingHistogram.sharedBins([this], maxBins)[0]!;
  }

  /**
   * The bins of several histograms on one grid (the same width and the same
   * start and end for all, as arms drawn one above the other need), from the
   * lowest value of any to the highest; an empty list for each when none has values.
   *
   * @example
   * StreamingHistogram.sharedBins([controlHistogram, anchorHistogram], 30); // => [[{ start: 0, end: 2000, count: 4 }, …], [{ start: 0, end: 2000, count: 0 }, …]]
   */
  static sharedBins(histograms: readonly StreamingHistogram[], maxBins = 30): HistogramBin[][] {
    const filled = histograms.filter((histogram) => histogram.total > 0);
    if (filled.length === 0) return histograms.map(() => []);
    const exponent = Math.max(...filled.map((histogram) => histogram.exponent));
    const coarse = (histogram: StreamingHistogram, fine: number) => Math.floor(fine / 10 ** (exponent - histogram.exponent));
    const lowest = Math.min(...filled.map((histogram) => coarse(histogram, histogram.lowestIndex)));
    const highest = Math.max(...filled.map((histogram) => coarse(histogram, histogram.highestIndex)));
    // The display width in fine bins: the smallest 1, 2 or 5 × 10^j (j ≥ 0) that needs no more than maxBins bins.
    let ratio = 1;
    for (let power = 1; ; power *= 10) {
      const fit = [1, 2, 5].map((step) => step * power).find((candidate) => Math.floor(highest / candidate) - Math.floor(lowest / candidate) + 1 <= maxBins);
      if (fit !== undefined) {
        ratio = fit;
        break;
      }
    }
    const first = Math.floor(lowest / ratio);
    const last = Math.floor(highest / ratio);
    const valueAt = (index: number) => (exponent < 0 ? index / 10 ** -exponent : index * 10 ** exponent);
    return histograms.map((histogram) => {
      const display = new Float64Array(last - first + 1);
      if (histogram.total > 0) {
        for (let fine = histogram.lowestIndex; fine <= histogram.highestIndex; fine++) {
          const count = histogram.counts[fine - histogram.origin]!;
          if (count > 0) display[Math.floor(coarse(histogram, fine) / ratio) - first]! += count;
        }
      }
      return Array.from(display, (count, offset) => ({ start: valueAt((first + offset) * ratio), end: valueAt((first + offset + 1) * ratio), count }));
    });
  }

  private fineIndex(value: number): number {
    // Multiply by 10^-e for fine widths below 1, divide by 10^e above it: both exact for whole amounts; the nudge absorbs 4.35 × 100 = 434.99999999999994.
    const scaled = this.exponent < 0 ? value * 10 ** -this.exponent : value / 10 ** this.exponent;
    return Math.floor(scaled + 1e-9 * Math.max(1, Math.abs(scaled)));
  }

  /** Widens the fine bins tenfold as often as needed for `low`…`high` (current fine indices) to fit, and re-centres them. */
  private refit(low: number, high: number): void {
    let growth = 1;
    while (Math.floor(high / growth) - Math.floor(low / growth) + 1 > fineBinCount / 2) growth *= 10;
    const lowIndex = Math.floor(low / growth);
    const highIndex = Math.floor(high / growth);
    const origin = lowIndex - Math.floor((fineBinCount - (highIndex - lowIndex + 1)) / 2);
    const counts = new Float64Array(fineBinCount);
    if (this.total > 0) {
      for (let fine = this.lowestIndex; fine <= this.highestIndex; fine++) {
        const count = this.counts[fine - this.origin]!;
        if (count > 0) counts[Math.floor(fine / growth) - origin]! += count;
      }
      this.lowestIndex = Math.floor(this.lowestIndex / growth);
      this.highestIndex = Math.floor(this.highestIndex / growth);
    }
    this.counts = counts;
    this.origin = origin;
    this.exponent += Math.round(Math.log10(growth));
  }
}
