import { execFile, spawnSync, type ExecFileOptions, type SpawnSyncOptionsWithStringEncoding, type SpawnSyncReturns } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** The `nudgelab` command as installed: package.json's bin, what `npx nudgelab` runs. */
const nudgelabBin = fileURLToPath(new URL('../../server/cli/nudgelab.mjs', import.meta.url));

/**
 * Runs `nudgelab ARGS` from the project root and waits for it: the installed
 * command run by this Node directly, as `npx nudgelab` runs it but without
 * npx's own start-up (`nudgelab --version` took 1.25–1.67 s through npx on
 * the quiet machine, 5.8 s once under load, and 0.15–0.18 s run directly).
 * One test (power-command) still goes through `npx`.
 *
 * @example
 * runNudgelab(['user', 'list'], { env: { ...process.env, NUDGELAB_DB: database } }).status; // => 0
 */
export function runNudgelab(args: readonly string[], options: Omit<SpawnSyncOptionsWithStringEncoding, 'encoding'> = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [nudgelabBin, ...args], { cwd: root, timeout: 60_000, ...options, encoding: 'utf8' });
}

/**
 * `nudgelab ARGS` started without waiting (runs beside the test's own work);
 * resolves with its output, rejects if it exits with an error.
 *
 * @example
 * const { stdout } = await runNudgelabInBackground(['backup', target]);
 */
export function runNudgelabInBackground(args: readonly string[], options: Omit<ExecFileOptions, 'encoding'> = {}): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [nudgelabBin, ...args], { cwd: root, timeout: 60_000, ...options, encoding: 'utf8' });
}
