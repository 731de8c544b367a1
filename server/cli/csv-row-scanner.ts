import { CommandInputError } from './command-input-error';

const quote = 0x22;
const lineFeed = 0x0a;
const carriageReturn = 0x0d;
const space = 0x20;
const tab = 0x09;

/** One record as the scanner hands it over: where each field's content lies in `bytes`. */
export interface CsvRow {
  bytes: Uint8Array;
  /** Content of field i is `bytes[starts[i], ends[i])`, without surrounding quotes and blanks. */
  starts: Int32Array;
  ends: Int32Array;
  /** 1 when field i was quoted and holds `""` pairs, which `text(i)` turns into `"`. */
  escapedQuotes: Uint8Array;
  fieldCount: number;
  /** The file's line on which the record starts (the header is line 1). */
  line: number;
  /** The field's content as text (UTF-8). */
  text(field: number): string;
}

const utf8 = new TextDecoder();

/**
 * Splits CSV bytes into records in one pass, fed chunk by chunk (RFC 4180:
 * quoted fields may hold the delimiter, line breaks and doubled quotes; `\n`,
 * `\r\n` or `\r` end a record; blanks around fields are dropped; empty lines
 * are skipped). It makes no string per field: `onRow` gets byte offsets, and
 * a record split over two chunks is kept until it is complete.
 *
 * @example
 * const scanner = new CsvRowScanner(0x2c, (row) => console.log(row.text(1)));
 * scanner.push(Buffer.from('a,"b ""c"""\n')); scanner.end(); // prints b "c"
 * @throws CommandInputError "malformed CSV: …" for a stray or unclosed quote.
 */
export class CsvRowScanner {
  private pending: Uint8Array = new Uint8Array(0);
  private line = 1;
  private readonly row: CsvRow;

  constructor(
    private readonly delimiter: number,
    private readonly onRow: (row: CsvRow) => void,
  ) {
    const row: CsvRow = {
      bytes: this.pending,
      starts: new Int32Array(64),
      ends: new Int32Array(64),
      escapedQuotes: new Uint8Array(64),
      fieldCount: 0,
      line: 1,
      text(field) {
        const content = utf8.decode(row.bytes.subarray(row.starts[field]!, row.ends[field]!));
        return row.escapedQuotes[field] ? content.replaceAll('""', '"') : content;
      },
    };
    this.row = row;
  }

  /** Scans the complete records in `chunk` (and what was left of the previous one). */
  push(chunk: Uint8Array): void {
    let bytes: Uint8Array;
    if (this.pending.length === 0) bytes = chunk;
    else {
      bytes = new Uint8Array(this.pending.length + chunk.length);
      bytes.set(this.pending);
      bytes.set(chunk, this.pending.length);
    }
    const consumed = this.scan(bytes, false);
    // Copy the unfinished record: the caller may reuse the chunk's memory for the next read.
    // (Uint8Array's slice copies; a Buffer's would not.)
    this.pending = Uint8Array.prototype.slice.call(bytes, consumed);
  }

  /** Scans what is left; the last record need not end with a line break. */
  end(): void {
    const bytes = this.pending;
    this.pending = new Uint8Array(0);
    if (bytes.length > 0) this.scan(bytes, true);
  }

  /** Scans records from the start of `bytes`; returns where the first unfinished one begins. */
  private scan(bytes: Uint8Array, final: boolean): number {
    const { delimiter, row } = this;
    const length = bytes.length;
    row.bytes = bytes;
    let position = 0;
    records: while (position < length) {
      const recordStart = position;
      let linesInRecord = 0;
      let fieldCount = 0;
      for (;;) {
        while (position < length && (bytes[position] === space || bytes[position] === tab)) position++;
        let contentStart = position;
        let contentEnd: number;
        let escaped = 0;
        if (position < length && bytes[position] === quote) {
          position += 1;
          contentStart = position;
          const openedOnLine = this.line + linesInRecord;
          for (;;) {
            while (position < length && bytes[position] !== quote) {
              if (bytes[position] === lineFeed) linesInRecord += 1;
              position++;
            }
            if (position >= length || (position + 1 >= length && !final)) {
              if (final) throw new CommandInputError(`malformed CSV: a quoted field opened on line ${openedOnLine} is never closed`);
              return recordStart;
            }
            if (bytes[position + 1] === quote) {
              escaped = 1;
              position += 2;
              continue;
            }
            break;
          }
          contentEnd = position;
          position += 1;
          while (position < length && (bytes[position] === space || bytes[position] === tab)) position++;
          if (position < length && bytes[position] !== delimiter && bytes[position] !== lineFeed && bytes[position] !== carriageReturn) {
            throw new CommandInputError(`malformed CSV: text after a closing quote on line ${this.line + linesInRecord}`);
          }
        } else {
          while (position < length) {
            const byte = bytes[position]!;
            if (byte === delimiter || byte === lineFeed || byte === carriageReturn) break;
            if (byte === quote) throw new CommandInputError(`malformed CSV: a quote inside an unquoted field on line ${this.line + linesInRecord}`);
            position++;
          }
          contentEnd = position;
          while (contentEnd > contentStart && (bytes[contentEnd - 1] === space || bytes[contentEnd - 1] === tab)) contentEnd--;
        }
        if (position >= length && !final) return recordStart;
        if (fieldCount === row.starts.length) this.growFields();
        row.starts[fieldCount] = contentStart;
        row.ends[fieldCount] = contentEnd;
        row.escapedQuotes[fieldCount] = escaped;
        fieldCount += 1;
        if (position < length && bytes[position] === delimiter) {
          position += 1;
          continue;
        }
        break;
      }
      // The record ends here: at a line break or at the end of the input.
      if (position < length) {
        if (bytes[position] === carriageReturn && position + 1 < length && bytes[position + 1] === lineFeed) position += 2;
        else if (bytes[position] === carriageReturn && position + 1 >= length && !final) return recordStart;
        else position += 1;
      }
      const emptyLine = fieldCount === 1 && row.starts[0] === row.ends[0] && bytes[row.starts[0]! - 1] !== quote;
      row.fieldCount = fieldCount;
      row.line = this.line;
      this.line += linesInRecord + 1;
      if (!emptyLine) this.onRow(row);
      continue records;
    }
    return length;
  }

  private growFields(): void {
    const capacity = this.row.starts.length * 2;
    const grow = <T extends Int32Array | Uint8Array>(old: T, fresh: T) => {
      fresh.set(old);
      return fresh;
    };
    this.row.starts = grow(this.row.starts, new Int32Array(capacity));
    this.row.ends = grow(this.row.ends, new Int32Array(capacity));
    this.row.escapedQuotes = grow(this.row.escapedQuotes, new Uint8Array(capacity));
  }
}
