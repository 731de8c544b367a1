import { readFileSync } from 'node:fs';

/** Clock ticks a second in /proc/PID/stat (USER_HZ, 100 on every Linux this runs on). */
const ticksPerSecond = 100;

/**
 * CPU time a running process has used so far (user + system), in
 * milliseconds, read from /proc/PID/stat on Linux; 10 ms resolution. The
 * difference around a load run, divided by the requests answered, is the
 * server's CPU time per request: a figure the load generator on the same
 * cores disturbs far less than the throughput.
 *
 * @example
 * processCpuMs(process.pid); // => 1830
 */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const userTicks = Number(fields[11]);
  const systemTicks = Number(fields[12]);
  return ((userTicks + systemTicks) * 1000) / ticksPerSecond;
}

/**
 * Runs `load` and returns its result with the CPU time process `pid` used
 * meanwhile, per answered request (`requests` read from the result).
 *
 * @example
 * await serverCpuDuring(server.pid, () => httpLoad({ url, connections: 50, duration: 10 })); // => { result: { requests: 52100, … }, cpuMs: 12400, cpuMsPerRequest: 0.238 }
 */
export async function serverCpuDuring<Result extends { requests: number }>(pid: number, load: () => Promise<Result>): Promise<{ result: Result; cpuMs: number; cpuMsPerRequest: number }> {
  const before = processCpuMs(pid);
  const result = await load();
  const cpuMs = processCpuMs(pid) - before;
  return { result, cpuMs, cpuMsPerRequest: result.requests > 0 ? cpuMs / result.requests : Number.NaN };
}
