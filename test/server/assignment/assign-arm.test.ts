import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { experimentRegistry } from '../../../experiments/registry';
import { validateExperiments } from '../../../experiments/validate-experiments';
import { assignArm, growthBookExperiment } from '../../../server/assignment/assign-arm';

const loanAnchor = validateExperiments(experimentRegistry).get('loan-anchor')!.definition;
// Produced by test/fixtures/assignment/growthbook-hash-v2.py, an independent Python implementation of GrowthBook's hash v2.
const reference = JSON.parse(readFileSync(new URL('../../fixtures/assignment/loan-anchor-assignments.json', import.meta.url), 'utf8')) as {
  assignments: { id: string; arm: string }[];
};

describe('assignArm', () => {
  it('describes the experiment to GrowthBook with hash version 2, the key as seed and normalised weights', () => {
    expect(growthBookExperiment(loanAnchor)).toMatchObject({
      key: 'loan-anchor',
      variations: ['control', 'low-anchor', 'high-anchor'],
      hashAttribute: 'id',
      seed: 'loan-anchor',
      hashVersion: 2,
    });
    expect(growthBookExperiment(loanAnchor).weights?.reduce((sum, weight) => sum + weight, 0)).toBeCloseTo(1, 12);
  });

  it.each(reference.assignments.map((row) => [row.id, row.arm] as const))('assigns %s to %s', (id, arm) => {
    expect(assignArm(loanAnchor, id)).toBe(arm);
  });

  it('splits 30,000 ids within sampling error of equal weights', () => {
    const counts = new Map<string, number>();
    for (let index = 0; index < 30_000; index += 1) {
      const arm = assignArm(loanAnchor, `sim-${index}`);
      counts.set(arm, (counts.get(arm) ?? 0) + 1);
    }
    // Binomial(30,000, 1/3): sd = 81.6; allow four standard deviations per arm.
    const standardDeviation = Math.sqrt(30_000 * (1 / 3) * (2 / 3));
    expect([...counts.keys()].sort()).toEqual(['control', 'high-anchor', 'low-anchor']);
    for (const count of counts.values()) expect(Math.abs(count - 10_000)).toBeLessThan(4 * standardDeviation);
  });

  it('follows unequal weights', () => {
    const weighted = { key: loanAnchor.key, arms: loanAnchor.arms.map((arm, index) => ({ ...arm, weight: index === 0 ? 2 : 1 })) };
    let control = 0;
    for (let index = 0; index < 20_000; index += 1) if (assignArm(weighted, `w-${index}`) === 'control') control += 1;
    const standardDeviation = Math.sqrt(20_000 * 0.5 * 0.5);
    expect(Math.abs(control - 10_000)).toBeLessThan(4 * standardDeviation);
  });

  it('changes assignments when the seed changes', () => {
    const reseeded = { ...loanAnchor, seed: 'loan-anchor-phase-2' };
    const moved = reference.assignments.filter((row) => assignArm(reseeded, row.id) !== row.arm).length;
    expect(moved).toBeGreaterThan(10);
  });
});
