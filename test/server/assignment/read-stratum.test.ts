import { describe, expect, it } from 'vitest';
import { readStratum, stratumParameter } from '../../../server/assignment/read-stratum';

const stratified = { method: 'permuted-blocks' as const, blockSize: 6, stratum: { from: 'entry-parameter' as const, name: 'group', levels: ['low', 'high'] } };

describe('readStratum', () => {
  it('needs nothing for hashing or unstratified blocks, and ignores a value', () => {
    expect(readStratum({ method: 'hash' }, 'low')).toEqual({ ok: true, stratum: null });
    expect(readStratum({ method: 'permuted-blocks', blockSize: 4 }, undefined)).toEqual({ ok: true, stratum: null });
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
});

describe('stratumParameter', () => {
  it('is the declared parameter name for stratified blocks, else undefined', () => {
    expect(stratumParameter(stratified)).toBe('group');
    expect(stratumParameter({ method: 'permuted-blocks', blockSize: 4 })).toBeUndefined();
    expect(stratumParameter({ method: 'hash' })).toBeUndefined();
  });
});
