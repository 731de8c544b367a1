import { z } from 'zod';
import { localizedTextSchema } from '../templates/shared-parameters';

/**
 * What the consent and debrief pages tell a participant about the study
 * beyond the standard text: who runs it, how to reach them, the ethics
 * approval, and what happens to the data. Every field is optional; the pages
 * fall back to sensible standard wording in both languages.
 *
 * @example
 * studyInformationSchema.parse({ researcher: 'Dr. A. de Vries, Universiteit Utrecht', contact: 'a.devries@example.nl', ethicsReference: 'FETC 24-123' });
 */
export const studyInformationSchema = z
  .object({
    researcher: z.string().min(1).max(200).optional().describe('Who runs the study, e.g. "Dr. A. de Vries, Universiteit Utrecht".'),
    contact: z
      .string()
      .min(3)
      .max(200)
      .optional()
      .describe('How a participant reaches the researcher: an e-mail address or a web address. Shown on consent, debrief and the "link not valid" page.'),
    ethicsReference: z.string().min(1).max(100).optional().describe('The ethics committee’s approval reference, e.g. "FETC 24-123".'),
    dataUse: localizedTextSchema.optional().describe('What is done with the data, replacing the standard sentence (pseudonymous storage, no name, e-mail or IP address).'),
    consentIntro: localizedTextSchema.optional().describe('What the study asks of the participant, replacing the standard first paragraph of the consent page.'),
    debriefBody: localizedTextSchema.optional().describe('What the study was about, replacing the standard paragraph of the debrief page.'),
  })
  .strict()
  .default({})
  .describe('Researcher, contact, ethics reference and data use for the consent and debrief pages. Default: the standard texts.');

export type StudyInformation = z.output<typeof studyInformationSchema>;
