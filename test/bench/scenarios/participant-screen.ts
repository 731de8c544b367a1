import type autocannon from 'autocannon';
import { csrfOf } from '../../../server/cli/simulate-participants';
import { httpLoad, setCookieValue, stateOf, type ConnectionState, type LoadResult } from '../http-load';

/** A participant who has seen the screen: their id and the cookies that carry them to the decision. */
export interface ExposedParticipant {
  pid: string;
  cookie: string;
  csrf: string;
}

let runs = 0;

/** A CSRF cookie and its form token, read from the consent page as a browser would. */
export async function csrfPair(baseUrl: string, experimentKey: string): Promise<CsrfPair> {
  const page = await fetch(`${baseUrl}/e/${experimentKey}`);
  const cookie = setCookieValue(page.headers.getSetCookie(), 'nudgelab_csrf');
  if (!cookie) throw new Error('the consent page set no CSRF cookie');
  return { token: csrfOf(await page.text()), cookie: `nudgelab_csrf=${cookie}` };
}

export interface CsrfPair {
  token: string;
  cookie: string;
}

/**
 * A new participant's first two requests, for autocannon: consent under the
 * id `nextPid()` gives (assignment and enrolment), then the screen (exposure
 * and render). The connection's state keeps `pid` and the `cookie` header for
 * the requests that follow; `onScreen` sees the screen's status.
 */
export function consentAndScreenRequests(
  experimentKey: string,
  csrf: CsrfPair,
  nextPid: () => string,
  onScreen?: (status: number, state: ConnectionState) => void,
): autocannon.Request[] {
  return [
    {
      method: 'POST',
      path: `/e/${experimentKey}/consent`,
      setupRequest: (request, context) => {
        stateOf(context).pid = nextPid();
        request.headers = { ...request.headers, 'content-type': 'application/x-www-form-urlencoded', cookie: csrf.cookie };
        request.body = `_csrf=${encodeURIComponent(csrf.token)}&choice=accept&pid=${stateOf(context).pid!}&lang=nl`;
        return request;
      },
      onResponse: (_status, _body, context, headers) => {
        const participantCookie = setCookieValue(headers, `nudgelab_p_${experimentKey}`);
        stateOf(context).cookie = `${csrf.cookie}; nudgelab_p_${experimentKey}=${participantCookie ?? ''}`;
      },
    },
    {
      method: 'GET',
      path: `/e/${experimentKey}/screen`,
      setupRequest: (request, context) => {
        request.headers = { ...request.headers, cookie: stateOf(context).cookie! };
        return request;
      },
      // Without a listener autocannon does not collect the page, so it is only added when asked for.
      ...(onScreen ? { onResponse: (status: number, _body: string, context: object) => onScreen(status, stateOf(context)) } : {}),
    },
  ];
}

/**
 * New participants arriving at the loan-anchor screen: each connection
 * consents (assignment and enrolment) and then opens the screen (exposure
 * and render), over and over, each time as a new participant. Returns the
 * load figures and the participants who saw the screen, for the decision benchmark.
 */
export async function participantScreen(baseUrl: string, { connections, seconds }: { connections: number; seconds: number }) {
  const experimentKey = 'loan-anchor';
  // Ids unique to this run, so that runs side by side (one per instance) never share a participant.
  const prefix = `bench-${process.pid}-${runs++}`;
  const csrf = await csrfPair(baseUrl, experimentKey);
  const exposed: ExposedParticipant[] = [];
  let next = 0;
  const load: LoadResult = await httpLoad({
    url: baseUrl,
    connections,
    duration: seconds,
    requests: consentAndScreenRequests(
      experimentKey,
      csrf,
      () => `${prefix}-${next++}`,
      (status, state) => {
        if (status === 200) exposed.push({ pid: state.pid!, cookie: state.cookie!, csrf: csrf.token });
      },
    ),
  });
  return { load, exposed };
}
