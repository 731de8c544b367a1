/**
 * A progress bar on stderr for long commands: redrawn in place on a terminal,
 * a line every 10% otherwise (so logs stay readable), silent for tiny jobs.
 *
 * @example
 * const bar = progressBar('exporting', 1000); bar.update(500, 1000); bar.finish();
 */
export function progressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr) {
  const interactive = Boolean(stream.isTTY);
  let lastDecile = -1;
  let lastDraw = 0;
  return {
    update(done: number, ofTotal = total) {
      if (ofTotal < 20) return;
      const fraction = Math.min(1, done / ofTotal);
      if (interactive) {
        const now = Date.now();
        if (now - lastDraw < 100 && done < ofTotal) return;
        lastDraw = now;
        const width = 30;
        const filled = Math.round(fraction * width);
        stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${ofTotal}`);
      } else {
        const decile = Math.floor(fraction * 10);
        if (decile > lastDecile) {
          lastDecile = decile;
          stream.write(`${label}: ${done}/${ofTotal} (${decile * 10}%)\n`);
        }
      }
    },
    finish() {
      if (interactive) stream.write('\n');
    },
  };
}
