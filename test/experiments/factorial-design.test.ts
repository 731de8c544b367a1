import { describe, expect, it } from 'vitest';
import { creditChoice } from '../../experiments/credit-choice';
import { cellExpectedDirection } from '../../experiments/factorial/cell-expected-direction';
import { factorialCells } from '../../experiments/factorial/factorial-cells';
import { loanAnchor } from '../../experiments/loan-anchor';
import { scoreAnswer } from '../../experiments/score-answer';
import { validateExperiments } from '../../experiments/validate-experiments';
import { definitionFileWith, definitionProblems, type DefinitionFiles, type EditableDefinition } from '../helpers/definition-problems';

const file = 'experiments/factorial.ts';
const factorialWith = (change: (definition: EditableDefinition) => void = () => {}) => definitionFileWith(creditChoice, change, file);
const anchorWith = (change: (definition: EditableDefinition) => void) => definitionFileWith(loanAnchor, change, file);
const definitionOf = (files: DefinitionFiles) => [...validateExperiments(files).values()][0]!.definition;

describe('factorialCells', () => {
  const factors = [
    { key: 'a', levels: [{ key: 'a0', params: { x: 0 } }, { key: 'a1', params: { x: 1 } }, { key: 'a2', params: { x: 2 } }] },
    { key: 'b', levels: [{ key: 'b0', params: { y: false } }, { key: 'b1', params: { y: true } }] },
  ];

  it('is the cross product, all-reference cell first, the last factor varying fastest', () => {
    const cells = factorialCells(factors, { z: 'common' });
    expect(cells.map((cell) => cell.key)).toEqual(['a0-b0', 'a0-b1', 'a1-b0', 'a1-b1', 'a2-b0', 'a2-b1']);
    expect(cells[3]).toEqual({ key: 'a1-b1', label: 'a=a1, b=b1', factorLevels: { a: 'a1', b: 'b1' }, params: { z: 'common', x: 1, y: true } });
  });

  it('lets a level override a common param, and gives no cells without factors', () => {
    expect(factorialCells([factors[0]!], { x: 9, z: 1 })[0]!.params).toEqual({ x: 0, z: 1 });
    expect(factorialCells([], { x: 1 })).toEqual([]);
  });
});

describe('cellExpectedDirection', () => {
  const byFactor = { default: { none: 'lower', fixed: 'lower' }, disclosure: { shown: 'lower' }, order: { late: 'higher' } } as const;
  const reference = { default: 'revolving', disclosure: 'hidden', order: 'early' };

  it('is the common direction of the non-reference levels', () => {
    expect(cellExpectedDirection(byFactor, { default: 'fixed', disclosure: 'shown', order: 'early' }, reference)).toBe('lower');
    expect(cellExpectedDirection(byFactor, { default: 'revolving', disclosure: 'shown', order: 'early' }, reference)).toBe('lower');
  });

  it('is undefined for the control, for levels without a direction, and when they disagree', () => {
    expect(cellExpectedDirection(byFactor, reference, reference)).toBeUndefined();
    expect(cellExpectedDirection({ default: { fixed: 'lower' } }, { default: 'none', disclosure: 'hidden', order: 'early' }, reference)).toBeUndefined();
    expect(cellExpectedDirection(byFactor, { default: 'fixed', disclosure: 'hidden', order: 'late' }, reference)).toBeUndefined();
  });
});

describe('a factorial experiment file', () => {
  it('becomes arms with factor levels, equal weights and merged, template-validated params', () => {
    const definition = definitionOf(factorialWith());
    expect(definition.arms).toHaveLength(6);
    expect(definition.arms.every((arm) => arm.weight === 1)).toBe(true);
    expect(definition.arms[0]).toMatchObject({ key: 'revolving-hidden', label: 'default=revolving, disclosure=hidden', factorLevels: { default: 'revolving', disclosure: 'hidden' } });
    expect(definition.arms[5]!.params).toEqual({ productOrder: 'randomised', preselected: 'fixed', showTotalCostAndPayoff: true, wording: {} });
    expect(definition.factors.map((factor) => factor.key)).toEqual(['default', 'disclosure']);
  });

  it('derives each cell’s expected direction from the per-level declaration; a per-cell one wins', () => {
    const derived = definitionOf(factorialWith()).outcomes.find((outcome) => outcome.key === 'chose_revolving')!.expectedDirection;
    expect(derived).toEqual({ 'revolving-shown': 'lower', 'none-hidden': 'lower', 'none-shown': 'lower', 'fixed-hidden': 'lower', 'fixed-shown': 'lower' });
    const overridden = definitionOf(factorialWith((definition) => (definition.outcomes[0].expectedDirection = { 'none-hidden': 'higher' })));
    expect(overridden.outcomes[0]!.expectedDirection!['none-hidden']).toBe('higher');
    expect(overridden.outcomes[0]!.expectedDirection!['fixed-shown']).toBe('lower');
  });

  it('scores a manipulation check per factor level in every cell', () => {
    const definition = definitionOf(factorialWith());
    const recall = definition.questionnaire.find((question) => question.key === 'recall_preselection')!;
    const disclosure = definition.questionnaire.find((question) => question.key === 'recall_disclosure')!;
    expect(scoreAnswer(recall, 'none', 'none-shown')).toBe(true);
    expect(scoreAnswer(recall, 'revolving', 'none-shown')).toBe(false);
    expect(scoreAnswer(disclosure, 'yes', 'none-shown')).toBe(true);
    expect(scoreAnswer(disclosure, 'yes', 'fixed-hidden')).toBe(false);
  });

  it('names the cell’s params that the template refuses', () => {
    const message = definitionProblems(factorialWith((definition) => (definition.factors[0].levels[2].params.preselected = 'mortgage')));
    expect(message).toContain('arms[4].params.preselected (the cell default=fixed, disclosure=hidden): "mortgage" is not a product key');
  });

  it('refuses duplicate factors and levels, and two factors setting one param', () => {
    expect(definitionProblems(factorialWith((definition) => definition.factors[1].levels.push({ key: 'hidden', label: 'Again', params: {} })))).toContain('duplicate level "hidden" of factor "disclosure"');
    expect(definitionProblems(factorialWith((definition) => (definition.factors[1].key = 'default')))).toContain('duplicate factor "default"');
    expect(definitionProblems(factorialWith((definition) => (definition.factors[1].levels[1].params.preselected = 'fixed')))).toContain('factors "default" and "disclosure" both set the arm param "preselected"');
  });

  it('refuses arms written beside factors', () => {
    const message = definitionProblems(factorialWith((definition) => (definition.arms = structuredClone(loanAnchor.arms).map((arm) => ({ ...arm, params: { productOrder: 'randomised', preselected: null } })))));
    expect(message).toContain('with `factors`, leave `arms` out');
  });

  it('refuses unknown factors and levels in directions and manipulation checks, and a direction for a reference level', () => {
    expect(definitionProblems(factorialWith((definition) => (definition.outcomes[0].expectedDirectionByFactor = { colour: { red: 'lower' } })))).toContain('"colour" is not a factor (default, disclosure)');
    expect(definitionProblems(factorialWith((definition) => (definition.outcomes[0].expectedDirectionByFactor = { default: { mortgage: 'lower' } })))).toContain('"mortgage" is not a level of factor "default" (revolving, none, fixed)');
    expect(definitionProblems(factorialWith((definition) => (definition.outcomes[0].expectedDirectionByFactor = { default: { revolving: 'lower' } })))).toContain('"revolving" is the reference level of "default"');
    expect(definitionProblems(factorialWith((definition) => delete definition.questionnaire.find((question: EditableDefinition) => question.key === 'recall_preselection').correctByFactor.answers.none))).toContain('needs the correct answer for every level of "default"; missing: none');
    expect(definitionProblems(factorialWith((definition) => (definition.questionnaire.find((question: EditableDefinition) => question.key === 'recall_preselection').correctByFactor.factor = 'colour')))).toContain('"colour" is not a factor');
    expect(definitionProblems(factorialWith((definition) => (definition.questionnaire.find((question: EditableDefinition) => question.key === 'recall_preselection').correctByFactor.answers.none = 'maybe')))).toContain('correct answer "maybe" is not an option');
  });

  it('checks declared comparisons against the cells', () => {
    expect(definitionProblems(factorialWith((definition) => (definition.outcomes[1].comparisons = [{ arm: 'fixed-default', against: 'revolving-hidden' }])))).toContain('"fixed-default" is not an arm key');
    expect(definitionProblems(factorialWith((definition) => (definition.analysisPlan.comparisons = [{ arm: 'fixed-shown', against: 'fixed-shown' }])))).toContain('compares an arm with itself');
  });

  it('refuses per-level declarations without factors', () => {
    expect(definitionProblems(anchorWith((definition) => (definition.outcomes[0].expectedDirectionByFactor = { default: { fixed: 'lower' } })))).toContain('declares directions per factor level, but the experiment has no factors');
  });
});
