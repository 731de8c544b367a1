import { describe, expect, it } from 'vitest';
import { median, medianOfSorted } from '../../analysis/median';
import { mannWhitneyTest, mannWhitneyTestOfSorted } from '../../analysis/mann-whitney-test';
import { sortedCopy } from '../../analysis/sorted-copy';

/** The median by its definition: sort, take the middle (or the mean of the two middles). */
function sortedMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]! ) / 2;
}

/** A reproducible pseudo-random sequence (mulberry32), so a failure can be replayed. */
function randomNumbers(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('median', () => {
  it('is the middle value, or the mean of the two middle values', () => {
    expect(median([5, 1, 3, 2])).toBe(2.5);
    expect(median([7, 1, 3])).toBe(3);
    expect(median([4])).toBe(4);
    expect(median([])).toBeUndefined();
  });

  it('agrees with sorting on many samples: odd and even sizes, heavy ties, sorted and reversed input, negatives', () => {
    const random = randomNumbers(20261129);
    for (let sample = 0; sample < 400; sample++) {
      const size = 1 + Math.floor(random() * 300);
      const distinct = 1 + Math.floor(random() * (sample % 4 === 0 ? 3 : 1000)); // every fourth sample: at most 3 distinct values
      let values = Array.from({ length: size }, () => Math.floor(random() * distinct) * 250 - 1000 + (sample % 3 === 0 ? random() : 0));
      if (sample % 5 === 1) values = values.sort((a, b) => a - b);
      if (sample % 5 === 2) values = values.sort((a, b) => b - a);
      expect(median(values), `sample ${sample} of ${size}`).toBe(sortedMedian(values));
    }
  });

  it('leaves its input untouched', () => {
    const values = Float64Array.from([9, 2, 7, 4, 4, 1]);
    expect(median(values)).toBe(4);
    expect([...values]).toEqual([9, 2, 7, 4, 4, 1]);
  });

  it('sorts a sample holding NaN as before (NaN last)', () => {
    expect(median([3, Number.NaN, 1])).toBe(3);
    expect(median([3, Number.NaN, 1, 2])).toBe(2.5);
  });
});

describe('one sorted copy per arm (sortedCopy), read by medianOfSorted and mannWhitneyTestOfSorted', () => {
  it('gives the medians and rank tests of the unsorted values, on many samples with ties, and leaves the input untouched', () => {
    const random = randomNumbers(4242);
    for (let sample = 0; sample < 200; sample++) {
      const draw = () => Float64Array.from({ length: 1 + Math.floor(random() * 200) }, () => Math.floor(random() * (sample % 2 === 0 ? 5 : 500)) * 10);
      const [treatment, control] = [draw(), draw()];
      const before = [...treatment];
      const [sortedTreatment, sortedControl] = [sortedCopy(treatment), sortedCopy(control)];
      expect([...treatment]).toEqual(before);
      expect([...sortedTreatment]).toEqual([...treatment].sort((a, b) => a - b));
      expect(medianOfSorted(sortedTreatment), `sample ${sample}`).toBe(median(treatment));
      expect(mannWhitneyTestOfSorted(sortedTreatment, sortedControl), `sample ${sample}`).toEqual(mannWhitneyTest(treatment, control));
    }
    expect(medianOfSorted(sortedCopy([]))).toBeUndefined();
    expect(sortedCopy([3, Number.NaN, 1]).at(-1)).toBeNaN();
  });
});

