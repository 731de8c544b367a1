import { describe, expect, it } from 'vitest';
import { modelsReport, type ModelsInput } from '../../analysis/models-report';
import { readModelDataset, referenceValue, relativeError } from './model-references';

const anchor = readModelDataset('anchor-covariates');
const anchorInput = (extra: Partial<ModelsInput> = {}): ModelsInput => ({
  outcomes: [
    { metric: 'amount', type: 'continuous', values: anchor.numeric('amount') },
    { metric: 'above_quote', type: 'binary', values: anchor.numeric('above_quote') },
  ],
  arms: anchor.text('arm'),
  ...extra,
});
const expectRelative = (ours: number | null | undefined, reference: number, label: string) => {
  expect(ours, label).toBeTypeOf('number');
  expect(relativeError(ours!, reference), `${label}: ${ours} vs R ${reference}`).toBeLessThan(1e-8);
};

describe('modelsReport', () => {
  it('gives each comparison, including a --compare pair, its adjusted effect equal to lm_robust', () => {
    const report = modelsReport(
      anchorInput({
        covariates: [
          { name: 'age', kind: 'numeric', values: anchor.numeric('age') },
          { name: 'income_band', kind: 'categorical', values: anchor.text('income_band') },
        ],
        compare: [{ arm: 'high-anchor', control: 'low-anchor' }],
      }),
    );
    expect(report.control).toBe('control');
    const amount = report.metrics.find((metric) => metric.metric === 'amount')!;
    expect(amount.adjusted!.map(({ arm, control }) => `${arm} vs ${control}`)).toEqual(['low-anchor vs control', 'high-anchor vs control', 'high-anchor vs low-anchor']);
    const [low, , versus] = amount.adjusted!;
    expectRelative(low!.adjusted?.diff, referenceValue('lin-age-band', 'amount', 'low-anchor', 'diff'), 'low-anchor diff');
    expectRelative(low!.adjusted?.pValue, referenceValue('lin-age-band', 'amount', 'low-anchor', 'pValue'), 'low-anchor p');
    expectRelative(versus!.adjusted?.diffCi[1], referenceValue('lin-versus-arm', 'amount', 'high-anchor', 'diffCi.high'), 'high vs low upper bound');
    expect(Object.keys(low!.adjusted!).sort()).toEqual(['diff', 'diffCi', 'method', 'pValue', 'se']);
    const binary = report.metrics.find((metric) => metric.metric === 'above_quote')!;
    expectRelative(binary.adjusted![1]!.adjusted?.se, referenceValue('lin-age-band', 'above_quote', 'high-anchor', 'se'), 'binary se');
    expect(binary.adjusted![1]!.adjusted?.method).toMatch(/linear probability model/);
  });

  it('reports a --compare pair as a full comparison of the two named arms', () => {
    const report = modelsReport(anchorInput({ compare: [{ arm: 'high-anchor', control: 'low-anchor' }] }));
    const amount = report.metrics[0]!;
    expect(amount.adjusted).toBeUndefined();
    expect(amount.extraComparisons).toHaveLength(1);
    const comparison = amount.extraComparisons[0]!;
    const arms = anchor.text('arm');
    const values = anchor.numeric('amount');
    const mean = (arm: string) => {
      const picked = [...values].filter((value, row) => arms[row] === arm && Number.isFinite(value));
      return picked.reduce((sum, value) => sum + value, 0) / picked.length;
    };
    expect(comparison).toMatchObject({ arm: 'high-anchor', control: 'low-anchor' });
    expect(comparison.diff).toBeCloseTo(mean('high-anchor') - mean('low-anchor'), 8);
    expect(comparison.nArm).toBe(arms.filter((arm, row) => arm === 'high-anchor' && Number.isFinite(values[row]!)).length);
    expect(report.metrics[1]!.extraComparisons[0]).toHaveProperty('fisherP');
  });

  it('adds a moderator report per metric with the R interaction test and the per-level --compare pair', () => {
    const report = modelsReport(
      anchorInput({ moderators: [{ name: 'region', values: anchor.text('region') }], compare: [{ arm: 'high-anchor', control: 'low-anchor' }] }),
    );
    const moderator = report.metrics[0]!.moderators![0]!;
    expect(moderator.moderator).toBe('region');
    expectRelative(moderator.interaction?.F, referenceValue('moderator-region', 'amount', 'interaction', 'F'), 'interaction F');
    const islands = moderator.levels.find((level) => level.level === 'islands')!;
    expect(islands.comparisons.map(({ arm, control }) => `${arm}:${control}`)).toEqual(['low-anchor:control', 'high-anchor:control', 'high-anchor:low-anchor']);
    expect(islands.comparisons[2]!.diff).toBeNull();
    expect(islands.comparisons[2]!.problems[0]).toMatch(/high-anchor/);
  });

  it('derives arms from factors (control = the reference cell) and reports factorial effects equal to R', () => {
    const data = readModelDataset('factorial-3x2');
    const report = modelsReport({
      outcomes: [{ metric: 'cost_error', type: 'continuous', values: data.numeric('cost_error') }],
      factors: [
        { name: 'default', values: data.text('default'), reference: 'none' },
        { name: 'disclosure', values: data.text('disclosure') },
      ],
    });
    // The first row of the file is default=fixed,disclosure=shown: "shown" is disclosure's reference.
    expect(report.control).toBe('default=none,disclosure=shown');
    expect(report.arms).toHaveLength(6);
    const factorial = report.metrics[0]!.factorial!;
    expect(factorial.problems).toEqual([]);
    const fixed = factorial.mainEffects.find((effect) => effect.level === 'fixed')!;
    expectRelative(fixed.estimate, referenceValue('factorial-3x2-reference-none', 'cost_error', 'default=fixed', 'estimate'), 'main effect');
    expect(factorial.interactions.map((effect) => effect.term)).toEqual(['default=fixed:disclosure=hidden', 'default=revolving:disclosure=hidden']);
    expectRelative(
      factorial.interactions[1]!.pValue,
      referenceValue('factorial-3x2-reference-none', 'cost_error', 'default=revolving:disclosure=hidden', 'pValue'),
      'interaction p',
    );
  });

  it('turns an empty cell into a problem, not a crash, and stays JSON without NaN', () => {
    const data = readModelDataset('factorial-empty-cell');
    const report = modelsReport({
      outcomes: [{ metric: 'chose_revolving', type: 'binary', values: data.numeric('chose_revolving') }],
      factors: [
        { name: 'default', values: data.text('default'), levels: ['revolving', 'none', 'fixed'] },
        { name: 'disclosure', values: data.text('disclosure') },
      ],
      covariates: [],
    });
    expect(report.metrics[0]!.factorial).toEqual({
      mainEffects: [],
      interactions: [],
      problems: ['cell "default=fixed,disclosure=shown" has no participants with this outcome: effects from cell means need every cell'],
    });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('throws on misuse: a compared arm that is not in the data, or a binary outcome with other values', () => {
    expect(() => modelsReport(anchorInput({ compare: [{ arm: 'high-anchor', control: 'medium-anchor' }] }))).toThrow(/medium-anchor/);
    expect(() => modelsReport({ outcomes: [{ metric: 'x', type: 'binary', values: [0, 2] }], arms: ['a', 'b'] })).toThrow(/binary outcome "x"/);
    expect(() => modelsReport({ outcomes: [{ metric: 'x', type: 'continuous', values: [0, 2] }] })).toThrow(/arm column or factors/);
  });
});
