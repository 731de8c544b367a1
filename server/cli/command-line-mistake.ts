/**
 * A parser's complaint as one plain line: commander's `error: unknown option
 * '--colour'` and its `(Did you mean --control?)` on the next line become
 * `Unknown option '--colour'. Did you mean --control?`, so every mistake on
 * the command line reads like the commands' own messages (one line on stderr).
 *
 * @example
 * commandLineMistake("error: unknown command 'simulte'\n(Did you mean simulate?)\n"); // => "Unknown command 'simulte'. Did you mean simulate?"
 */
export function commandLineMistake(parserMessage: string): string {
  const line = parserMessage
    .replace(/^error:\s*/, '')
    .replace(/\s*\n\s*\((Did you mean [^)]*)\)/, '. $1')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  return line.charAt(0).toUpperCase() + line.slice(1);
}
