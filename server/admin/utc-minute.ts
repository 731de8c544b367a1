/**
 * A time as the workspace shows it: UTC, to the minute, without the `T`.
 *
 * @example
 * utcMinute(new Date('2026-11-28T15:40:12Z')); // => '2026-11-28 15:40'
 */
export function utcMinute(time: Date): string {
  return time.toISOString().slice(0, 16).replace('T', ' ');
}
