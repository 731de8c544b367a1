import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processMemory } from './process-memory';

const gnuTime = '/usr/bin/time';

/**
 * Runs a command to its end and measures it from the outside: wall time from
 * spawn to exit (start-up included) and peak resident memory — the kernel's
 * maxRSS through GNU time when /usr/bin/time exists, else the last VmHWM
 * read from /proc every 10 ms — and, with GNU time, the CPU time (user +
 * system), which a machine shared with other work stretches far less than
 * the wall time. Throws when the command fails.
 *
 * @example
 * await timedProcess('Rscript', ['script.R', 'data.csv']); // => { ms: 1843.2, cpuMs: 1790, peakRssMb: 154.1, stdout: '…' }
 */
export async function timedProcess(
  command: string,
  args: string[],
  cwd = process.cwd(),
): Promise<{ ms: number; cpuMs: number | null; peakRssMb: number; stdout: string }> {
  const folder = mkdtempSync(join(tmpdir(), 'nudgelab-timed-'));
  const rssFile = join(folder, 'rss');
  const [program, programArgs] = existsSync(gnuTime) ? [gnuTime, ['-f', '%M %U %S', '-o', rssFile, command, ...args]] : [command, args];
  const started = performance.now();
  const child = spawn(program, programArgs, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let polledPeakMb = 0;
  const poll = setInterval(() => {
    try {
      polledPeakMb = Math.max(polledPeakMb, processMemory(child.pid!).peakRssMb);
    } catch {
      // the process has just ended
    }
  }, 10);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
  const ms = performance.now() - started;
  clearInterval(poll);
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${code}): ${stderr.slice(0, 500)}`);
  const measured = existsSync(rssFile) ? readFileSync(rssFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number) : null;
  rmSync(folder, { recursive: true, force: true });
  if (!measured) return { ms, cpuMs: null, peakRssMb: polledPeakMb, stdout };
  const [kilobytes, userSeconds, systemSeconds] = measured as [number, number, number];
  return { ms, cpuMs: (userSeconds + systemSeconds) * 1000, peakRssMb: kilobytes / 1024, stdout };
}
