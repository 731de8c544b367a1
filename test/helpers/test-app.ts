import pino from 'pino';
import request from 'supertest';
import { experimentRegistry } from '../../experiments/registry';
import type { Question } from '../../experiments/definition-schema';
import { validateExperiments, type Experiment, type ExperimentFile } from '../../experiments/validate-experiments';
import { createApp } from '../../server/app';
import { csrfOf } from '../../server/cli/simulate-participants';
import { openSqliteStore } from '../../server/store/sqlite-store';
import type { Store } from '../../server/store/store';

/**
 * The real app with a silent logger, on the given store (say PostgreSQL, or one
 * store shared by several instances, which then share the secret as behind a
 * load balancer), else on a SQLite store at `databasePath` (in memory unless given).
 *
 * @example
 * const { app, store } = createTestApp({ files: [...experimentRegistry, labAnchorFile], store: await openPostgresStore(url) });
 */
export function createTestApp({
  files = experimentRegistry,
  databasePath = ':memory:',
  store = openSqliteStore(databasePath),
  apiRequestsPerMinute = 100_000,
  exportRequestsPerMinute = 100_000,
  trustProxy,
  corsOrigins,
  now = () => new Date(),
}: { files?: readonly ExperimentFile[]; databasePath?: string; store?: Store; apiRequestsPerMinute?: number; exportRequestsPerMinute?: number; trustProxy?: string; corsOrigins?: string[]; now?: () => Date } = {}) {
  const experiments = validateExperiments(files);
  const app = createApp({
    store,
    experiments,
    logger: pino({ level: 'silent' }),
    secret: 'test-secret-that-is-long-enough-0123456789',
    secureCookies: false,
    apiRequestsPerMinute,
    exportRequestsPerMinute,
    trustProxy,
    corsOrigins,
    now,
  });
  return { app, store, experiments };
}

/** The CSRF token of the form in an HTML page (the simulator's reader, under the name the tests use). */
export const csrfTokenOf = csrfOf;

/** The value of the amount field on an amount screen ('' when empty). */
export function amountFieldValueOf(html: string): string {
  const match = /<input id="amount" name="amount"[^>]*value="([^"]*)"/.exec(html);
  if (!match) throw new Error('no amount field in page');
  return match[1] ?? '';
}

/**
 * Form fields answering the questions of a questionnaire page as read from its
 * HTML: the first option of each choice or scale, and `number` in each number field.
 */
export function firstAnswersOnPage(html: string, number = '1'): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input[^>]*name="(q_[a-z0-9_]+)"[^>]*>/g)) {
    const [tag, name] = match as unknown as [string, string];
    if (fields[name] !== undefined) continue;
    fields[name] = tag.includes('type="radio"') ? /value="([^"]*)"/.exec(tag)![1]! : number;
  }
  return fields;
}

/**
 * A browser-like client that keeps cookies, entered through the consent page
 * of an experiment. When the experiment asks questions before the screen, it
 * answers them (the first option of each) unless `answerBeforeScreen` is false.
 */
export async function consentedParticipant(app: Parameters<typeof request.agent>[0], experimentKey: string, pid?: string, lang?: string, { answerBeforeScreen = true } = {}) {
  const agent = request.agent(app);
  const query = new URLSearchParams({ ...(pid ? { pid } : {}), ...(lang ? { lang } : {}) });
  const consentPage = await agent.get(`/e/${experimentKey}?${query}`).expect(200);
  const csrf = csrfTokenOf(consentPage.text);
  const consented = await agent
    .post(`/e/${experimentKey}/consent`)
    .type('form')
    .send({ _csrf: csrf, choice: 'accept', pid: pid ?? '', lang: lang ?? 'nl' })
    .expect(303);
  if (answerBeforeScreen && consented.headers.location === `/e/${experimentKey}/before-screen`) {
    const page = await agent.get(`/e/${experimentKey}/before-screen`).expect(200);
    await agent.post(`/e/${experimentKey}/before-screen`).type('form').send({ _csrf: csrf, ...firstAnswersOnPage(page.text) }).expect(303);
  }
  return { agent, csrf };
}

/** Page text with non-breaking spaces (which Intl puts in "€ 7.500") as plain spaces, for readable assertions. */
export function withPlainSpaces(html: string): string {
  return html.replace(/\u00a0|&nbsp;|&#160;/g, ' ');
}

/** Form fields answering every question of an experiment validly (the correct answer where there is one). */
export function validAnswers(questions: readonly Question[], arm: string): Record<string, string> {
  return Object.fromEntries(
    questions.map((question) => {
      const field = `q_${question.key}`;
      if (question.kind === 'single-choice') return [field, question.correctByArm?.[arm] ?? question.correct ?? question.options[0]!.value];
      if (question.kind === 'scale7') return [field, String(question.correct ?? 4)];
      return [field, String(question.truthByArm?.[arm] ?? question.truth ?? question.min)];
    }),
  );
}

/** Answers the questionnaire of a participant who has decided, ending at the debrief. */
export async function answerQuestionnaire(agent: ReturnType<typeof request.agent>, csrf: string, experiment: Experiment, arm: string) {
  await agent.get(`/e/${experiment.definition.key}/questionnaire`).expect(200);
  await agent
    .post(`/e/${experiment.definition.key}/questionnaire`)
    .type('form')
    .send({ _csrf: csrf, ...validAnswers(experiment.definition.questionnaire, arm) })
    .expect(303)
    .expect('location', `/e/${experiment.definition.key}/debrief`);
}
