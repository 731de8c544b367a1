import { readFileSync } from 'node:fs';

/**
 * Resident memory of a running process on Linux, in megabytes: now (VmRSS)
 * and the peak so far (VmHWM), read from /proc.
 *
 * @example
 * processMemory(process.pid); // => { rssMb: 61.2, peakRssMb: 74.9 }
 */
export function processMemory(pid: number): { rssMb: number; peakRssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kilobytes('VmRSS') / 1024, peakRssMb: kilobytes('VmHWM') / 1024 };
}
