import { describe, expect, it } from 'vitest';
import { moderatorAnalysis, type ModeratorReport } from '../../analysis/moderator-analysis';
import { modelReferences, readModelDataset, referenceValue, relativeError } from './model-references';

const data = readModelDataset('anchor-covariates');
const analyse = (moderator: string, outcome: string): ModeratorReport =>
  moderatorAnalysis({
    moderator,
    type: outcome === 'above_quote' ? 'binary' : 'continuous',
    outcome: data.numeric(outcome),
    arms: data.text('arm'),
    moderatorValues: data.text(moderator),
    control: 'control',
  });

const cases = [
  ['moderator-literacy', 'literacy', 'amount'],
  ['moderator-literacy', 'literacy', 'above_quote'],
  ['moderator-region', 'region', 'amount'],
  ['moderator-region', 'region', 'above_quote'],
] as const;

describe('moderatorAnalysis per level agrees with R (t.test; Newcombe interval and prop.test p)', () => {
  it.each(cases)('%s %s %s', (caseName, moderator, outcome) => {
    const report = analyse(moderator, outcome);
    const comparisonRows = modelReferences(caseName, outcome).filter((row) => row.term.includes('|'));
    expect(comparisonRows.length).toBeGreaterThanOrEqual(16);
    for (const row of comparisonRows) {
      const [level, arm] = row.term.split('|');
      const comparison = report.levels.find((candidate) => candidate.level === level)?.comparisons.find((candidate) => candidate.arm === arm);
      const ours = { diff: comparison?.diff, 'diffCi.low': comparison?.diffCi?.[0], 'diffCi.high': comparison?.diffCi?.[1], pValue: comparison?.pValue }[row.figure];
      expect(ours, `${row.term} ${row.figure}`).toBeTypeOf('number');
      expect(relativeError(ours!, row.value), `${row.term} ${row.figure}: ${ours} vs R ${row.value}`).toBeLessThan(1e-8);
    }
    for (const level of report.levels) expect(level.n, level.level).toBe(referenceValue(caseName, outcome, level.level, 'n'));
  });
});

describe('moderatorAnalysis interaction agrees with lmtest::waldtest(lm(y ~ arm * m), lm(y ~ arm + m), vcov = vcovHC(HC2), test = "F")', () => {
  it.each(cases)('%s %s %s', (caseName, moderator, outcome) => {
    const { interaction } = analyse(moderator, outcome);
    expect(interaction).not.toBeNull();
    const reference = (figure: string) => referenceValue(caseName, outcome, 'interaction', figure);
    expect(relativeError(interaction!.F, reference('F')), `F ${interaction!.F} vs ${reference('F')}`).toBeLessThan(1e-8);
    expect(relativeError(interaction!.pValue, reference('pValue')), `p ${interaction!.pValue} vs ${reference('pValue')}`).toBeLessThan(1e-8);
    expect(interaction!.df1).toBe(reference('df1'));
    expect(interaction!.df2).toBe(reference('df2'));
  });
});

describe('moderatorAnalysis on awkward data', () => {
  it('gives the comparison of an arm missing from a level a reason, and tests the estimable interaction terms only', () => {
    const report = analyse('region', 'amount');
    const islands = report.levels.find((level) => level.level === 'islands')!;
    const high = islands.comparisons.find((comparison) => comparison.arm === 'high-anchor')!;
    expect(high).toMatchObject({ diff: null, diffCi: null, pValue: null });
    expect(high.problems).toEqual(['arm "high-anchor" has no participants with this outcome at region = "islands"']);
    // 2 treatments × 2 non-reference levels = 4 interaction terms, one of them not estimable.
    expect(report.interaction?.df1).toBe(3);
  });

  it('gives a reason when an arm has a single participant in a level (Welch needs two)', () => {
    const report = moderatorAnalysis({
      moderator: 'band',
      type: 'continuous',
      outcome: [1, 2, 3, 4, 5, 6, 7, 9],
      arms: ['c', 'c', 't', 't', 'c', 'c', 't', 't'],
      moderatorValues: ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'z'],
      control: 'c',
    });
    const lonely = report.levels.find((level) => level.level === 'z')!;
    expect(lonely.comparisons[0]!.problems[0]).toMatch(/control|no participants/);
    expect(report.interaction).toBeNull();
    expect(report.problems).toEqual(['interaction: arm "t" has a single participant at level "b": the HC2 standard errors of the interaction are undefined']);
    const small = report.levels.find((level) => level.level === 'b')!;
    expect(small.comparisons[0]).toMatchObject({ diff: null, pValue: null });
    expect(small.comparisons[0]!.problems[0]).toMatch(/at least 2 values.*band = "b"/);
  });

  it('gives the interaction a reason when the moderator has one level', () => {
    const report = moderatorAnalysis({
      moderator: 'band',
      type: 'continuous',
      outcome: [1, 2, 3, 4],
      arms: ['c', 'c', 't', 't'],
      moderatorValues: ['a', 'a', 'a', null],
      control: 'c',
    });
    expect(report.interaction).toBeNull();
    expect(report.problems).toEqual(['interaction: the moderator has a single level ("a") on these rows: no interaction to test']);
    expect(report.levels).toHaveLength(1);
    expect(report.levels[0]!.n).toBe(3);
  });

  it('repeats declared arm-versus-arm comparisons within each level', () => {
    const report = moderatorAnalysis({
      moderator: 'literacy',
      type: 'continuous',
      outcome: data.numeric('amount'),
      arms: data.text('arm'),
      moderatorValues: data.text('literacy'),
      control: 'control',
      comparisons: [{ arm: 'high-anchor', control: 'low-anchor' }],
    });
    for (const level of report.levels) {
      expect(level.comparisons).toHaveLength(1);
      expect(level.comparisons[0]).toMatchObject({ arm: 'high-anchor', control: 'low-anchor' });
      expect(level.comparisons[0]!.diff).toBeGreaterThan(0);
    }
  });

  it('throws on misuse: a binary outcome with other values', () => {
    expect(() =>
      moderatorAnalysis({ moderator: 'm', type: 'binary', outcome: [0, 2, 1, 0], arms: ['c', 'c', 't', 't'], moderatorValues: ['a', 'a', 'a', 'a'], control: 'c' }),
    ).toThrow(RangeError);
  });
});
