import { readFileSync } from 'node:fs';
import { processMemory } from '../process-memory';
import { startServerProcess } from '../../helpers/server-process';

const adminPassword = 'benchmark-admin-pw';

/** The session cookies a sign-in as the first admin gives, read off Set-Cookie headers. */
async function signedInCookies(baseUrl: string): Promise<string> {
  const loginPage = await fetch(`${baseUrl}/admin/login`);
  const cookies = loginPage.headers.getSetCookie().map((cookie) => cookie.split(';')[0]!);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await loginPage.text())?.[1];
  if (!csrf) throw new Error('no CSRF token on the login page');
  const signIn = await fetch(`${baseUrl}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.join('; ') },
    body: new URLSearchParams({ _csrf: csrf, username: 'admin', password: adminPassword }),
  });
  if (signIn.status !== 303) throw new Error(`sign-in answered ${signIn.status}`);
  return [...cookies, ...signIn.headers.getSetCookie().map((cookie) => cookie.split(';')[0]!)].join('; ');
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc/PID/stat
 * (in clock ticks of 1/100 s): unlike wall time, hardly affected by other
 * work on a shared machine.
 */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** One GET, timed to the last byte: status, seconds, the server's CPU seconds and size. */
async function timedGet(url: string, cookie: string, serverPid: number) {
  const started = performance.now();
  const cpuBefore = cpuSecondsOf(serverPid);
  const response = await fetch(url, { headers: { cookie } });
  const body = await response.arrayBuffer();
  return { status: response.status, seconds: (performance.now() - started) / 1000, serverCpuSeconds: cpuSecondsOf(serverPid) - cpuBefore, bytes: body.byteLength };
}

/**
 * The three pages a researcher opens on a field-trial-sized experiment — the
 * results page, the results JSON and the dashboard — each asked of a FRESH
 * nudgelab server on a seeded database (loan-anchor, as
 * `seedDecidedParticipants` fills it), so that the first answer is truly
 * cold (nothing cached, not even by another page), then asked again. For
 * each: status, wall seconds, the server's CPU seconds, its resident memory
 * after, and the peak memory of that server.
 *
 * @example
 * await resultsScale('/tmp/results-scale.db'); // => { resultsPage: { cold: { seconds: 4.9, … }, again: { seconds: 0.01, … }, peakRssMb: 220 }, … }
 */
export async function resultsScale(databasePath: string) {
  const pages = {
    resultsPage: '/admin/experiments/loan-anchor/results',
    resultsJson: '/api/v1/experiments/loan-anchor/results',
    dashboard: '/admin',
  };
  type Timing = { status: number; seconds: number; serverCpuSeconds: number; bytes: number; rssMbAfter: number };
  const timings = {} as Record<keyof typeof pages, { cold: Timing; again: Timing; peakRssMb: number }>;
  for (const [name, path] of Object.entries(pages) as [keyof typeof pages, string][]) {
    const server = startServerProcess({ NUDGELAB_DB: databasePath, NUDGELAB_ADMIN_PASSWORD: adminPassword, LOG_LEVEL: 'info' });
    const baseUrl = await server.started();
    try {
      const cookie = await signedInCookies(baseUrl);
      const pid = server.child.pid!;
      const cold = { ...(await timedGet(`${baseUrl}${path}`, cookie, pid)), rssMbAfter: processMemory(pid).rssMb };
      const again = { ...(await timedGet(`${baseUrl}${path}`, cookie, pid)), rssMbAfter: processMemory(pid).rssMb };
      timings[name] = { cold, again, peakRssMb: processMemory(pid).peakRssMb };
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }
  return timings;
}
