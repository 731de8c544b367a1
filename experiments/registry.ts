import { creditChoice } from './credit-choice';
import { defaultTerm } from './default-term';
import { loanAnchor } from './loan-anchor';
import { minimumRepayment } from './minimum-repayment';
import type { ExperimentFile } from './validate-experiments';

/**
 * Every experiment the platform serves, in the order shown to researchers.
 * To add one: write its file beside this one and list it here.
 */
export const experimentRegistry: readonly ExperimentFile[] = [
  { file: 'experiments/loan-anchor.ts', definition: loanAnchor },
  { file: 'experiments/credit-choice.ts', definition: creditChoice },
  { file: 'experiments/minimum-repayment.ts', definition: minimumRepayment },
  { file: 'experiments/default-term.ts', definition: defaultTerm },
];
