/**
 * The languages participant screens are shown in: Dutch first, English on request.
 *
 * @example
 * const locale: Locale = request.query.lang === 'en' ? 'en' : 'nl';
 */
export type Locale = 'nl' | 'en';
