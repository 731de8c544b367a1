/** Where progress goes: stderr, or in a test any writable with (or without) `isTTY`. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * A progress bar on stderr for long commands (simulate, export,
 * migrate-store), redrawn in place at most ten times a second. Only on a
 * terminal: when stderr is piped or redirected (a script, a log file, CI) it
 * writes nothing, so the output stays clean. Silent for jobs smaller than
 * `smallestJob` (20 by default), which end before a bar could be read.
 *
 * @example
 * const bar = progressBar('exporting', 1000, { unit: 'participants' }); bar.update(500); bar.finish(); // stderr on a terminal: "exporting [###############...............] 500/1000 participants"
 */
export function progressBar(
  label: string,
  total: number,
  { stream = process.stderr, unit = '', smallestJob = 20 }: { stream?: ProgressStream; unit?: string; smallestJob?: number } = {},
) {
  const interactive = stream.isTTY === true;
  let lastDraw = 0;
  let drawn = false;
  return {
    update(done: number, ofTotal = total) {
      if (!interactive || ofTotal < smallestJob) return;
      const now = Date.now();
      if (now - lastDraw < 100 && done < ofTotal) return;
      lastDraw = now;
      drawn = true;
      const width = 30;
      const filled = Math.round(Math.min(1, done / ofTotal) * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${ofTotal}${unit ? ` ${unit}` : ''}`);
    },
    finish() {
      if (drawn) stream.write('\n');
    },
  };
}
