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

/** A before-screen question with two answers, the stratum of `labAnchorByAnswerFile`. */
export const currentLoanQuestion = {
  kind: 'single-choice',
  key: 'current_loan',
  role: 'other',
  timing: 'before-screen',
  text: { nl: 'Heeft u op dit moment een lening of doorlopend krediet?', en: 'Do you have a loan or revolving credit at the moment?' },
  options: [
    { value: 'yes', label: { nl: 'Ja', en: 'Yes' } },
    { value: 'no', label: { nl: 'Nee', en: 'No' } },
  ],
} as const;

/**
 * The same lab experiment stratified by a before-screen answer instead of the
 * link: consent enrols without an arm, and the arm is drawn from the block of
 * the participant's answer to `current_loan` (yes or no).
 */
export const labAnchorByAnswerFile: ExperimentFile = {
  file: 'test/helpers/block-experiment.ts',
  definition: {
    ...loanAnchor,
    key: 'lab-anchor-by-answer',
    title: 'Loan anchor in the lab (permuted blocks within the answer to a before-screen question)',
    randomisation: { method: 'permuted-blocks', blockSize: 6, stratum: { from: 'question', key: 'current_loan' } },
    questionnaire: [currentLoanQuestion, ...loanAnchor.questionnaire],
  },
};
