import { describe, expect, it } from 'vitest';
import { achievedPower } from '../../../analysis/achieved-power';
import { analyzeExperiment } from '../../../analysis/analyze-experiment';
import type { CorrectionMethod } from '../../../analysis/adjust-p-values';
import { achievedPowerTable, type PowerPlanDefinition } from '../../../server/results/achieved-power-table';

/** n values with the given mean and SD, evenly spread (deterministic). */
const spread = (n: number, mean: number, sd = 1) => Array.from({ length: n }, (_, index) => mean + sd * Math.sqrt(3) * ((2 * index) / (n - 1) - 1));
const binary = (n: number, ones: number) => Array.from({ length: n }, (_, index) => (index < ones ? 1 : 0));
const arms = ['control', 'low', 'high'];

const amount = { key: 'amount', label: 'Requested amount', type: 'continuous' as const, unit: 'EUR', primary: true, expectedDirection: { low: 'lower' as const, high: 'higher' as const } };
const revolving = { key: 'revolving', label: 'Chose revolving credit', type: 'binary' as const, primary: true, expectedDirection: { low: 'lower' as const, high: 'lower' as const } };

function tableFor(outcomes: (typeof amount | typeof revolving)[], correction: CorrectionMethod, minimumDetectableEffect: number) {
  const values = {
    amount: new Map([['control', spread(60, 6000, 2800)], ['low', spread(60, 5000, 2800)], ['high', spread(60, 7000, 2800)]]),
    revolving: new Map([['control', binary(60, 30)], ['low', binary(60, 20)], ['high', binary(60, 22)]]),
  };
  const results = analyzeExperiment({
    arms,
    participantsByArm: new Map(arms.map((arm) => [arm, 60])),
    correction,
    metrics: outcomes.map((outcome) => ({
      metric: outcome.key,
      type: outcome.type,
      role: 'primary' as const,
      valuesByArm: values[outcome.key as 'amount' | 'revolving'],
      expectedDirection: outcome.expectedDirection,
    })),
  });
  const definition: PowerPlanDefinition = { outcomes, analysisPlan: { alpha: 0.05, minimumDetectableEffect, correction } };
  return achievedPowerTable(results, definition, (arm) => arm);
}

describe('achievedPowerTable: the power the page reports for the planned effect', () => {
  it('tests at α over the family under Holm, and at α itself without a correction (the level the verdict uses)', () => {
    const holm = tableFor([amount], 'holm', 1000);
    expect(holm.rows[0]!.method).toContain('two-sided at α = 0.025');
    const none = tableFor([amount], 'none', 1000);
    expect(none.rows[0]!.method).toContain('two-sided at α = 0.05,');
    // Both arms are the same spread shifted, so they share one sample SD.
    const values = spread(60, 6000, 2800);
    const sd = Math.sqrt(values.reduce((sum, value) => sum + (value - 6000) ** 2, 0) / 59);
    const expected = achievedPower({ type: 'continuous', treatment: { n: 60, sd }, control: { n: 60, sd }, minimumDetectableEffect: 1000, alpha: 0.05, expectedDirection: 'lower' });
    expect(expected.available && expected.method).toContain('α = 0.05,');
    expect(expected.available && none.rows[0]!.power).toBe(expected.available ? `${(100 * expected.power).toFixed(1)}%` : '');
  });

  it('writes the minimum detectable effect in the primary outcome’s unit', () => {
    expect(tableFor([amount], 'holm', 1000).minimumDetectableEffect).toBe('€1,000 (Requested amount)');
    expect(tableFor([revolving], 'holm', 0.15).minimumDetectableEffect).toBe('15.0 percentage points (Chose revolving credit)');
  });

  it('does not apply one effect size to primary outcomes in different units', () => {
    const mixed = tableFor([amount, revolving], 'holm', 1000);
    expect(mixed.minimumDetectableEffect).toBe('1000, in the unit of which primary outcome is not clear: Requested amount is in €, Chose revolving credit in percentage points');
    expect(mixed.rows).toHaveLength(4);
    for (const row of mixed.rows) {
      expect(row.power).toBe('not computable');
      expect(row.method).toBe('the plan declares one minimum detectable effect for primary outcomes in different units (€ and percentage points): power for it would be meaningless for some of them');
    }
  });

  it('never rounds power to a certainty: above 99.9% reads "> 99.9%"', () => {
    // 60 per arm with SDs near 2,800 and a planned effect of €10,000: power is within 1e-9 of 1.
    const table = tableFor([amount], 'holm', 10_000);
    expect(table.rows[0]!.power).toBe('> 99.9%');
  });
});
