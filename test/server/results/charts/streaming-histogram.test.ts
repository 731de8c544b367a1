import { describe, expect, it } from 'vitest';
import { EnrolmentByDay } from '../../../../server/results/charts/enrolment-by-day';
import { StreamingHistogram } from '../../../../server/results/charts/streaming-histogram';

const histogramOf = (values: number[], maxBins?: number) => {
  const histogram = new StreamingHistogram();
  for (const value of values) histogram.add(value);
  return histogram.bins(maxBins);
};

describe('StreamingHistogram', () => {
  it('is empty without values, and leaves out NaN and infinities', () => {
    expect(histogramOf([])).toEqual([]);
    expect(histogramOf([Number.NaN, Infinity])).toEqual([]);
  });

  it('keeps a spike at a pre-filled amount in the bin that starts at it', () => {
    const bins = histogramOf([2500, 2500, 2500, 7000, 2499], 12);
    expect(bins.find((bin) => bin.start === 2500)).toEqual({ start: 2500, end: 3000, count: 3 });
    expect(bins.find((bin) => bin.start <= 2499 && bin.end > 2499)!.count).toBe(1);
    expect(bins.at(-1)).toEqual({ start: 7000, end: 7500, count: 1 });
    expect(bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(5);
  });

  it('counts every value exactly, whatever order the range grows in, with contiguous 1-2-5 bins', () => {
    const values = Array.from({ length: 20_000 }, (_, index) => ((index * 7919) % 100_003) - 3_000 + (index % 3) * 0.25);
    const bins = histogramOf(values, 30);
    expect(bins.length).toBeLessThanOrEqual(30);
    const width = bins[0]!.end - bins[0]!.start;
    expect([1, 2, 5].some((step) => Number.isInteger(Math.log10(width / step)))).toBe(true);
    for (let index = 1; index < bins.length; index++) expect(bins[index]!.start).toBe(bins[index - 1]!.end);
    for (const bin of bins) expect(bin.count).toBe(values.filter((value) => value >= bin.start && value < bin.end).length);
  });

  it('bins small decimals (seconds) at their own scale', () => {
    const bins = histogramOf([4.35, 4.35, 4.4, 5.1], 20);
    expect(bins[0]).toEqual({ start: 4.35, end: 4.4, count: 2 });
    expect(bins[1]).toEqual({ start: 4.4, end: 4.45, count: 1 });
    expect(bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(4);
  });

  it('counts a million values into the same bins as counting each value directly', () => {
    const histogram = new StreamingHistogram();
    const value = (index: number) => 500 + ((index * 104_729) % 74_501);
    for (let index = 0; index < 1_000_000; index++) histogram.add(value(index));
    const bins = histogram.bins();
    expect(histogram.total).toBe(1_000_000);
    // Counted again without the histogram, one value at a time, into the display bins it chose.
    const width = bins[0]!.end - bins[0]!.start;
    const direct = new Map<number, number>();
    for (let index = 0; index < 1_000_000; index++) {
      const start = Math.floor(value(index) / width) * width;
      direct.set(start, (direct.get(start) ?? 0) + 1);
    }
    expect(bins.length).toBeLessThanOrEqual(30);
    expect(bins.map((bin) => [bin.start, bin.count])).toEqual([...direct].sort(([a], [b]) => a - b));
  });
});

describe('StreamingHistogram.sharedBins', () => {
  it('puts every arm on one grid even when their ranges and resolutions differ', () => {
    const narrow = new StreamingHistogram();
    [4.2, 4.3].forEach((value) => narrow.add(value));
    const wide = new StreamingHistogram();
    [100, 2500, 2500].forEach((value) => wide.add(value));
    const [narrowBins, wideBins] = StreamingHistogram.sharedBins([narrow, wide, new StreamingHistogram()], 30);
    expect(narrowBins!.map((bin) => bin.start)).toEqual(wideBins!.map((bin) => bin.start));
    expect(narrowBins![0]).toEqual({ start: 0, end: 100, count: 2 });
    expect(wideBins!.find((bin) => bin.start === 2500)!.count).toBe(2);
    expect(StreamingHistogram.sharedBins([new StreamingHistogram()])).toEqual([[]]);
  });
});

describe('EnrolmentByDay', () => {
  it('gives running totals per arm by UTC day, zero for an arm with no one yet', () => {
    const enrolment = new EnrolmentByDay(['control', 'treatment']);
    enrolment.add('control', '2026-03-02T08:00:00.000Z');
    enrolment.add('control', '2026-03-01T23:59:59.000Z');
    enrolment.add('treatment', '2026-03-02T10:00:00.000Z');
    enrolment.add('unknown', '2026-03-02T10:00:00.000Z');
    expect(enrolment.cumulative()).toEqual([
      { arm: 'control', days: [{ day: '2026-03-01', participants: 1 }, { day: '2026-03-02', participants: 2 }] },
      { arm: 'treatment', days: [{ day: '2026-03-01', participants: 0 }, { day: '2026-03-02', participants: 1 }] },
    ]);
    expect(enrolment.dayCount).toBe(2);
  });
});
