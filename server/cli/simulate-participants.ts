import type { ExperimentDefinition } from '../../experiments/definition-schema';
import { seededRandom } from '../../experiments/simulation/seeded-random';
import { simulatedAnswers, simulatedDecision } from '../../experiments/simulation/simulated-behaviour';
import { observeScreen } from '../templates/server-template-registry';
import { assignArm } from '../assignment/assign-arm';

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
  /** Completions per arm; empty with permuted blocks, where only the server knows who is in which arm. */
  byArm: Record<string, { completed: number }>;
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

  async request(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<{ status: number; location: string | null; body: string }> {
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
    return { status: response.status, location: response.headers.get('location'), body: await response.text() };
  }

  /** GET a page, expecting 200. */
  async page(path: string): Promise<string> {
    const response = await this.request('GET', path);
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    return response.body;
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
 * → screen → questionnaire → debrief. Returns the arm when the simulator can
 * know it (hashing is deterministic); with permuted blocks the arm depends on
 * who entered before, which only the server knows, so it returns null.
 */
async function walkParticipant(options: SimulationOptions, index: number): Promise<string | null> {
  const { definition, baseUrl, effect = 1 } = options;
  const pid = `${options.idPrefix ?? 'sim'}-${index}`;
  const random = seededRandom((options.seed ?? 1) * 1_000_003 + index);
  const browser = new SimulatedBrowser(baseUrl);
  const base = `/e/${definition.key}`;
  const testParameter = options.testToken ? `&test=${encodeURIComponent(options.testToken)}` : '';
  const consentPage = await browser.page(`${base}?pid=${encodeURIComponent(pid)}${testParameter}`);
  const csrf = csrfOf(consentPage);
  const asksBeforeScreen = definition.questionnaire.some((question) => question.timing === 'before-screen');
  await browser.submit(`${base}/consent`, { _csrf: csrf, choice: 'accept', pid, lang: 'nl' }, asksBeforeScreen ? `${base}/before-screen` : `${base}/scenario`);
  if (asksBeforeScreen) {
    await browser.page(`${base}/before-screen`);
    // The page reads only its own questions' fields; before-screen answers never depend on the arm.
    await browser.submit(`${base}/before-screen`, { _csrf: csrf, ...simulatedAnswers(definition, '', random) }, `${base}/scenario`);
  }
  await browser.page(`${base}/scenario`);
  const screenHtml = await browser.page(`${base}/screen`);
  const decision = simulatedDecision(observeScreen(screenHtml), random, effect);
  const asksAfterScreen = definition.questionnaire.some((question) => question.timing === 'after-screen');
  const next = asksAfterScreen ? `${base}/questionnaire` : `${base}/debrief`;
  await browser.submit(`${base}/screen`, { _csrf: csrf, ...decision.fields, processData: JSON.stringify(decision.processData) }, next);
  const arm = definition.randomisation.method === 'hash' ? assignArm(definition, pid) : null;
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
  const summary: SimulationSummary = { participants: options.participants, completed: 0, failed: 0, byArm: {}, failures: [], seconds: 0 };
  if (options.definition.randomisation.method === 'hash') for (const arm of options.definition.arms) summary.byArm[arm.key] = { completed: 0 };
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < options.participants) {
      const index = next++;
      try {
        const arm = await walkParticipant(options, index);
        summary.completed += 1;
        if (arm !== null) summary.byArm[arm]!.completed += 1;
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
