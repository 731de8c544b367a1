import { describe, expect, it } from 'vitest';
import { readStratum, stratumParameter } from '../../../server/assignment/read-stratum';
import { stratumLevels, stratumQuestionKey } from '../../../experiments/stratum-levels';
import { validateExperiments } from '../../../experiments/validate-experiments';
import { labAnchorByAnswerFile } from '../../helpers/block-experiment';

const stratified = { randomisation: { method: 'permuted-blocks' as const, blockSize: 6, stratum: { from: 'entry-parameter' as const, name: 'group', levels: ['low', 'high'] } } };
const byAnswer = validateExperiments([labAnchorByAnswerFile]).get('lab-anchor-by-answer')!.definition;

describe('readStratum', () => {
  it('needs nothing for hashing or unstratified blocks, and ignores a value', () => {
    expect(readStratum({ randomisation: { method: 'hash' } }, 'low')).toEqual({ ok: true, stratum: null });
    expect(readStratum({ randomisation: { method: 'permuted-blocks', blockSize: 4 } }, undefined)).toEqual({ ok: true, stratum: null });
  });

  it('accepts a declared level exactly', () => {
    expect(readStratum(stratified, 'high')).toEqual({ ok: true, stratum: 'high' });
  });

  it('names the parameter when the value is missing or empty', () => {
    for (const value of [undefined, null, '']) expect(readStratum(stratified, value)).toEqual({ ok: false, problem: 'missing', parameter: 'group', levels: ['low', 'high'] });
  });

  it('calls other values unknown: another label, another case, a repeated parameter', () => {
    for (const value of ['medium', 'LOW', ['low', 'high'], 3]) expect(readStratum(stratified, value)).toMatchObject({ ok: false, problem: 'unknown', parameter: 'group' });
  });

  it('takes the options of the stratum question as the levels of a design stratified by a before-screen answer, naming the question', () => {
    expect(readStratum(byAnswer, 'no')).toEqual({ ok: true, stratum: 'no' });
    expect(readStratum(byAnswer, undefined)).toEqual({ ok: false, problem: 'missing', parameter: 'current_loan', levels: ['yes', 'no'] });
    expect(readStratum(byAnswer, 'maybe')).toMatchObject({ ok: false, problem: 'unknown', parameter: 'current_loan' });
  });
});

describe('stratumParameter, stratumQuestionKey and stratumLevels', () => {
  it('is the declared parameter name for blocks stratified by the link, else undefined', () => {
    expect(stratumParameter(stratified.randomisation)).toBe('group');
    expect(stratumParameter(byAnswer.randomisation)).toBeUndefined();
    expect(stratumParameter({ method: 'permuted-blocks', blockSize: 4 })).toBeUndefined();
    expect(stratumParameter({ method: 'hash' })).toBeUndefined();
  });

  it('names the stratum question only for blocks stratified by a before-screen answer', () => {
    expect(stratumQuestionKey(byAnswer.randomisation)).toBe('current_loan');
    expect(stratumQuestionKey(stratified.randomisation)).toBeUndefined();
    expect(stratumQuestionKey({ method: 'hash' })).toBeUndefined();
  });

  it('lists the levels from the link’s declaration or the question’s options, and none without strata', () => {
    expect(stratumLevels(stratified)).toEqual(['low', 'high']);
    expect(stratumLevels(byAnswer)).toEqual(['yes', 'no']);
    expect(stratumLevels({ randomisation: { method: 'permuted-blocks', blockSize: 6 } })).toBeNull();
    expect(stratumLevels({ randomisation: { method: 'hash' } })).toBeNull();
  });
});
