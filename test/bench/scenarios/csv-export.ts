import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../..', import.meta.url).pathname;
const here = new URL('..', import.meta.url).pathname;

const peakRssMbOf = (stderr: string) => Number(/peak-rss-kb (\d+)/.exec(stderr)?.[1] ?? Number.NaN) / 1024;

/**
 * `nudgelab export` of every participant of a seeded database to CSV, as its
 * own process: rows per second and peak resident memory. The baseline, in the
 * same run, is a bare better-sqlite3 scan of the same joined rows.
 */
export function csvExport(databasePath: string, folder: string, expectedRows: number) {
  const out = join(folder, 'export.csv');
  const started = performance.now();
  const run = spawnSync(process.execPath, [join(here, 'peak-memory-cli.mjs'), 'export', '--experiment', 'loan-anchor', '--format', 'csv', '--out', out], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NUDGELAB_DB: databasePath },
  });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`export failed: ${run.stderr}`);
  const rows = Number(/wrote (\d+)/.exec(run.stdout)?.[1] ?? Number.NaN);
  if (rows !== expectedRows) throw new Error(`export wrote ${rows} rows, expected ${expectedRows}`);

  const scanStarted = performance.now();
  const scan = spawnSync(process.execPath, [join(here, 'raw-row-scan.mjs'), databasePath, 'loan-anchor'], { cwd: root, encoding: 'utf8' });
  const scanSeconds = (performance.now() - scanStarted) / 1000;
  if (scan.status !== 0) throw new Error(`raw scan failed: ${scan.stderr}`);
  return {
    rows,
    seconds,
    rowsPerSecond: rows / seconds,
    peakRssMb: peakRssMbOf(run.stderr),
    fileMb: statSync(out).size / 1024 / 1024,
    baseline: { seconds: scanSeconds, rowsPerSecond: rows / scanSeconds, peakRssMb: peakRssMbOf(scan.stderr) },
  };
}
