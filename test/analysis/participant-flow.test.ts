import { describe, expect, it } from 'vitest';
import { chiSquareIndependenceTest } from '../../analysis/chi-square-independence-test';
import { participantFlow } from '../../analysis/participant-flow';

const participant = (arm: string, step: 'entered' | 'exposed' | 'decided' | 'completed', excludedBy: string[] = []) => ({
  arm,
  exposed: step !== 'entered',
  decided: step === 'decided' || step === 'completed',
  completed: step === 'completed',
  excludedBy,
});

describe('participantFlow', () => {
  it('counts each step per arm, exclusions by rule among deciders, and the analysed rest', () => {
    const flow = participantFlow(['control', 'treatment'], ['failed-attention-check', 'did-not-complete']);
    flow.add(participant('control', 'entered', ['did-not-complete']));
    flow.add(participant('control', 'exposed', ['did-not-complete']));
    flow.add(participant('control', 'decided', ['did-not-complete']));
    flow.add(participant('control', 'completed', ['failed-attention-check']));
    flow.add(participant('control', 'completed'));
    flow.add(participant('treatment', 'decided', ['failed-attention-check', 'did-not-complete']));
    const { arms } = flow.result();
    expect(arms[0]).toEqual({
      arm: 'control', entered: 5, consented: 5, exposed: 4, decided: 3, completed: 2, excluded: 2,
      excludedByRule: { 'failed-attention-check': 1, 'did-not-complete': 1 }, analysed: 1,
    });
    // Counted under both rules, excluded once.
    expect(arms[1]).toMatchObject({ decided: 1, excluded: 1, excludedByRule: { 'failed-attention-check': 1, 'did-not-complete': 1 }, analysed: 0 });
  });

  it('tests completion by arm with the chi-square of independence (R: chisq.test(correct = FALSE))', () => {
    const flow = participantFlow(['a', 'b'], []);
    for (let index = 0; index < 50; index += 1) flow.add(participant('a', index < 40 ? 'completed' : 'decided'));
    for (let index = 0; index < 50; index += 1) flow.add(participant('b', index < 30 ? 'completed' : 'exposed'));
    const { attrition } = flow.result();
    const expected = chiSquareIndependenceTest([[40, 10], [30, 20]]);
    expect(attrition).toMatchObject({ available: true, degreesOfFreedom: 1, differential: true, completedShare: { a: 0.8, b: 0.6 } });
    if (!attrition.available || !expected.available) throw new Error('unexpectedly unavailable');
    expect(attrition.pValue).toBeCloseTo(0.0290963317412522, 12); // R, test/fixtures/analysis/attrition/attrition-chisq.csv (two_arms)
  });

  it('says why it cannot test attrition before anyone entered', () => {
    const { attrition } = participantFlow(['a', 'b'], []).result();
    expect(attrition.available).toBe(false);
    expect(attrition.completedShare).toEqual({ a: null, b: null });
  });

  it('refuses an arm that was not declared', () => {
    expect(() => participantFlow(['a', 'b'], []).add(participant('c', 'entered'))).toThrow(RangeError);
  });
});
