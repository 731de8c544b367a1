import { describe, expect, it } from 'vitest';
import { CsvRowScanner } from '../../../server/cli/csv-row-scanner';

/** Every record as [line, ...fields], fed to the scanner in chunks of `chunkSize` bytes. */
function records(text: string, chunkSize = Number.POSITIVE_INFINITY, delimiter = ','): (string | number)[][] {
  const rows: (string | number)[][] = [];
  const scanner = new CsvRowScanner(delimiter.charCodeAt(0), (row) => rows.push([row.line, ...Array.from({ length: row.fieldCount }, (_, field) => row.text(field))]));
  const bytes = Buffer.from(text, 'utf8');
  // One reused buffer, as a file reader does: the scanner must copy what it keeps.
  const chunk = Buffer.alloc(Math.min(bytes.length, chunkSize));
  for (let offset = 0; offset < bytes.length; offset += chunk.length) {
    const length = bytes.copy(chunk, 0, offset, Math.min(bytes.length, offset + chunk.length));
    scanner.push(chunk.subarray(0, length));
  }
  scanner.end();
  return rows;
}

const tricky = 'arm,note,amount\r\n"a","say ""hi"", then go",1\n\n b , "two\nlines" ,2\r\n"c;d",,3\n"é",x,4';

describe('CsvRowScanner', () => {
  it('reads quoted delimiters, doubled quotes, line breaks in quotes, CRLF, blanks and empty lines', () => {
    expect(records(tricky)).toEqual([
      [1, 'arm', 'note', 'amount'],
      [2, 'a', 'say "hi", then go', '1'],
      [4, 'b', 'two\nlines', '2'],
      [6, 'c;d', '', '3'],
      [7, 'é', 'x', '4'],
    ]);
  });

  it('gives the same records whatever the chunk size, so records split over reads are whole', () => {
    const whole = records(tricky);
    for (let size = 1; size <= tricky.length; size++) expect(records(tricky, size), `chunks of ${size}`).toEqual(whole);
  });

  it('splits on the delimiter it is given', () => {
    expect(records('arm;amount\na;1,5\n', Number.POSITIVE_INFINITY, ';')).toEqual([
      [1, 'arm', 'amount'],
      [2, 'a', '1,5'],
    ]);
  });

  it('keeps an empty last field and a quoted empty field', () => {
    expect(records('a,b\n1,\n"",2\n')).toEqual([
      [1, 'a', 'b'],
      [2, '1', ''],
      [3, '', '2'],
    ]);
  });

  it.each([
    ['an unclosed quote', 'a,b\n1,"open\n', /malformed CSV: a quoted field opened on line 2 is never closed/],
    ['text after a closing quote', 'a,b\n1,"x"y\n', /malformed CSV: text after a closing quote on line 2/],
    ['a quote inside an unquoted field', 'a,b\n1,x"y"\n', /malformed CSV: a quote inside an unquoted field on line 2/],
  ])('refuses %s, naming the line', (_label, text, message) => {
    expect(() => records(text)).toThrow(message);
    expect(() => records(text, 3)).toThrow(message);
  });
});
