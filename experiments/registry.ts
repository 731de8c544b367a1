import type { ExperimentFile } from './validate-experiments';
import { loanAnchor } from './loan-anchor';

/**
 * Every experiment the platform serves, in the order shown to researchers.
 * To add one: write its file beside this one and list it here.
 */
export const experimentRegistry: readonly ExperimentFile[] = [{ file: 'experiments/loan-anchor.ts', definition: loanAnchor }];
