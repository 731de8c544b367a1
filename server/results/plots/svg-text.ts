/** Text made safe for SVG/XML content and attributes. @example escapeXml('<a & "b">'); // => '&lt;a &amp; &quot;b&quot;&gt;' */
export const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** A number rounded for an SVG coordinate. */
export const coordinate = (value: number): string => (Math.round(value * 10) / 10).toString();
