import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { seededRandom } from '../../../experiments/simulation/seeded-random';
import { timedProcess } from '../timed-process';

const root = new URL('../../..', import.meta.url).pathname;
const arms = ['control', 'low-anchor', 'high-anchor'] as const;
const meanByArm = { control: 9000, 'low-anchor': 8200, 'high-anchor': 11000 };
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** A loan-anchor CSV as an export gives it: arms interleaved in entry order, the amount, and `above` (more than €9,000) as 0/1. */
async function writeAnalysisCsv(path: string, rows: number): Promise<number> {
  const random = seededRandom(20261128);
  const csv = createWriteStream(path);
  csv.write('arm,amount,above\n');
  for (let row = 0; row < rows; row++) {
    const arm = arms[Math.floor(random.uniform() * arms.length)]!;
    const amount = Math.max(500, Math.round(random.normal(meanByArm[arm], 4000) / 100) * 100);
    if (!csv.write(`${arm},${amount},${amount > 9000 ? 1 : 0}\n`)) await once(csv, 'drain');
  }
  csv.end();
  await once(csv, 'finish');
  return csv.bytesWritten;
}

/**
 * `nudgelab analyze` of a `rows`-row CSV as its own process (the compiled
 * CLI, start-up and reading included), against R doing the same tests on the
 * same file in the same run (test/bench/r-analyze-timing.R: read.csv, then
 * t.test, wilcox.test, prop.test and fisher.test for both comparisons),
 * alternating, `runs` times each; wall time and peak RSS of each process.
 * The CLI's start is its own scenario (cli-start.ts).
 *
 * @example
 * const cli = await analyzeCli(1_000_000, 3, folder);
 * cli.medianMs / cli.rMedianMs!; // => 0.31 in the latest run (target ≤ 0.5)
 */
export async function analyzeCli(rows: number, runs: number, folder: string) {
  const csvPath = join(folder, 'analyze-cli.csv');
  const fileBytes = await writeAnalysisCsv(csvPath, rows);
  const cliArgs = ['server/cli/nudgelab.mjs', 'analyze', csvPath, '--arm-column', 'arm', '--outcome', 'amount', '--outcome', 'above', '--format', 'json'];
  const rscript = ['/usr/bin/Rscript', '/usr/local/bin/Rscript'].find((path) => existsSync(path));
  const nudgelab: { ms: number; cpuMs: number | null; peakRssMb: number }[] = [];
  const r: { ms: number; cpuMs: number | null; peakRssMb: number }[] = [];
  for (let run = 0; run < runs; run++) {
    const cli = await timedProcess(process.execPath, cliArgs, root);
    if (JSON.parse(cli.stdout).metrics.length !== 2) throw new Error('nudgelab analyze did not report both outcomes');
    nudgelab.push({ ms: cli.ms, cpuMs: cli.cpuMs, peakRssMb: cli.peakRssMb });
    if (rscript) r.push(await timedProcess(rscript, [join(root, 'test/bench/r-analyze-timing.R'), csvPath], root));
  }
  const cpuMedian = (runs: { cpuMs: number | null }[]) => (runs.every((run) => run.cpuMs !== null) ? median(runs.map((run) => run.cpuMs!)) : null);
  return {
    rows,
    fileMb: fileBytes / 1024 ** 2,
    nudgelab,
    r,
    medianMs: median(nudgelab.map((run) => run.ms)),
    medianCpuMs: cpuMedian(nudgelab),
    peakRssMb: Math.max(...nudgelab.map((run) => run.peakRssMb)),
    rMedianMs: r.length ? median(r.map((run) => run.ms)) : null,
    rMedianCpuMs: r.length ? cpuMedian(r) : null,
    rPeakRssMb: r.length ? Math.max(...r.map((run) => run.peakRssMb)) : null,
  };
}
