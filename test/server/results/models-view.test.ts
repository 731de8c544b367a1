import { describe, expect, it } from 'vitest';
import type { MetricWithModels } from '../../../server/cli/analysis-with-models';
import type { ExperimentResults } from '../../../server/results/experiment-results';
import { modelsView } from '../../../server/results/models-view';
import type { Outcome } from '../../../experiments/definition-schema';

/** A primary outcome with one moderator, as the results carry it; only the fields the view reads. */
function viewWithInteraction(pValue: number, status: 'confirmatory' | 'exploratory') {
  const metric = {
    metric: 'amount',
    type: 'continuous',
    comparisons: [],
    moderators: [{ moderator: 'income_band', status, interaction: { F: 3.1234, df1: 2, df2: 300, pValue }, levels: [], problems: [] }],
  } as unknown as MetricWithModels;
  const results = { models: { covariates: [], moderators: [{ key: 'income_band', confirmatory: status === 'confirmatory' }], problems: [] }, confidenceLevel: 0.95 } as unknown as ExperimentResults;
  const outcome = { key: 'amount', label: 'Requested amount', type: 'continuous', unit: 'EUR' } as unknown as Outcome;
  return modelsView(metric, outcome, results, (arm) => arm)!;
}

describe('modelsView', () => {
  it('writes the interaction test as a sentence: "p = 0.045" or "p < 0.001", never "p 0.045"', () => {
    expect(viewWithInteraction(0.0451, 'exploratory').moderators[0]!.interaction).toBe('Arm × income_band: HC2 Wald F(2, 300) = 3.12, p = 0.045 — exploratory: not part of the confirmatory family.');
    expect(viewWithInteraction(0.00001, 'confirmatory').moderators[0]!.interaction).toBe('Arm × income_band: HC2 Wald F(2, 300) = 3.12, p < 0.001.');
  });

  it('writes the p of the adjusted and unadjusted effects as "p = …" too', () => {
    const metric = {
      metric: 'amount',
      type: 'continuous',
      comparisons: [{ arm: 'low', control: 'control', diff: -1200.4, diffCi: [-1900, -490], pValue: 0.0012, problems: [], adjusted: { diff: -1100, diffCi: [-1700, -500], pValue: 0.00002, method: 'Lin (2013), HC2' } }],
      moderators: [],
    } as unknown as MetricWithModels;
    const results = { models: { covariates: [{ key: 'age' }], moderators: [], problems: [] }, confidenceLevel: 0.95 } as unknown as ExperimentResults;
    const outcome = { key: 'amount', label: 'Requested amount', type: 'continuous', unit: 'EUR' } as unknown as Outcome;
    const [row] = modelsView(metric, outcome, results, (arm) => arm)!.adjusted;
    expect(row!.unadjusted).toBe('−1,200 (−1,900 to −490), p = 0.001');
    expect(row!.adjusted).toBe('−1,100 (−1,700 to −500), p < 0.001');
  });
});
