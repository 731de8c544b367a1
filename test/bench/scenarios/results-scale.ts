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

/** One GET, timed to the last byte: status, seconds and size. */
async function timedGet(url: string, cookie: string) {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie } });
  const body = await response.arrayBuffer();
  return { status: response.status, seconds: (performance.now() - started) / 1000, bytes: body.byteLength };
}

/**
 * The three pages a researcher opens on a field-trial-sized experiment — the
 * results page, the results JSON and the dashboard — timed one after the
 * other against a nudgelab server on a seeded database (loan-anchor, as
 * `seedDecidedParticipants` fills it), with the server's resident memory
 * after each and its peak. Each is asked twice; both times are reported.
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
    const timings: Record<string, { status: number; seconds: number; bytes: number; rssMbAfter: number }[]> = {};
    for (const [name, url] of Object.entries(pages)) {
      timings[name] = [];
      for (let attempt = 0; attempt < 2; attempt++) timings[name]!.push({ ...(await timedGet(url, cookie)), rssMbAfter: processMemory(server.child.pid!).rssMb });
    }
    return { ...timings, peakRssMb: processMemory(server.child.pid!).peakRssMb } as Record<keyof typeof pages, { status: number; seconds: number; bytes: number; rssMbAfter: number }[]> & { peakRssMb: number };
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
}
