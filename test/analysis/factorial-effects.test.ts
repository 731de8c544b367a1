import { describe, expect, it } from 'vitest';
import { factorialEffects, type FactorialEffects } from '../../analysis/factorial-effects';
import { modelReferences, readModelDataset, relativeError } from './model-references';

const cases = [
  { case: 'factorial-2x2', dataset: 'factorial-2x2', factors: ['default', 'disclosure'], reference: {} as Record<string, string> },
  { case: 'factorial-3x2', dataset: 'factorial-3x2', factors: ['default', 'disclosure'], reference: {} as Record<string, string> },
  { case: 'factorial-3x2-reference-none', dataset: 'factorial-3x2', factors: ['default', 'disclosure'], reference: { default: 'none' } },
  { case: 'factorial-2x2x2', dataset: 'factorial-2x2x2', factors: ['default', 'disclosure', 'order'], reference: {} as Record<string, string> },
].flatMap((entry) => ['chose_revolving', 'cost_error'].map((outcome) => ({ ...entry, outcome })));

function analyse(dataset: string, outcome: string, factors: string[], reference: Record<string, string> = {}): FactorialEffects {
  const data = readModelDataset(dataset);
  const result = factorialEffects({
    outcome: data.numeric(outcome),
    factors: factors.map((name) => ({ name, values: data.text(name), ...(reference[name] ? { reference: reference[name] } : {}) })),
  });
  if (!result.available) throw new Error(result.reason);
  return result;
}

describe('factorialEffects agrees with lm_robust(y ~ 0 + cell, HC2) contrasts and the saturated treatment-coded interaction', () => {
  it.each(cases.map((entry) => [`${entry.case} ${entry.outcome}`, entry] as const))('%s', (_, entry) => {
    const result = analyse(entry.dataset, entry.outcome, entry.factors, entry.reference);
    const rows = modelReferences(entry.case, entry.outcome);
    const terms = new Set(rows.map((row) => row.term));
    expect(terms.size).toBe(result.mainEffects.length + result.interactions.length);
    for (const row of rows) {
      const effect =
        result.mainEffects.find((candidate) => `${candidate.factor}=${candidate.level}` === row.term) ??
        result.interactions.find((candidate) => candidate.term === row.term);
      expect(effect, row.term).toBeDefined();
      const ours = { estimate: effect!.estimate, 'ci.low': effect!.ci?.[0], 'ci.high': effect!.ci?.[1], pValue: effect!.pValue }[row.figure];
      expect(ours, `${row.term} ${row.figure}`).toBeTypeOf('number');
      expect(relativeError(ours!, row.value), `${row.term} ${row.figure}: ${ours} vs R ${row.value}`).toBeLessThan(1e-8);
    }
  });

  it('names the reference level of each main effect, honouring a chosen reference', () => {
    const result = analyse('factorial-3x2', 'cost_error', ['default', 'disclosure'], { default: 'none' });
    expect(result.mainEffects.map((effect) => [effect.factor, effect.level, effect.reference])).toEqual([
      ['default', 'fixed', 'none'],
      ['default', 'revolving', 'none'],
      ['disclosure', 'hidden', 'shown'],
    ]);
    expect(result.interactions.map((effect) => effect.term)).toEqual(['default=fixed:disclosure=hidden', 'default=revolving:disclosure=hidden']);
  });

  it('uses n − cells degrees of freedom and reports each cell', () => {
    const result = analyse('factorial-3x2', 'cost_error', ['default', 'disclosure']);
    expect(result.cells).toHaveLength(6);
    expect(result.degreesOfFreedom).toBe(readModelDataset('factorial-3x2').rows - 6);
    expect(result.cells.map((cell) => cell.cell)).toContain('default=fixed,disclosure=shown');
  });
});

describe('factorialEffects on awkward data', () => {
  it('names the empty cell instead of estimating from a missing mean', () => {
    const data = readModelDataset('factorial-empty-cell');
    const result = factorialEffects({
      outcome: data.numeric('cost_error'),
      factors: [
        { name: 'default', values: data.text('default'), levels: ['revolving', 'none', 'fixed'] },
        { name: 'disclosure', values: data.text('disclosure'), levels: ['hidden', 'shown'] },
      ],
    });
    expect(result).toEqual({
      available: false,
      reason: 'cell "default=fixed,disclosure=shown" has no participants with this outcome: effects from cell means need every cell',
    });
    // R's saturated lm_robust cannot estimate exactly the coefficient that needs this cell.
    expect(modelReferences('factorial-empty-cell', 'cost_error').map((row) => [row.term, row.figure])).toEqual([['defaultfixed:disclosureshown', 'notEstimable']]);
  });

  it('names a cell with a single participant (its variance, and HC2, are undefined)', () => {
    const result = factorialEffects({
      outcome: [1, 2, 3, 4, 5, 6, 7],
      factors: [
        { name: 'a', values: ['x', 'x', 'y', 'y', 'x', 'x', 'y'] },
        { name: 'b', values: ['p', 'p', 'p', 'p', 'q', 'q', 'q'] },
      ],
    });
    expect(result).toEqual({ available: false, reason: 'cell "a=y,b=q" has a single participant: a cell\'s variance needs at least two' });
  });

  it('leaves out rows missing the outcome or a factor', () => {
    const complete = factorialEffects({
      outcome: [1, 2, 3, 5, 2, 4, 8, 9],
      factors: [
        { name: 'a', values: ['x', 'x', 'y', 'y', 'x', 'x', 'y', 'y'] },
        { name: 'b', values: ['p', 'p', 'p', 'p', 'q', 'q', 'q', 'q'] },
      ],
    });
    const withMissing = factorialEffects({
      outcome: [1, 2, 3, 5, 2, 4, 8, 9, Number.NaN, 100],
      factors: [
        { name: 'a', values: ['x', 'x', 'y', 'y', 'x', 'x', 'y', 'y', 'x', null] },
        { name: 'b', values: ['p', 'p', 'p', 'p', 'q', 'q', 'q', 'q', 'p', 'q'] },
      ],
    });
    if (!complete.available || !withMissing.available) throw new Error('both should be available');
    expect(withMissing.mainEffects).toEqual(complete.mainEffects);
    expect(withMissing.interactions).toEqual(complete.interactions);
    // Main effect of a=y: mean of (4 − 1.5) and (8.5 − 3) = 4; interaction: 5.5 − 2.5 = 3.
    expect(complete.mainEffects[0]!.estimate).toBeCloseTo(4, 12);
    expect(complete.interactions[0]!.estimate).toBeCloseTo(3, 12);
  });

  it('gives an effect whose cells all have zero variance a reason instead of an infinite t', () => {
    const result = factorialEffects({
      outcome: [1, 1, 1, 1, 1, 1, 2, 4],
      factors: [
        { name: 'a', values: ['x', 'x', 'y', 'y', 'x', 'x', 'y', 'y'] },
        { name: 'b', values: ['p', 'p', 'p', 'p', 'q', 'q', 'q', 'q'] },
      ],
    });
    if (!result.available) throw new Error(result.reason);
    expect(result.mainEffects.every((effect) => effect.ci !== null)).toBe(true);
    const flat = factorialEffects({ outcome: [1, 1, 2, 2], factors: [{ name: 'a', values: ['x', 'x', 'y', 'y'] }] });
    if (!flat.available) throw new Error(flat.reason);
    expect(flat.mainEffects[0]).toEqual({ factor: 'a', level: 'y', reference: 'x', estimate: 1, ci: null, pValue: null });
    expect(flat.problems[0]).toMatch(/^a=y: every cell involved has zero variance/);
  });

  it('gives an effect a reason rather than Infinity when cell means overflow', () => {
    const result = factorialEffects({ outcome: [1.5e308, 1.7e308, 1, 2], factors: [{ name: 'a', values: ['x', 'x', 'y', 'y'] }] });
    if (!result.available) throw new Error(result.reason);
    expect(result.mainEffects[0]).toMatchObject({ estimate: null, ci: null, pValue: null });
    expect(result.problems[0]).toMatch(/too large or too small/);
  });

  it('says a factor with one level has nothing to compare', () => {
    expect(factorialEffects({ outcome: [1, 2, 3], factors: [{ name: 'a', values: ['x', 'x', 'x'] }] })).toEqual({
      available: false,
      reason: 'factor "a" has a single level ("x"): nothing to compare',
    });
  });

  it('throws on misuse: a reference that is not a level', () => {
    expect(() => factorialEffects({ outcome: [1, 2], factors: [{ name: 'a', values: ['x', 'y'], reference: 'z' }] })).toThrow(/reference "z"/);
  });
});
