import type { ExperimentDefinition } from '../../experiments/definition-schema';
import { seededRandom } from '../../experiments/simulation/seeded-random';
import { simulatedAnswers, simulatedDecision } from '../../experiments/simulation/simulated-behaviour';
import { observeScreen } from '../templates/server-template-registry';
import { assignArm } from '../assignment/assign-arm';
import { stratumParameter } from '../assignment/read-stratum';
import { stratumLevels } from '../../experiments/stratum-levels';
import { testTrafficArmHeader } from '../test-traffic/test-traffic-arm-header';

export interface SimulationOptions {
  /** The server, or several instances of it: requests then go to each in turn, as behind a round-robin load balancer. */
  baseUrl: string | readonly string[];
  definition: ExperimentDefinition;
  participants: number;
  /** Effect size multiplier for the behaviour model (1 = effects of the size in the literature). */
  effect?: number;
  concurrency?: number;
  /** Prefix of the simulated panel ids; the same prefix gives the same participants and arms. */
  idPrefix?: string;
  seed?: number;
  /**
   * The experiment's test-traffic token (see server/test-traffic/test-traffic-token.ts):
   * with it every simulated participant enters through the test link and is
   * stored as test traffic, which no count, result or default export includes.
   * `nudgelab simulate` always sends one.
   */
  testToken?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface SimulationSummary {
  participants: number;
  completed: number;
  failed: number;
  /** Completions per arm, every arm listed. */
  byArm: Record<string, { completed: number }>;
  /**
   * Completions whose arm the simulator could not learn: under permuted blocks
   * only the server knows the arm, and it tells test traffic only (see
   * server/test-traffic/test-traffic-arm-header.ts), so without `testToken`
   * these participants answer arm-specific questions as someone who did not notice.
   */
  armUnknown: number;
  failures: string[];
  seconds: number;
}

/**
 * A tiny browser: follows nothing by itself, keeps cookies, and reads CSRF
 * tokens from forms. Given several base URLs, it sends each request to the
 * next one in turn, like a round-robin load balancer.
 */
export class SimulatedBrowser {
  private readonly cookies = new Map<string, string>();
  private readonly baseUrls: readonly string[];
  private requests = 0;
  constructor(baseUrl: string | readonly string[]) {
    this.baseUrls = typeof baseUrl === 'string' ? [baseUrl] : baseUrl;
  }

  async request(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<{ status: number; location: string | null; headers: Headers; body: string }> {
    const headers: Record<string, string> = { 'user-agent': 'nudgelab-simulator/1 (bot)', 'accept-language': 'nl-NL' };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const baseUrl = this.baseUrls[this.requests++ % this.baseUrls.length]!;
    const response = await fetch(new URL(path, baseUrl), { method, headers, body: form ? new URLSearchParams(form) : undefined, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const separator = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, separator), pair!.slice(separator + 1));
    }
    return { status: response.status, location: response.headers.get('location'), headers: response.headers, body: await response.text() };
  }

  /** GET a page, expecting 200; its HTML and headers. */
  async pageWithHeaders(path: string): Promise<{ body: string; headers: Headers }> {
    const response = await this.request('GET', path);
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    return response;
  }

  /** GET a page, expecting 200; its HTML. */
  async page(path: string): Promise<string> {
    return (await this.pageWithHeaders(path)).body;
  }

  /** POST a form, expecting a 303 to `expectedLocation`. */
  async submit(path: string, form: Record<string, string>, expectedLocation: string): Promise<void> {
    const response = await this.request('POST', path, form);
    if (response.status !== 303 || response.location !== expectedLocation) {
      throw new Error(`POST ${path} answered ${response.status}${response.location ? ` → ${response.location}` : ''}, expected 303 → ${expectedLocation}`);
    }
  }
}

/** What the screen shows, read from its HTML as a person would see it (each template reads its own screen). */
export { observeScreen };

export const csrfOf = (html: string): string => {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token on the page');
  return token;
};

/**
 * One synthetic participant through the real flow: entry → consent → scenario
 * → screen → questionnaire → debrief, deciding on the screen as it shows and
 * answering the questions as its arm would. Returns the arm: the one the
 * server names to test traffic on the screen page (the only source under
 * permuted blocks, where the arm depends on who entered before), else, for
 * hashing, the one the hash gives; null when neither is known.
 */
async function walkParticipant(options: SimulationOptions, index: number): Promise<string | null> {
  const { definition, baseUrl, effect = 1 } = options;
  const pid = `${options.idPrefix ?? 'sim'}-${index}`;
  const random = seededRandom((options.seed ?? 1) * 1_000_003 + index);
  const browser = new SimulatedBrowser(baseUrl);
  const base = `/e/${definition.key}`;
  const testParameter = options.testToken ? `&test=${encodeURIComponent(options.testToken)}` : '';
  // The link as the experiment's panel writes it: its own id parameter, and a value for each parameter it records.
  const { idParameter, recordParameters } = definition.panel;
  const recorded = Object.fromEntries(recordParameters.map((name) => [name, 'simulated']));
  const panelParameters = [[idParameter, pid], ...Object.entries(recorded)].map(([name, value]) => `${name}=${encodeURIComponent(value!)}`).join('&');
  // A design stratified by an entry parameter gets it in the link, the levels taken in turn (the consent form carries it on).
  const stratumName = stratumParameter(definition.randomisation);
  const levels = stratumLevels(definition);
  const stratum = stratumName && levels ? { [stratumName]: levels[index % levels.length]! } : {};
  const stratumInLink = Object.entries(stratum).map(([name, value]) => `&${name}=${encodeURIComponent(value)}`).join('');
  const consentPage = await browser.page(`${base}?${panelParameters}${stratumInLink}${testParameter}`);
  const csrf = csrfOf(consentPage);
  const asksBeforeScreen = definition.questionnaire.some((question) => question.timing === 'before-screen');
  const consentForm = { _csrf: csrf, choice: 'accept', pid, lang: 'nl', ...Object.fromEntries(recordParameters.map((name) => [`panel_${name}`, recorded[name]])), ...(stratumName ? { stratum: stratum[stratumName]! } : {}) };
  await browser.submit(`${base}/consent`, consentForm, asksBeforeScreen ? `${base}/before-screen` : `${base}/scenario`);
  if (asksBeforeScreen) {
    await browser.page(`${base}/before-screen`);
    // The page reads only its own questions' fields; before-screen answers never depend on the arm (under strata from a
    // before-screen answer there is none yet: the server draws it from the answer's block when it accepts the page).
    await browser.submit(`${base}/before-screen`, { _csrf: csrf, ...simulatedAnswers(definition, '', random) }, `${base}/scenario`);
  }
  await browser.page(`${base}/scenario`);
  const screen = await browser.pageWithHeaders(`${base}/screen`);
  const arm = screen.headers.get(testTrafficArmHeader) ?? (definition.randomisation.method === 'hash' ? assignArm(definition, pid) : null);
  if (arm !== null && !definition.arms.some((candidate) => candidate.key === arm)) throw new Error(`the server named arm "${arm}", which ${definition.key} does not have`);
  const decision = simulatedDecision(observeScreen(screen.body), random, effect);
  const asksAfterScreen = definition.questionnaire.some((question) => question.timing === 'after-screen');
  const next = asksAfterScreen ? `${base}/questionnaire` : `${base}/debrief`;
  await browser.submit(`${base}/screen`, { _csrf: csrf, ...decision.fields, processData: JSON.stringify(decision.processData) }, next);
  if (asksAfterScreen) {
    await browser.page(`${base}/questionnaire`);
    // Without the arm, arm-specific questions (a manipulation check) are answered as someone who did not notice.
    await browser.submit(`${base}/questionnaire`, { _csrf: csrf, ...simulatedAnswers(definition, arm ?? '', random) }, `${base}/debrief`);
  }
  const debrief = await browser.page(`${base}/debrief`);
  if (!/data-testid="completion-code">[0-9A-F]{12}</.test(debrief)) throw new Error('the debrief shows no completion code');
  return arm;
}

/**
 * Drives `participants` synthetic participants through the real HTTP flow of
 * one experiment, `concurrency` at a time, and says how many completed per arm.
 * A participant that fails is counted and described, never retried silently.
 */
export async function simulateParticipants(options: SimulationOptions): Promise<SimulationSummary> {
  const started = performance.now();
  const byArm = Object.fromEntries(options.definition.arms.map((arm) => [arm.key, { completed: 0 }]));
  const summary: SimulationSummary = { participants: options.participants, completed: 0, failed: 0, byArm, armUnknown: 0, failures: [], seconds: 0 };
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < options.participants) {
      const index = next++;
      try {
        const arm = await walkParticipant(options, index);
        summary.completed += 1;
        if (arm === null) summary.armUnknown += 1;
        else summary.byArm[arm]!.completed += 1;
      } catch (error) {
        summary.failed += 1;
        if (summary.failures.length < 10) summary.failures.push(`participant ${index}: ${(error as Error).message}${(error as Error).cause ? ` (${String((error as Error).cause)})` : ""}`);
      }
      options.onProgress?.(++done, options.participants);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, options.participants)) }, worker));
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
