import type { ExperimentDefinition } from '../../experiments/definition-schema';
import type { Locale } from '../i18n/locale';
import type { Translate } from '../i18n/translator';
import { contactLink, type ContactLink } from './contact-link';

/** What the consent and debrief pages say about who runs the study. */
export interface StudyInformationLines {
  researcher: string | null;
  contactLabel: string;
  contact: ContactLink | null;
  ethics: string | null;
  dataUse: string;
}

/**
 * The lines about the study's researcher, contact, ethics approval and data
 * use, in the participant's language: the experiment's declared texts, or
 * the standard sentence where it declares none.
 *
 * @example
 * studyInformationLines(loanAnchor, 'en', translator('en')).dataUse; // => 'We store your answers under a pseudonym; …'
 */
export function studyInformationLines(definition: ExperimentDefinition, locale: Locale, t: Translate): StudyInformationLines {
  const information = definition.studyInformation;
  return {
    researcher: information.researcher ? t('study.researcher', { researcher: information.researcher }) : null,
    contactLabel: t('study.contact'),
    contact: contactLink(information.contact),
    ethics: information.ethicsReference ? t('study.ethics', { reference: information.ethicsReference }) : null,
    dataUse: information.dataUse?.[locale] ?? t('consent.dataUse'),
  };
}
