import type { AuditEntry, ExperimentStateName } from '../store/store';

export interface StateChange {
  at: Date;
  actor: string;
  /** What the admin did: start, pause, resume or stop. */
  action: string;
  from: ExperimentStateName | null;
  to: ExperimentStateName | null;
}

const stateActions = new Set(['experiment.start', 'experiment.pause', 'experiment.resume', 'experiment.stop']);
const stateNames = new Set<string>(['draft', 'running', 'paused', 'stopped']);
const stateName = (value: unknown): ExperimentStateName | null => (typeof value === 'string' && stateNames.has(value) ? (value as ExperimentStateName) : null);

/**
 * The lifecycle changes of one experiment, newest first, read from the audit
 * entries that the state change writes (`experiment.stop`, subject the
 * experiment key, details `{ from, to }`).
 *
 * @example
 * stateHistory([{ at, actor: 'ada', action: 'experiment.stop', subject: 'loan-anchor', details: { from: 'running', to: 'stopped' } }], 'loan-anchor');
 * // => [{ at, actor: 'ada', action: 'stop', from: 'running', to: 'stopped' }]
 */
export function stateHistory(entries: readonly AuditEntry[], experimentKey: string): StateChange[] {
  return entries
    .filter((entry) => entry.subject === experimentKey && stateActions.has(entry.action))
    .map((entry) => ({
      at: entry.at,
      actor: entry.actor,
      action: entry.action.slice('experiment.'.length),
      from: stateName(entry.details?.from),
      to: stateName(entry.details?.to),
    }));
}
