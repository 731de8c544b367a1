import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../..', import.meta.url).pathname;
const here = new URL('..', import.meta.url).pathname;

const peakRssMbOf = (stderr: string) => Number(/peak-rss-kb (\d+)/.exec(stderr)?.[1] ?? Number.NaN) / 1024;

/** `nudgelab export` as its own process, from SQLite (a file path) or PostgreSQL (a URL): seconds, rows and peak RSS. */
export function timedExport(database: string, out: string, expectedRows: number) {
  const started = performance.now();
  const env = { ...process.env };
  delete env.NUDGELAB_DATABASE_URL;
  if (database.startsWith('postgres')) env.NUDGELAB_DATABASE_URL = database;
  else env.NUDGELAB_DB = database;
  const run = spawnSync(process.execPath, [join(here, 'peak-memory-cli.mjs'), 'export', '--experiment', 'loan-anchor', '--format', 'csv', '--out', out], {
    cwd: root,
    encoding: 'utf8',
    env,
  });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`export failed: ${run.stderr}`);
  const rows = Number(/wrote (\d+)/.exec(run.stdout)?.[1] ?? Number.NaN);
  if (rows !== expectedRows) throw new Error(`export wrote ${rows} rows, expected ${expectedRows}`);
  return { rows, seconds, rowsPerSecond: rows / seconds, peakRssMb: peakRssMbOf(run.stderr), fileMb: statSync(out).size / 1024 / 1024 };
}

/**
 * `nudgelab export` of every participant of a seeded database to CSV, as its
 * own process: rows per second and peak resident memory. The baseline, in the
 * same run, is a bare better-sqlite3 scan of the same joined rows.
 */
export function csvExport(databasePath: string, folder: string, expectedRows: number) {
  const exported = timedExport(databasePath, join(folder, 'export.csv'), expectedRows);

  const scanStarted = performance.now();
  const scan = spawnSync(process.execPath, [join(here, 'raw-row-scan.mjs'), databasePath, 'loan-anchor'], { cwd: root, encoding: 'utf8' });
  const scanSeconds = (performance.now() - scanStarted) / 1000;
  if (scan.status !== 0) throw new Error(`raw scan failed: ${scan.stderr}`);
  return { ...exported, baseline: { seconds: scanSeconds, rowsPerSecond: exported.rows / scanSeconds, peakRssMb: peakRssMbOf(scan.stderr) } };
}
