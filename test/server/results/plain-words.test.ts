import { describe, expect, it } from 'vitest';
import { analyzeExperiment, type MetricInput } from '../../../analysis/analyze-experiment';
import type { BinaryComparison, ContinuousComparison } from '../../../analysis/analysis-report';
import { outcomeUnitFormat } from '../../../server/results/figure-format';
import { headlineFigures } from '../../../server/results/headline-figures';
import { comparisonInWords, verdictInOneLine } from '../../../server/results/plain-words';

/** n values with the given mean and SD, evenly spread (deterministic). */
const spread = (n: number, mean: number, sd = 1) => Array.from({ length: n }, (_, index) => mean + sd * Math.sqrt(3) * ((2 * index) / (n - 1) - 1));
const binary = (n: number, ones: number) => Array.from({ length: n }, (_, index) => (index < ones ? 1 : 0));

/** The engine's comparisons of a primary outcome, as the results page gets them. */
function comparisonsOf(arms: Record<string, number[]>, metric: Omit<MetricInput, 'metric' | 'valuesByArm' | 'role'>) {
  const names = Object.keys(arms);
  const report = analyzeExperiment({
    arms: names,
    participantsByArm: new Map(names.map((arm) => [arm, arms[arm]!.length])),
    metrics: [{ metric: 'outcome', role: 'primary', valuesByArm: new Map(names.map((arm) => [arm, arms[arm]!])), ...metric }],
  });
  return report.metrics[0]!.comparisons as (ContinuousComparison | BinaryComparison)[];
}

/** The sentence and the verdict line of a comparison, as the page writes them for a stopped (or still running) experiment. */
function wordsOf(comparison: ContinuousComparison | BinaryComparison, type: 'continuous' | 'binary', unit: string | undefined, outcomeLabel: string, state = 'stopped') {
  const format = outcomeUnitFormat(type, unit);
  const headline = headlineFigures(comparison, { state, plannedPerArm: 1000, confidenceLevel: 0.95 });
  return {
    words: comparisonInWords(comparison, { armLabel: 'Treatment', controlLabel: 'Control', outcomeLabel, type, format, headline: headline.sequential ? 'sequential' : 'fixed', confidence: 0.95 }),
    line: verdictInOneLine(comparison, headline, { controlLabel: 'Control', format, confidence: 0.95 }),
  };
}

describe('sentences on awkward data', () => {
  it('a difference that rounds to zero in the unit is written with enough decimals, never "0.0 months lower"', () => {
    const [comparison] = comparisonsOf({ control: spread(50, 10), treatment: spread(50, 9.996) }, { type: 'continuous', expectedDirection: { treatment: 'higher' } });
    expect(comparison!.verdict).toBe('inconclusive');
    const { words } = wordsOf(comparison!, 'continuous', 'months', 'Chosen term');
    expect(words).not.toMatch(/0\.0 months (higher|lower)/);
    expect(words).toContain('With Treatment, chosen term was 0.004 months lower than with Control (opposite to the hypothesis');
  });

  it('a difference that is zero but for floating-point noise reads as the same in the sample, with no direction', () => {
    const control = spread(40, 10);
    const [comparison] = comparisonsOf({ control, treatment: control.map((value) => value + 1e-13) }, { type: 'continuous', expectedDirection: { treatment: 'higher' } });
    expect(comparison!.diff).not.toBe(0);
    const { words } = wordsOf(comparison!, 'continuous', 'seconds', 'Time to decide');
    expect(words).toContain('With Treatment, time to decide was the same in the sample as with Control (difference 0.0 s;');
    expect(words).not.toMatch(/higher than|lower than|hypothesised direction|opposite/);
  });

  it('a significant effect smaller than a euro is written in cents, not "raised … by €0"', () => {
    const [comparison] = comparisonsOf({ control: spread(2000, 100), treatment: spread(2000, 100.4) }, { type: 'continuous', expectedDirection: { treatment: 'higher' } });
    expect(comparison!.verdict).toBe('higher');
    const { words } = wordsOf(comparison!, 'continuous', 'EUR', 'Requested amount');
    expect(words).toMatch(/^Treatment raised requested amount by €0\.40 \(95% CI €0\.3\d to €0\.4\d\) compared with Control, in the hypothesised direction;/);
    expect(outcomeUnitFormat('continuous', 'EUR').amount(-0.4)).toBe('−€0.40');
    expect(outcomeUnitFormat('continuous', 'EUR').amount(-1754.4)).toBe('−€1,754');
    expect(outcomeUnitFormat('binary', undefined).amount(0.0004)).toBe('0.04 percentage points');
    expect(outcomeUnitFormat('continuous', 'EUR').amount(1e-9)).toBe('€0');
  });

  it('when no test was possible (every participant chose the same), it says why instead of "adjusted p not computable … over the 0 primary comparisons"', () => {
    const [comparison] = comparisonsOf({ control: binary(40, 0), treatment: binary(40, 0) }, { type: 'binary', expectedDirection: { treatment: 'lower' }, smallestEffectOfInterest: 0.05 });
    const { words } = wordsOf(comparison!, 'binary', undefined, 'Chose revolving credit');
    expect(words).not.toContain('over the 0');
    expect(words).not.toContain('not computable');
    expect(words).toContain('no test of a difference was possible: every participant had the same outcome');
  });

  it('while running, a comparison without a confidence sequence says why, not an unrelated note', () => {
    const [comparison] = comparisonsOf({ control: binary(40, 0), treatment: binary(40, 40) }, { type: 'binary', expectedDirection: { treatment: 'higher' } });
    expect(comparison!.diffCiSequential).toBeNull();
    const { line, words } = wordsOf(comparison!, 'binary', undefined, 'Chose revolving credit', 'running');
    const why = 'no confidence sequence can be computed: every participant in each arm had the same outcome, so the difference has no standard error';
    expect(line).toBe(`No peeking-safe verdict yet: ${why}.`);
    expect(words).toBe(`Treatment against Control: ${why}.`);
    expect(line).not.toMatch(/relative risk|odds ratio/);
  });

  it('under Holm, an unadjusted interval that excludes zero is called unadjusted when the verdict is inconclusive', () => {
    const comparisons = comparisonsOf(
      { control: spread(50, 0), first: spread(50, 0.42), second: spread(50, 0.4) },
      { type: 'continuous', expectedDirection: { first: 'higher', second: 'higher' } },
    );
    const first = comparisons.find((comparison) => comparison.arm === 'first')!;
    expect(first.pValue!).toBeLessThan(0.05);
    expect(first.pAdjusted!).toBeGreaterThan(0.05);
    expect(first.diffCi![0]).toBeGreaterThan(0);
    expect(first.verdict).toBe('inconclusive');
    const { words, line } = wordsOf(first, 'continuous', 'months', 'Chosen term');
    expect(line).toBe('Inconclusive: the data cannot tell whether it is higher, lower or the same as Control.');
    expect(words).toContain('With Treatment, chosen term was 0.42 months higher than with Control (in the hypothesised direction; unadjusted 95% CI 0.01 months to 0.83 months; adjusted p = 0.089, Holm over the 2 primary comparisons), but the data cannot tell');
    // The second comparison's interval includes zero: no qualifier needed.
    expect(wordsOf(comparisons.find((comparison) => comparison.arm === 'second')!, 'continuous', 'months', 'Chosen term').words).toContain('; 95% CI −0.01 months to 0.81 months;');
  });

  it('a significant effect that the equivalence test also shows to be smaller than the smallest effect of interest says it is too small to matter', () => {
    const [comparison] = comparisonsOf({ control: spread(20000, 6000, 900), treatment: spread(20000, 6030, 900) }, { type: 'continuous', expectedDirection: { treatment: 'higher' }, smallestEffectOfInterest: 100 });
    expect(comparison!.verdict).toBe('higher');
    expect(comparison!.equivalenceP!).toBeLessThan(0.05);
    const { words, line } = wordsOf(comparison!, 'continuous', 'EUR', 'Requested amount');
    expect(line).toBe('Higher than Control, as hypothesised, but by less than the smallest effect of interest (±€100).');
    expect(words).toMatch(/^Treatment raised requested amount by €30 \(95% CI €\d\d to €\d\d\) compared with Control, in the hypothesised direction; adjusted p < 0\.001, Holm over the 1 primary comparison; but the effect is smaller than the smallest effect of interest \(±€100; equivalence test p < 0\.001\)\.$/);
  });

  it('a stopped experiment with too few analysed in an arm says too few, not "too early"', () => {
    const [comparison] = comparisonsOf({ control: spread(30, 6000, 900), treatment: spread(3, 6000, 900) }, { type: 'continuous' });
    const stopped = wordsOf(comparison!, 'continuous', 'EUR', 'Requested amount', 'stopped');
    expect(stopped.line).toBe('Too few analysed to test: 3 and 30 analysed, at least 8 per arm are needed.');
    expect(stopped.words).toBe('Treatment against Control: too few analysed to test: 3 and 30 analysed, at least 8 per arm are needed.');
    expect(wordsOf(comparison!, 'continuous', 'EUR', 'Requested amount', 'running').line).toBe('Too early to test: 3 and 30 analysed, at least 8 per arm are needed.');
  });

  it('writes an estimate and its interval at one precision: never "€0.40 … (95% CI −€1 to €0.01)"', () => {
    const [comparison] = comparisonsOf({ control: spread(50, 10), treatment: spread(50, 9.6) }, { type: 'continuous', expectedDirection: { treatment: 'higher' } });
    const { words } = wordsOf(comparison!, 'continuous', 'EUR', 'Requested amount');
    expect(words).toContain('requested amount was €0.40 lower than with Control (opposite to the hypothesis (expected higher); 95% CI −€0.81 to €0.01;');
    // Ordinary amounts keep whole euros.
    expect(outcomeUnitFormat('continuous', 'EUR').amounts([1754.4, 1176.2, 2332.9])).toEqual(['€1,754', '€1,176', '€2,333']);
  });
});
