import type { Languages } from '../../experiments/participant-pages/languages-schema';
import type { Locale } from '../i18n/locale';

/**
 * The language a participant takes part in: the link's `lang` when the
 * experiment offers it, else the experiment's default. The browser's
 * Accept-Language is deliberately not an input: the study language is the
 * experiment's choice, recorded with the participant, not something each
 * browser decides unseen.
 *
 * @example
 * participantLanguage({ available: ['nl', 'en'], default: 'nl', switcher: false }, 'en'); // => 'en'
 * participantLanguage({ available: ['nl', 'en'], default: 'nl', switcher: false }, 'fr'); // => 'nl'
 * participantLanguage({ available: ['nl'], default: 'nl', switcher: false }, 'en');       // => 'nl'
 */
export function participantLanguage(languages: Languages, requested: unknown): Locale {
  return languages.available.find((language) => language === requested) ?? languages.default;
}
