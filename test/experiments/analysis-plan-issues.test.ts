import { describe, expect, it } from 'vitest';
import { creditChoice } from '../../experiments/credit-choice';
import { validateExperiments } from '../../experiments/validate-experiments';
import { definitionFileWith, definitionProblems } from '../helpers/definition-problems';

const withChange = (change: Parameters<typeof definitionFileWith>[1]) => definitionFileWith(creditChoice, change, 'experiments/plan.ts');

describe('the plan’s covariates, moderators and comparisons', () => {
  it('accepts before-screen questions and lender attributes', () => {
    const plan = [...validateExperiments(withChange((definition) => (definition.analysisPlan.covariates = ['age_band', 'income_band']))).values()][0]!.definition.analysisPlan;
    expect(plan.covariates).toEqual(['age_band', 'income_band']);
    expect(plan.moderators).toEqual([{ key: 'literacy_interest', confirmatory: false }]);
  });

  it('refuses an after-screen question as a covariate, saying why', () => {
    const message = definitionProblems(withChange((definition) => (definition.analysisPlan.covariates = ['attention_check'])));
    expect(message).toContain('analysisPlan.covariates[0]: "attention_check" is asked after the screen, so the arm can move it');
    expect(message).toContain("timing: 'before-screen'");
  });

  it('refuses an after-screen question or an unknown key as a moderator', () => {
    expect(definitionProblems(withChange((definition) => (definition.analysisPlan.moderators = [{ key: 'recall_preselection' }])))).toContain('"recall_preselection" is asked after the screen');
    expect(definitionProblems(withChange((definition) => (definition.analysisPlan.moderators = [{ key: 'shoe_size' }])))).toContain('"shoe_size" is neither a before-screen question nor a lender attribute (age_band, literacy_interest, income_band)');
  });

  it('refuses a covariate or moderator named twice', () => {
    expect(definitionProblems(withChange((definition) => (definition.analysisPlan.covariates = ['age_band', 'age_band'])))).toContain('covariate "age_band" is named twice');
    expect(definitionProblems(withChange((definition) => (definition.analysisPlan.moderators = [{ key: 'age_band' }, { key: 'age_band' }])))).toContain('moderator "age_band" is named twice');
  });

  it('checks arm-versus-arm comparisons: existing arms, two different ones, once', () => {
    expect(definitionProblems(withChange((definition) => (definition.analysisPlan.comparisons = [{ arm: 'fixed-shown', against: 'neutral' }])))).toContain('analysisPlan.comparisons[0].against: "neutral" is not an arm key');
    expect(definitionProblems(withChange((definition) => (definition.analysisPlan.comparisons = [{ arm: 'none-shown', against: 'none-shown' }])))).toContain('compares an arm with itself');
    const pair = { arm: 'fixed-shown', against: 'none-shown' };
    expect(definitionProblems(withChange((definition) => (definition.analysisPlan.comparisons = [pair, pair])))).toContain('fixed-shown against none-shown is declared twice');
  });

  it('keeps before-screen questions pre-treatment: no answer per arm', () => {
    const message = definitionProblems(withChange((definition) => (definition.questionnaire[0].correctByArm = { 'fixed-shown': '18-24' })));
    expect(message).toContain('questionnaire[0].correctByArm: a before-screen question is asked before the participant sees their arm');
  });

  it('refuses a lender attribute that shares a question’s key or repeats a level', () => {
    expect(definitionProblems(withChange((definition) => definition.lenderAttributes.push({ key: 'age_band', label: 'Age', levels: ['young', 'old'] })))).toContain('"age_band" is also a question key');
    expect(definitionProblems(withChange((definition) => (definition.lenderAttributes[0].levels = ['low', 'low'])))).toContain('duplicate level "low"');
  });
});
