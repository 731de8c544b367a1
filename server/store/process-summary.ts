import type { ProcessEvent } from './store';

/** What the results and the export read from a decision's process events: changes per field and information panels opened. */
export interface ProcessSummary {
  changes: Record<string, number>;
  panelsOpened: number;
}

/**
 * The summary of one decision's process events, as it is stored with the
 * decision (`decisions.process_summary_json`) when the decision is written:
 * the `change` events counted per field (events without a field are not
 * counted) and the `panel` events whose value is `open`. The same counts the
 * database computes from the stored events (migration 15's backfill, the
 * process-data retention), so the results read one column instead of
 * counting events per decision.
 *
 * @example
 * processSummary([{ kind: 'change', field: 'amount', value: '9000', atMs: 2100 }, { kind: 'panel', field: 'costs', value: 'open', atMs: 3000 }]);
 * // => { changes: { amount: 1 }, panelsOpened: 1 }
 */
export function processSummary(events: readonly ProcessEvent[]): ProcessSummary {
  const changes: Record<string, number> = {};
  let panelsOpened = 0;
  for (const event of events) {
    if (event.kind === 'change' && event.field !== null && event.field !== undefined) changes[event.field] = (changes[event.field] ?? 0) + 1;
    else if (event.kind === 'panel' && event.value === 'open') panelsOpened += 1;
  }
  return { changes, panelsOpened };
}
