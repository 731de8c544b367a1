import { describe, expect, it } from 'vitest';
import { summarizeSample } from '../../analysis/sample-summary';
import { welchTTest } from '../../analysis/welch-t-test';
import { seededRandom } from '../../experiments/simulation/seeded-random';

const simulations = 2000;
const perArm = 50;

function simulate(seed: number, trueDifference: number) {
  const random = seededRandom(seed);
  let rejections = 0;
  let covered = 0;
  for (let run = 0; run < simulations; run += 1) {
    const control = Array.from({ length: perArm }, () => random.normal(7500, 2500));
    const treatment = Array.from({ length: perArm + 10 }, () => random.normal(7500 + trueDifference, 3500));
    const result = welchTTest(summarizeSample(treatment), summarizeSample(control));
    if (!result.available) throw new Error(result.reason);
    if (result.pValue < 0.05) rejections += 1;
    if (result.confidenceInterval[0] <= trueDifference && trueDifference <= result.confidenceInterval[1]) covered += 1;
  }
  return { falsePositiveRate: rejections / simulations, coverage: covered / simulations };
}

describe('calibration of the Welch test (2,000 seeded simulated experiments)', () => {
  it('rejects a true null about 5% of the time (A/A experiments)', () => {
    const { falsePositiveRate } = simulate(1, 0);
    expect(falsePositiveRate).toBeGreaterThanOrEqual(0.035);
    expect(falsePositiveRate).toBeLessThanOrEqual(0.065);
  });

  it('covers a known effect of −€1,000 about 95% of the time', () => {
    const { coverage } = simulate(2, -1000);
    expect(coverage).toBeGreaterThanOrEqual(0.935);
    expect(coverage).toBeLessThanOrEqual(0.965);
  });
});
