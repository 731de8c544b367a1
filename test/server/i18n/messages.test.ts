import { describe, expect, it } from 'vitest';
import { messagesEn } from '../../../server/i18n/messages-en';
import { messagesNl } from '../../../server/i18n/messages-nl';
import { translator } from '../../../server/i18n/translator';

const placeholdersOf = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('participant texts', () => {
  it('exist in both languages, non-empty, with the same keys', () => {
    expect(Object.keys(messagesEn).sort()).toEqual(Object.keys(messagesNl).sort());
    for (const catalogue of [messagesNl, messagesEn]) for (const text of Object.values(catalogue)) expect(text.trim()).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(messagesNl) as (keyof typeof messagesNl)[]) {
      expect(placeholdersOf(messagesEn[key]), key).toEqual(placeholdersOf(messagesNl[key]));
    }
  });

  it('carry the legally required warning in each language', () => {
    expect(translator('nl')('warning.text')).toBe('Let op! Geld lenen kost geld');
    expect(translator('en')('warning.text')).toBe('Caution! Borrowing money costs money');
  });

  it('fill placeholders and leave unknown ones visible', () => {
    expect(translator('en')('screen.term.option', { months: 60 })).toBe('60 months');
    expect(translator('nl')('screen.term.option')).toBe('{months} maanden');
  });
});
