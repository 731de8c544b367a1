import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initializeExperimentStates } from '../../../server/lifecycle/experiment-lifecycle';
import { simulateParticipants } from '../../../server/cli/simulate-participants';
import { readExperimentData } from '../../../server/results/experiment-data';
import { analyseExperimentData } from '../../../server/results/experiment-results';
import { query } from '../../../server/store/sql-database';
import { sqlDatabaseOf } from '../../../server/store/sql-store';
import { listeningTestApp } from '../../helpers/listening-app';

/**
 * Migration 15 lets the results read each decision's stored process summary
 * and entry time instead of counting its events and joining its participant.
 * On a simulated experiment, results computed from the stored summaries must
 * equal, value for value, results computed from the events — what a decision
 * stored without a summary gives. (That the read keeps the export's entry
 * order is checked in results-read-store.test.ts.)
 */
describe('results from decision summaries (migration 15)', () => {
  let server: Awaited<ReturnType<typeof listeningTestApp>>;
  beforeAll(async () => {
    server = await listeningTestApp();
    await initializeExperimentStates(server.store, server.experiments, new Date());
    const summary = await simulateParticipants({ baseUrl: server.baseUrl, definition: server.experiments.get('loan-anchor')!.definition, participants: 120, idPrefix: 'sum', concurrency: 6 });
    expect(summary.completed).toBe(120);
  }, 120_000);
  afterAll(async () => server.close());

  it('are the same, value for value, with the stored summaries as from the events', async () => {
    const experiment = server.experiments.get('loan-anchor')!;
    const withSummaries = await readExperimentData(server.store, experiment);
    const database = sqlDatabaseOf(server.store);
    // Some participants changed the amount, so the changes outcome has values other than 0 to get wrong.
    expect([...withSummaries.everyoneWhoDecided.get('amount')!.values()].reduce((sum, column) => sum + column.length, 0)).toBeGreaterThan(100);
    const changes = [...withSummaries.analysed.get('amount_changes')!.values()].flatMap((column) => [...column]);
    expect(changes.some((count) => count > 0)).toBe(true);

    // As before the migration: no stored summary (the read counts the events) …
    expect(await database.run(query("UPDATE decisions SET process_summary_json = NULL WHERE process_data_status = 'recorded'"))).toBeGreaterThan(100);
    const fromEvents = await readExperimentData(server.store, experiment);
    expect(fromEvents.analysed).toEqual(withSummaries.analysed);
    expect(fromEvents.everyoneWhoDecided).toEqual(withSummaries.everyoneWhoDecided);
    expect(fromEvents.flow).toEqual(withSummaries.flow);
    expect(analyseExperimentData(experiment, fromEvents)).toEqual(analyseExperimentData(experiment, withSummaries));
  });
});
