/** A way to reach the researcher as a page shows it: the text, and a link when it is an e-mail or web address. */
export interface ContactLink {
  text: string;
  href: string | null;
}

/**
 * The researcher's contact as a page links it: an e-mail address becomes a
 * `mailto:` link, an http(s) address a link to itself, anything else (a
 * phone number, a postal address) plain text.
 *
 * @example
 * contactLink('a.devries@example.nl'); // => { text: 'a.devries@example.nl', href: 'mailto:a.devries@example.nl' }
 * contactLink('https://example.nl/study'); // => { text: 'https://example.nl/study', href: 'https://example.nl/study' }
 * contactLink(undefined); // => null
 */
export function contactLink(contact: string | undefined): ContactLink | null {
  if (!contact) return null;
  if (/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(contact)) return { text: contact, href: `mailto:${contact}` };
  if (/^https?:\/\/[^\s<>"]+$/.test(contact)) return { text: contact, href: contact };
  return { text: contact, href: null };
}
