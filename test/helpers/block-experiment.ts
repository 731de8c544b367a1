import { loanAnchor } from '../../experiments/loan-anchor';
import type { ExperimentFile } from '../../experiments/validate-experiments';

/**
 * A test experiment randomised in permuted blocks of 6 within two strata from
 * the entry link (`&stratum=low|high`): the loan-anchor screen under another
 * key, until a flagship uses permuted blocks.
 */
export const labAnchorFile: ExperimentFile = {
  file: 'test/helpers/block-experiment.ts',
  definition: {
    ...loanAnchor,
    key: 'lab-anchor',
    title: 'Loan anchor in the lab (permuted blocks)',
    randomisation: { method: 'permuted-blocks', blockSize: 6, stratum: { from: 'entry-parameter', name: 'stratum', levels: ['low', 'high'] } },
  },
};
