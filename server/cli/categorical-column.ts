import { GrowableFloat64Array } from './growable-float64-array';

/**
 * A text column read row by row into compact form: one code per row (−1
 * where missing) and each distinct level once, in order of first appearance,
 * so a million rows of a moderator or factor cost 8 MB, not a million strings.
 *
 * @example
 * const column = new CategoricalColumn();
 * column.push('low'); column.push('high'); column.push(null); column.push('low');
 * column.levels; // => ['low', 'high']
 * column.values(); // => ['low', 'high', null, 'low']
 */
export class CategoricalColumn {
  readonly levels: string[] = [];
  private readonly codeOfLevel = new Map<string, number>();
  private readonly codes = new GrowableFloat64Array();

  get length(): number {
    return this.codes.length;
  }

  /** Adds a row's level (null where missing); returns its code (−1 for missing). */
  push(level: string | null): number {
    if (level === null) {
      this.codes.push(-1);
      return -1;
    }
    let code = this.codeOfLevel.get(level);
    if (code === undefined) {
      code = this.levels.length;
      this.levels.push(level);
      this.codeOfLevel.set(level, code);
    }
    this.codes.push(code);
    return code;
  }

  /** The level of each row (null where missing): an array of references to the shared level strings. */
  values(): (string | null)[] {
    const codes = this.codes.values();
    const values = new Array<string | null>(codes.length);
    for (let row = 0; row < codes.length; row += 1) values[row] = codes[row]! < 0 ? null : this.levels[codes[row]!]!;
    return values;
  }
}
