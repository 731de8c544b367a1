import { loanAnchor } from '../../experiments/loan-anchor';
import type { ExperimentFile } from '../../experiments/validate-experiments';

/**
 * The loan-anchor experiment as a Prolific study would declare it: its
 * panel's parameters, English by default with Dutch available and a
 * switch, a lender brand, the researcher's details and a return link.
 */
export const prolificStudy = {
  ...loanAnchor,
  key: 'prolific-study',
  languages: { available: ['nl', 'en'], default: 'en', switcher: true },
  panel: { idParameter: 'PROLIFIC_PID', recordParameters: ['STUDY_ID', 'SESSION_ID'], idPattern: '^[0-9a-f]{24}$' },
  lenderBrand: { name: 'Voorbeeldbank', logo: '/static/brands/voorbeeldbank.svg', colour: '#00685e' },
  studyInformation: {
    researcher: 'Dr. A. de Vries, Universiteit Utrecht',
    contact: 'a.devries@example.nl',
    ethicsReference: 'FETC 24-123',
    debriefBody: { nl: 'Dit onderzoek ging over vooraf ingevulde leenbedragen.', en: 'This study was about pre-filled loan amounts.' },
  },
  completion: { redirectUrlTemplate: 'https://app.prolific.example/submissions/complete?cc={code}' },
};

export const prolificStudyFile: ExperimentFile = { file: 'test/helpers/prolific-study.ts', definition: prolificStudy };

/** A Prolific id (24 hex digits) ending in `suffix`'s digits. */
export const prolificId = (suffix: number) => `5f0c${String(suffix).padStart(20, '0')}`;
