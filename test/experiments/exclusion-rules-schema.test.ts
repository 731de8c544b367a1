import { describe, expect, it } from 'vitest';
import { loanAnchor } from '../../experiments/loan-anchor';
import { experimentRegistry } from '../../experiments/registry';
import { validateExperiments } from '../../experiments/validate-experiments';
import { definitionFileWith, definitionProblems } from '../helpers/definition-problems';

const withPlan = (change: Parameters<typeof definitionFileWith>[1]) => definitionFileWith(loanAnchor, change);

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
    expect(definitionProblems(withPlan((definition) => (definition.analysisPlan.exclusions = [{ rule: 'decided-faster-than' }])))).toContain('analysisPlan.exclusions[0].seconds');
  });

  it('rejects an unknown rule, a rule declared twice, and an attention-check rule without an attention check', () => {
    expect(definitionProblems(withPlan((definition) => (definition.analysisPlan.exclusions = [{ rule: 'looked-bored' }])))).toContain('analysisPlan.exclusions[0]');
    expect(definitionProblems(withPlan((definition) => (definition.analysisPlan.exclusions = [{ rule: 'did-not-complete' }, { rule: 'did-not-complete' }])))).toContain('declared once');
    const message = definitionProblems(withPlan((definition) => (definition.questionnaire = definition.questionnaire.filter((question: { role: string }) => question.role !== 'attention-check'))));
    expect(message).toContain('failed-attention-check needs a questionnaire question with role "attention-check"');
  });
});
