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
 * results page, the results JSON and the dashboard — timed one after the
 * other against a nudgelab server on a seeded database (loan-anchor, as
 * `seedDecidedParticipants` fills it), with the server's CPU seconds for
 * each, its resident memory after each and its peak. Each is asked twice;
 * both times are reported.
 *
 * @example
 * await resultsScale('/tmp/results-scale.db'); // => { results: [{ status: 200, seconds: 2.1, … }, …], …, peakRssMb: 180 }
 */
export async function resultsScale(databasePath: string) {
  const server = startServerProcess({ NUDGELAB_DB: databasePath, NUDGELAB_ADMIN_PASSWORD: adminPassword, LOG_LEVEL: 'info' });
  const baseUrl = await server.started();
  try {
    const cookie = await signedInCookies(baseUrl);
    const pages = {
      resultsPage: `${baseUrl}/admin/experiments/loan-anchor/results`,
      resultsJson: `${baseUrl}/api/v1/experiments/loan-anchor/results`,
      dashboard: `${baseUrl}/admin`,
    };
    type Timing = { status: number; seconds: number; serverCpuSeconds: number; bytes: number; rssMbAfter: number };
    const timings: Record<string, Timing[]> = {};
    for (const [name, url] of Object.entries(pages)) {
      timings[name] = [];
      for (let attempt = 0; attempt < 2; attempt++) timings[name]!.push({ ...(await timedGet(url, cookie, server.child.pid!)), rssMbAfter: processMemory(server.child.pid!).rssMb });
    }
    return { ...timings, peakRssMb: processMemory(server.child.pid!).peakRssMb } as Record<keyof typeof pages, Timing[]> & { peakRssMb: number };
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
}
