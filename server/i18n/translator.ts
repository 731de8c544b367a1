import type { Locale } from './locale';
import { messagesEn } from './messages-en';
import { messagesNl, type MessageKey } from './messages-nl';

export type Translate = (key: MessageKey, parameters?: Record<string, string | number>) => string;

const catalogues: Record<Locale, Record<MessageKey, string>> = { nl: messagesNl, en: messagesEn };

/**
 * A function that looks up a participant text in one language and fills its
 * `{placeholders}`.
 *
 * @example
 * translator('en')('screen.term.option', { months: 60 }); // => '60 months'
 */
export function translator(locale: Locale): Translate {
  const catalogue = catalogues[locale];
  return (key, parameters = {}) =>
    catalogue[key].replace(/\{(\w+)\}/g, (placeholder, name: string) => String(parameters[name] ?? placeholder));
}
