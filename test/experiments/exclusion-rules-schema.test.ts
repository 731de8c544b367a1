import { describe, expect, it } from 'vitest';
import { loanAnchor } from '../../experiments/loan-anchor';
import { experimentRegistry } from '../../experiments/registry';
import { validateExperiments } from '../../experiments/validate-experiments';

const withPlan = (change: (definition: Record<string, any>) => void) => {
  const definition = structuredClone(loanAnchor) as unknown as Record<string, any>;
  change(definition);
  return [{ file: 'experiments/broken.ts', definition }];
};
const problemsOf = (files: ReturnType<typeof withPlan>) => {
  try {
    validateExperiments(files);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected validation to fail');
};

describe('the analysis plan’s exclusion rules', () => {
  it('are declared by both flagships (attention check, completion) and default to none', () => {
    const experiments = validateExperiments(experimentRegistry);
    for (const key of ['loan-anchor', 'credit-choice']) {
      expect(experiments.get(key)!.definition.analysisPlan.exclusions).toEqual([{ rule: 'failed-attention-check' }, { rule: 'did-not-complete' }]);
    }
    const [file] = withPlan((definition) => delete definition.analysisPlan.exclusions);
    expect(validateExperiments([file!]).get('loan-anchor')!.definition.analysisPlan.exclusions).toEqual([]);
  });

  it('accepts decided-faster-than with seconds, and rejects it without', () => {
    const [file] = withPlan((definition) => (definition.analysisPlan.exclusions = [{ rule: 'decided-faster-than', seconds: 3 }]));
    expect(validateExperiments([file!]).get('loan-anchor')!.definition.analysisPlan.exclusions).toEqual([{ rule: 'decided-faster-than', seconds: 3 }]);
    expect(problemsOf(withPlan((definition) => (definition.analysisPlan.exclusions = [{ rule: 'decided-faster-than' }])))).toContain('analysisPlan.exclusions[0].seconds');
  });

  it('rejects an unknown rule, a rule declared twice, and an attention-check rule without an attention check', () => {
    expect(problemsOf(withPlan((definition) => (definition.analysisPlan.exclusions = [{ rule: 'looked-bored' }])))).toContain('analysisPlan.exclusions[0]');
    expect(problemsOf(withPlan((definition) => (definition.analysisPlan.exclusions = [{ rule: 'did-not-complete' }, { rule: 'did-not-complete' }])))).toContain('declared once');
    const message = problemsOf(withPlan((definition) => (definition.questionnaire = definition.questionnaire.filter((question: { role: string }) => question.role !== 'attention-check'))));
    expect(message).toContain('failed-attention-check needs a questionnaire question with role "attention-check"');
  });
});
