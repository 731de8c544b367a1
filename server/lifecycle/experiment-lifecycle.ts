import type { Experiment } from '../../experiments/validate-experiments';
import type { ExperimentState, ExperimentStateName, Store } from '../store/store';

/** The moves an admin may make: draft → running ⇄ paused → stopped (stopped is final). */
export const allowedTransitions: Record<ExperimentStateName, readonly ExperimentStateName[]> = {
  draft: ['running'],
  running: ['paused', 'stopped'],
  paused: ['running', 'stopped'],
  stopped: [],
};

/** A state change that the lifecycle does not allow. */
export class TransitionError extends Error {
  override name = 'TransitionError';
}

/**
 * Gives every experiment without a stored state the initial state its file
 * declares (freezing the plan of those that start running). Run at start-up.
 */
export async function initializeExperimentStates(store: Store, experiments: ReadonlyMap<string, Experiment>, now: Date): Promise<void> {
  const known = new Set((await store.listExperimentStates()).map((state) => state.experimentKey));
  for (const experiment of experiments.values()) {
    if (known.has(experiment.definition.key)) continue;
    await store.setExperimentState(experiment.definition.key, experiment.definition.initialState, now, {
      sha256: experiment.definitionHash,
      json: experiment.definition,
    });
  }
}

/** The current state of an experiment: stored, or the initial state its file declares. */
export async function experimentStateName(store: Store, experiment: Experiment): Promise<ExperimentStateName> {
  return (await store.findExperimentStateName(experiment.definition.key)) ?? experiment.definition.initialState;
}

/**
 * Moves an experiment to a new state if the lifecycle allows it, writing the
 * audit log. The first start freezes the definition and its analysis plan.
 *
 * @throws TransitionError for a move the lifecycle does not allow.
 */
export async function changeExperimentState(
  store: Store,
  experiment: Experiment,
  to: ExperimentStateName,
  { actor, now }: { actor: string; now: Date },
): Promise<ExperimentState> {
  const from = await experimentStateName(store, experiment);
  if (!allowedTransitions[from].includes(to)) {
    throw new TransitionError(`${experiment.definition.key} cannot go from ${from} to ${to} (allowed: ${allowedTransitions[from].join(', ') || 'none'})`);
  }
  const state = await store.setExperimentState(experiment.definition.key, to, now, { sha256: experiment.definitionHash, json: experiment.definition });
  await store.appendAudit({ at: now, actor, action: `experiment.${to === 'running' ? (from === 'draft' ? 'start' : 'resume') : to === 'paused' ? 'pause' : 'stop'}`, subject: experiment.definition.key, details: { from, to } });
  return state;
}
