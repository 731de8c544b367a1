import type { ExperimentDefinition } from '../../experiments/definition-schema';
import { seededRandom } from '../../experiments/simulation/seeded-random';
import { simulatedAnswers, simulatedDecision } from '../../experiments/simulation/simulated-behaviour';
import { csrfOf, observeScreen, SimulatedBrowser } from '../../server/cli/simulate-participants';

/**
 * What a crowd of clients was told: the decisions and lender events the
 * server acknowledged (and so promised to keep), and every other outcome
 * counted by kind. A durability check compares `decisions` and `events` with
 * what the database holds afterwards.
 */
export class AcknowledgedTraffic {
  /** `experiment/participant` of every decision answered with its 303. */
  readonly decisions = new Set<string>();
  /** Idempotency keys of every lender event in a batch answered 200. */
  readonly events = new Set<string>();
  requests = 0;
  serverErrors = 0;
  clientErrors = 0;
  /** Requests that never got an answer (connection refused or cut). */
  unanswered = 0;
  readonly serverErrorSamples: string[] = [];

  count(status: number, what: string): void {
    this.requests += 1;
    if (status >= 500) {
      this.serverErrors += 1;
      if (this.serverErrorSamples.length < 5) this.serverErrorSamples.push(`${what} → ${status}`);
    } else if (status >= 400) this.clientErrors += 1;
  }
}

/** Fetch failed without an HTTP answer: the server refused or cut the connection. */
const isConnectionFailure = (error: unknown) => error instanceof TypeError && /fetch failed/.test(error.message);

/**
 * One participant from the consent page to a submitted decision, through the
 * real forms; the decision is recorded in `traffic` only when acknowledged.
 * Returns false when the server stopped answering.
 */
export async function participantDecides(baseUrl: string, definition: ExperimentDefinition, pid: string, traffic: AcknowledgedTraffic): Promise<boolean> {
  const browser = new SimulatedBrowser(baseUrl);
  const base = `/e/${definition.key}`;
  try {
    const consentPage = await browser.request('GET', `${base}?pid=${encodeURIComponent(pid)}`);
    traffic.count(consentPage.status, 'consent page');
    if (consentPage.status !== 200) return true;
    const csrf = csrfOf(consentPage.body);
    const consent = await browser.request('POST', `${base}/consent`, { _csrf: csrf, choice: 'accept', pid, lang: 'nl' });
    traffic.count(consent.status, 'consent');
    if (consent.location === `${base}/before-screen`) {
      const answered = await browser.request('POST', `${base}/before-screen`, { _csrf: csrf, ...simulatedAnswers(definition, '', seededRandom(pid.length)) });
      traffic.count(answered.status, 'before-screen questions');
    }
    const screen = await browser.request('GET', `${base}/screen`);
    traffic.count(screen.status, 'screen');
    if (screen.status !== 200) return true;
    const decision = simulatedDecision(observeScreen(screen.body), seededRandom(pid.length * 7919 + pid.charCodeAt(pid.length - 1)));
    const submitted = await browser.request('POST', `${base}/screen`, { _csrf: csrf, ...decision.fields, processData: JSON.stringify(decision.processData) });
    traffic.count(submitted.status, 'decision');
    if (submitted.status === 303 && submitted.location !== `${base}/screen`) traffic.decisions.add(`${definition.key}/${pid}`);
    return true;
  } catch (error) {
    if (!isConnectionFailure(error)) throw error;
    traffic.unanswered += 1;
    return false;
  }
}

/**
 * A lender's visitor: assigned through the API, then a batch of `batchSize`
 * events with idempotency keys `unitId#0…`; the keys are recorded in
 * `traffic` only when the batch is acknowledged. Returns false when the server stopped answering.
 */
export async function lenderSendsEvents(
  baseUrl: string,
  secret: string,
  experimentKey: string,
  unitId: string,
  batchSize: number,
  traffic: AcknowledgedTraffic,
): Promise<boolean> {
  const post = (path: string, body: unknown) =>
    fetch(`${baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  try {
    const assignment = await post('/api/v1/assignments', { experiment: experimentKey, unitId });
    traffic.count(assignment.status, 'assignment');
    await assignment.arrayBuffer();
    if (assignment.status !== 200) return true;
    const events = Array.from({ length: batchSize }, (_, index) => ({
      experiment: experimentKey,
      unitId,
      name: index === 0 ? 'application_submitted' : 'page_view',
      value: index,
      idempotencyKey: `${unitId}#${index}`,
    }));
    const stored = await post('/api/v1/events', events);
    traffic.count(stored.status, 'events');
    await stored.arrayBuffer();
    if (stored.status === 200) for (const event of events) traffic.events.add(event.idempotencyKey);
    return true;
  } catch (error) {
    if (!isConnectionFailure(error)) throw error;
    traffic.unanswered += 1;
    return false;
  }
}

/**
 * Mixed traffic from `clients` concurrent clients until `stop()` is true or
 * the server stops answering: even clients are panel participants, odd ones
 * lenders sending batches. Ids are `prefix-client-n`, so runs never collide.
 */
export async function mixedTraffic(options: {
  baseUrl: string;
  apiSecret: string;
  panelExperiment: ExperimentDefinition;
  apiExperimentKey: string;
  clients: number;
  prefix: string;
  batchSize?: number;
  stop: () => boolean;
  traffic: AcknowledgedTraffic;
}): Promise<void> {
  const client = async (clientIndex: number) => {
    for (let n = 0; !options.stop(); n++) {
      const id = `${options.prefix}-${clientIndex}-${n}`;
      const answered =
        clientIndex % 2 === 0
          ? await participantDecides(options.baseUrl, options.panelExperiment, id, options.traffic)
          : await lenderSendsEvents(options.baseUrl, options.apiSecret, options.apiExperimentKey, id, options.batchSize ?? 20, options.traffic);
      if (!answered) return;
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, index) => client(index)));
}
