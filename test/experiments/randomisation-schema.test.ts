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
