import { describe, expect, it } from 'vitest';
import { loanAnchor } from '../../experiments/loan-anchor';
import { experimentRegistry } from '../../experiments/registry';
import { validateExperiments } from '../../experiments/validate-experiments';
import { deriveOutcomes } from '../../experiments/derive-outcomes';
import { definitionFileWith, definitionProblems } from '../helpers/definition-problems';

const file = 'experiments/broken.ts';
const withChange = (change: Parameters<typeof definitionFileWith>[1]) => definitionFileWith(loanAnchor, change, file);

describe('validateExperiments', () => {
  it('accepts every registered experiment and fills defaults', () => {
    const experiments = validateExperiments(experimentRegistry);
    const anchor = experiments.get('loan-anchor');
    expect(anchor?.definition.arms.map((arm) => arm.key)).toEqual(['control', 'low-anchor', 'high-anchor']);
    expect(anchor?.definition.completion).toEqual({});
    expect(anchor?.definitionHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the file and the field of a wrong type', () => {
    const message = definitionProblems(withChange((definition) => ((definition.arms as { weight: unknown }[])[1]!.weight = 'one')));
    expect(message).toMatch(/^experiments\/broken\.ts: arms\[1\]\.weight: /);
  });

  it('names an unknown parameter', () => {
    const message = definitionProblems(withChange((definition) => ((definition.screen as Record<string, unknown>).colour = 'red')));
    expect(message).toContain('experiments/broken.ts: screen:');
    expect(message).toContain('colour');
  });

  it('rejects a pre-filled amount outside the limits, naming the arm', () => {
    const message = definitionProblems(
      withChange((definition) => ((definition.arms as { params: { amountInput: unknown } }[])[2]!.params.amountInput = { mode: 'prefilled', value: 90000 })),
    );
    expect(message).toContain('arms[2].params.amountInput.value: pre-filled amount 90000 is outside');
  });

  it('rejects a rate above the Dutch maximum credit rate', () => {
    expect(definitionProblems(withChange((definition) => ((definition.screen as Record<string, unknown>).annualPercentageRate = 0.2)))).toContain(
      'screen.annualPercentageRate',
    );
  });

  it('rejects duplicate arm keys and a missing primary outcome', () => {
    const message = definitionProblems(
      withChange((definition) => {
        (definition.arms as { key: string }[])[1]!.key = 'control';
        (definition.outcomes as { primary?: boolean }[])[0]!.primary = false;
      }),
    );
    expect(message).toContain('arms[1].key: duplicate arm key "control"');
    expect(message).toContain('outcomes: at least one outcome must be primary, found 0');
  });

  it('accepts several primary outcomes, and checks declared comparisons and binary margins', () => {
    expect(() => validateExperiments(withChange((definition) => ((definition.outcomes as { primary?: boolean }[])[3]!.primary = true)))).not.toThrow();
    const message = definitionProblems(
      withChange((definition) => {
        const outcomes = definition.outcomes as { comparisons?: { arm: string; against: string }[]; smallestEffectOfInterest?: number }[];
        outcomes[2]!.comparisons = [{ arm: 'high-anchor', against: 'nowhere' }, { arm: 'control', against: 'control' }];
        outcomes[1]!.smallestEffectOfInterest = 5;
      }),
    );
    expect(message).toContain('outcomes[2].comparisons[0].against: "nowhere" is not an arm key (control, low-anchor, high-anchor)');
    expect(message).toContain('outcomes[2].comparisons[1]: compares an arm with itself');
    expect(message).toContain('outcomes[1].smallestEffectOfInterest: for a binary outcome it is a proportion below 1');
  });

  it('rejects a key used by two files', () => {
    expect(() =>
      validateExperiments([
        { file: 'experiments/a.ts', definition: loanAnchor },
        { file: 'experiments/b.ts', definition: loanAnchor },
      ]),
    ).toThrow('experiments/b.ts: key: "loan-anchor" is already used by experiments/a.ts');
  });

  it('gives equal definitions the same hash and a changed one another', () => {
    const [first] = [...validateExperiments(experimentRegistry).values()];
    const changed = validateExperiments(withChange((definition) => (definition.title = 'Another title'))).get('loan-anchor');
    expect(validateExperiments(experimentRegistry).get('loan-anchor')?.definitionHash).toBe(first?.definitionHash);
    expect(changed?.definitionHash).not.toBe(first?.definitionHash);
  });
});

describe('deriveOutcomes', () => {
  const definition = validateExperiments(experimentRegistry).get('loan-anchor')!.definition;
  const arm = (key: string) => definition.arms.find((candidate) => candidate.key === key)!;

  it('derives each declared outcome from a decision', () => {
    expect(deriveOutcomes(definition, arm('low-anchor'), { values: { amount: 2500, term: 60 }, timeToDecisionMs: 8000, changesByField: { amount: 0 } })).toEqual({
      amount: 2500,
      above_highest_quote: 0,
      kept_prefill: 1,
      term: 60,
      time_to_decide: 8,
      amount_changes: 0,
    });
    expect(deriveOutcomes(definition, arm('high-anchor'), { values: { amount: 20000, term: 84 }, timeToDecisionMs: null, changesByField: null })).toMatchObject({ above_highest_quote: 1, kept_prefill: 0, time_to_decide: null, amount_changes: null });
  });

  it('takes time to decide from the browser only: a server timing (no JavaScript) leaves it missing', () => {
    const decision = { values: { amount: 7000, term: 60 }, timeToDecisionMs: 12, changesByField: null };
    expect(deriveOutcomes(definition, arm('control'), { ...decision, timingSource: 'server' }).time_to_decide).toBeNull();
    expect(deriveOutcomes(definition, arm('control'), { ...decision, timingSource: 'client' }).time_to_decide).toBe(0.012);
  });

  it('leaves "kept the pre-fill" missing in the arm without one, and 9,000 itself is not above the quote', () => {
    expect(deriveOutcomes(definition, arm('control'), { values: { amount: 9000, term: 36 }, timeToDecisionMs: 1000, changesByField: { amount: 3 } })).toMatchObject({ kept_prefill: null, above_highest_quote: 0, amount_changes: 3 });
  });
});

describe('outcomes from lender events', () => {
  const withEventOutcomes = validateExperiments([
    {
      file: 'experiments/lender-trial.ts',
      definition: {
        ...structuredClone(loanAnchor),
        outcomes: [
          ...loanAnchor.outcomes,
          { key: 'loan_accepted', label: 'Loan accepted', type: 'binary', derive: { from: 'event', name: 'loan_accepted' } },
          { key: 'arrears_count', label: 'Arrears notices', type: 'continuous', derive: { from: 'event', name: 'arrears', aggregate: 'count' } },
          { key: 'applied', label: 'Applied', type: 'binary', derive: { from: 'event', name: 'application_submitted', aggregate: 'any' } },
          { key: 'paid_total', label: 'Paid', type: 'continuous', derive: { from: 'event', name: 'payment', aggregate: 'sum' } },
        ],
      },
    },
  ]).get('loan-anchor')!.definition;
  const arm = withEventOutcomes.arms[0]!;

  it('aggregates a unit’s events as declared: last value, count, any, sum', () => {
    const outcomes = deriveOutcomes(withEventOutcomes, arm, {
      values: {},
      timeToDecisionMs: null,
      changesByField: null,
      events: [
        { name: 'loan_accepted', value: false },
        { name: 'arrears', value: null },
        { name: 'payment', value: 150.5 },
        { name: 'loan_accepted', value: true },
        { name: 'arrears', value: null },
        { name: 'payment', value: 150.5 },
      ],
    });
    expect(outcomes).toMatchObject({ loan_accepted: 1, arrears_count: 2, applied: 0, paid_total: 301, amount: null });
  });

  it('leaves "last" missing, and counts zero, for a unit without such events', () => {
    expect(deriveOutcomes(withEventOutcomes, arm, { values: {}, timeToDecisionMs: null, changesByField: null })).toMatchObject({
      loan_accepted: null,
      arrears_count: 0,
      applied: 0,
      paid_total: 0,
    });
  });
});
