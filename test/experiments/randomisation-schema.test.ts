import { describe, expect, it } from 'vitest';
import { loanAnchor } from '../../experiments/loan-anchor';
import { validateExperiments } from '../../experiments/validate-experiments';

const validated = (randomisation: unknown, arms?: unknown) => () =>
  validateExperiments([{ file: 'experiments/lab.ts', definition: { ...loanAnchor, randomisation, ...(arms ? { arms } : {}) } }]).get('loan-anchor')!.definition.randomisation;
const stratum = (name: string, levels: string[]) => ({ method: 'permuted-blocks', blockSize: 6, stratum: { from: 'entry-parameter', name, levels } });

describe('the randomisation of an experiment definition', () => {
  it('is hashing unless declared', () => {
    expect(validateExperiments([{ file: 'experiments/loan-anchor.ts', definition: loanAnchor }]).get('loan-anchor')!.definition.randomisation).toEqual({ method: 'hash' });
  });

  it('accepts permuted blocks, with or without strata from the entry link', () => {
    expect(validated({ method: 'permuted-blocks', blockSize: 9 })()).toEqual({ method: 'permuted-blocks', blockSize: 9 });
    expect(validated(stratum('group', ['low', 'high']))()).toMatchObject({ stratum: { name: 'group', levels: ['low', 'high'] } });
  });

  it('refuses a block size that is not a multiple of the weights, naming the field', () => {
    expect(validated({ method: 'permuted-blocks', blockSize: 8 })).toThrow(/randomisation\.blockSize: with permuted blocks, .*block size \(8\) a multiple of their sum \(3\)/);
    const halves = loanAnchor.arms.map((arm) => ({ ...arm, weight: 0.5 }));
    expect(validated({ method: 'permuted-blocks', blockSize: 6 }, halves)).toThrow(/arm weights must be whole numbers/);
  });

  it('refuses a stratum parameter that the entry link already uses, and repeated levels', () => {
    expect(validated(stratum('pid', ['a', 'b']))).toThrow(/randomisation\.stratum\.name: "pid" is already a parameter of the entry link/);
    expect(validated(stratum('lang', ['a', 'b']))).toThrow(/"lang" is already a parameter/);
    expect(validated(stratum('group', ['a', 'b', 'a']))).toThrow(/randomisation\.stratum\.levels\[2\]: duplicate stratum level "a"/);
  });
});

describe('a stratum taken from a before-screen answer', () => {
  const question = (overrides: Record<string, unknown> = {}) => ({
    kind: 'single-choice',
    key: 'current_loan',
    role: 'other',
    timing: 'before-screen',
    text: { nl: 'Heeft u een lening?', en: 'Do you have a loan?' },
    options: [{ value: 'yes', label: { nl: 'Ja', en: 'Yes' } }, { value: 'no', label: { nl: 'Nee', en: 'No' } }],
    ...overrides,
  });
  const withQuestions = (key: string, questions: unknown[]) => () =>
    validateExperiments([
      { file: 'experiments/lab.ts', definition: { ...loanAnchor, randomisation: { method: 'permuted-blocks', blockSize: 6, stratum: { from: 'question', key } }, questionnaire: [...questions, ...loanAnchor.questionnaire] } },
    ]).get('loan-anchor')!.definition.randomisation;

  it('accepts a before-screen single-choice question', () => {
    expect(withQuestions('current_loan', [question()])()).toEqual({ method: 'permuted-blocks', blockSize: 6, stratum: { from: 'question', key: 'current_loan' } });
  });

  it('refuses an unknown key, naming the before-screen single-choice questions there are', () => {
    expect(withQuestions('current_debt', [question()])).toThrow(/randomisation\.stratum\.key: "current_debt" is not a question of the questionnaire \(before-screen single-choice questions: current_loan\)/);
    expect(withQuestions('current_debt', [])).toThrow(/"current_debt" is not a question of the questionnaire; declare a before-screen single-choice question with that key/);
  });

  it('refuses a question asked after the screen', () => {
    expect(withQuestions('current_loan', [question({ timing: 'after-screen' })])).toThrow(/randomisation\.stratum\.key: the question "current_loan" is asked after-screen; .*timing 'before-screen'/);
    expect(withQuestions('recall_prefill', [])).toThrow(/the question "recall_prefill" is asked after-screen/);
  });

  it('refuses a question without a closed set of answers', () => {
    const scale = { kind: 'scale7', key: 'current_loan', role: 'attitude', timing: 'before-screen', text: { nl: 'x', en: 'x' }, lowLabel: { nl: 'a', en: 'a' }, highLabel: { nl: 'b', en: 'b' } };
    expect(withQuestions('current_loan', [scale])).toThrow(/the question "current_loan" is a scale7 question; a stratum needs a closed set of answers, so use a single-choice question/);
    const amount = { kind: 'number', key: 'current_loan', role: 'other', timing: 'before-screen', text: { nl: 'x', en: 'x' }, min: 0, max: 10 };
    expect(withQuestions('current_loan', [amount])).toThrow(/is a number question/);
  });

  it('refuses a question source under hashing (there is no stratum there) and extra fields on the source', () => {
    expect(() =>
      validateExperiments([{ file: 'experiments/lab.ts', definition: { ...loanAnchor, randomisation: { method: 'hash', stratum: { from: 'question', key: 'current_loan' } } } }]),
    ).toThrow(/randomisation/);
    expect(() =>
      validateExperiments([
        { file: 'experiments/lab.ts', definition: { ...loanAnchor, randomisation: { method: 'permuted-blocks', blockSize: 6, stratum: { from: 'question', key: 'current_loan', levels: ['yes'] } }, questionnaire: [question()] } },
      ]),
    ).toThrow(/randomisation\.stratum/);
  });
});
