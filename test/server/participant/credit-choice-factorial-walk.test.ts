import { parse } from 'csv-parse/sync';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it as itAvailable } from 'vitest';
import type { ProductChoiceExperimentDefinition } from '../../../experiments/definition-schema';
import { experimentRegistry } from '../../../experiments/registry';
import { validateExperiments } from '../../../experiments/validate-experiments';
import { createApiKey } from '../../../server/api/api-key-secrets';
import { createApp } from '../../../server/app';
import { observeScreen } from '../../../server/cli/simulate-participants';
import { initializeExperimentStates } from '../../../server/lifecycle/experiment-lifecycle';
import { participantCsvLines } from '../../../server/results/participant-csv';
import type { Store } from '../../../server/store/store';
import { idsInArm } from '../../helpers/ids-in-arm';
import { consentedParticipant, validAnswers } from '../../helpers/test-app';
import { storeEngines } from '../../helpers/store-engines';

const engines = storeEngines({ poolSize: 4 });

const experiments = validateExperiments(experimentRegistry);
const definition = experiments.get('credit-choice')!.definition as ProductChoiceExperimentDefinition;
const perCell = 2;

/** Every cell of the factorial credit-choice walked through the pages (before-screen questions, screen, questionnaire), then exported, on each store. */
describe.each(engines)('factorial credit-choice walked through every cell on $name', ({ available, open }) => {
  const it = available ? itAvailable : itAvailable.skip;
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let apiSecret: string;
  const walked: { pid: string; cell: string; order: string[] }[] = [];

  beforeAll(async () => {
    if (!available) return;
    store = await open();
    await initializeExperimentStates(store, experiments, new Date());
    app = createApp({ store, experiments, logger: pino({ level: 'silent' }), secret: 'test-secret-that-is-long-enough-0123456789', secureCookies: false, apiRequestsPerMinute: 100_000, exportRequestsPerMinute: 100_000, now: () => new Date() });
    apiSecret = (await createApiKey(store, { name: 'Lender', experiments: null })).secret;
    for (const cell of definition.arms) {
      for (const pid of idsInArm(definition, cell.key, `walk-${cell.key}`, perCell)) {
        const { agent, csrf } = await consentedParticipant(app, 'credit-choice', pid);
        const screen = observeScreen((await agent.get('/e/credit-choice/screen').expect(200)).text) as { productOrder: string[]; preselected: string | null; showsTotalCostAndPayoff: boolean };
        expect(screen.preselected).toBe(cell.params.preselected);
        expect(screen.showsTotalCostAndPayoff).toBe(cell.params.showTotalCostAndPayoff);
        const other = screen.productOrder.find((product) => product !== screen.preselected)!;
        await agent.post('/e/credit-choice/screen').type('form').send({ _csrf: csrf, product: other }).expect(303).expect('location', '/e/credit-choice/questionnaire');
        await agent.post('/e/credit-choice/questionnaire').type('form').send({ _csrf: csrf, ...validAnswers(definition.questionnaire, cell.key) }).expect(303).expect('location', '/e/credit-choice/debrief');
        await agent.get('/e/credit-choice/debrief').expect(200);
        walked.push({ pid, cell: cell.key, order: screen.productOrder });
      }
    }
    await request(app).post('/api/v1/assignments').set('authorization', `Bearer ${apiSecret}`).send({ experiment: 'credit-choice', unitId: 'walk-api', attributes: { income_band: 'above-3500' } }).expect(200);
  }, 180_000);
  afterAll(async () => {
    if (available) await store.close();
  });

  it('enrols each walked participant in their cell, completes them, and scores both manipulation checks by factor level', async () => {
    expect(walked).toHaveLength(definition.arms.length * perCell);
    for (const { pid, cell } of walked) {
      const participant = (await store.findParticipant('credit-choice', pid))!;
      expect(participant.arm).toBe(cell);
      expect(participant.completion).not.toBeNull();
      expect(participant.answeredQuestionKeys).toEqual([...definition.questionnaire.map((question) => question.key)].sort());
    }
  });

  it('exports the factor levels, the recorded product order, the before-screen answers and the lender attribute', async () => {
    const lenderCsv = (await request(app).get('/api/v1/experiments/credit-choice/export.csv').set('authorization', `Bearer ${apiSecret}`).expect(200)).text;
    const [lenderHeader, ...lenderRows] = parse(lenderCsv) as string[][];
    // The lender sees only its own unit, with the attribute it sent and the levels of its cell.
    expect(lenderRows).toHaveLength(1);
    const unit = Object.fromEntries(lenderHeader!.map((name, index) => [name, lenderRows[0]![index]!]));
    const unitCell = definition.arms.find((arm) => arm.key === unit.arm)!;
    expect(unit).toMatchObject({ participant_id: 'walk-api', income_band: 'above-3500', default: unitCell.factorLevels!.default, disclosure: unitCell.factorLevels!.disclosure });

    let csv = '';
    for await (const line of participantCsvLines(store, definition)) csv += line;
    const [header, ...rows] = parse(csv) as string[][];
    const records = new Map(rows.map((row) => [row[0]!, Object.fromEntries(header!.map((name, index) => [name, row[index]!]))]));
    for (const { pid, cell, order } of walked) {
      const record = records.get(pid)!;
      const levels = definition.arms.find((arm) => arm.key === cell)!.factorLevels!;
      expect(record).toMatchObject({ arm: cell, default: levels.default, disclosure: levels.disclosure, product_order: order.join('|'), income_band: '' });
      expect(record.q_age_band).not.toBe('');
      expect(record.q_recall_preselection_correct).toBe('1');
      expect(record.q_recall_disclosure_correct).toBe('1');
      expect(record.kept_default).toBe(levels.default === 'none' ? '' : '0');
    }
    expect(new Set(walked.map((walk) => walk.order.join('|')))).toEqual(new Set(['fixed|revolving', 'revolving|fixed']));
  });
});
