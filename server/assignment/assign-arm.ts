import { GrowthBookClient, type Experiment } from '@growthbook/growthbook';

/** What assignment needs of an experiment: its key, optional seed, and arms with weights in order. */
export interface AssignableExperiment {
  key: string;
  seed?: string;
  arms: readonly { key: string; weight: number }[];
}

/** The only place that talks to the GrowthBook SDK; the rest of the code asks for an arm by key. */
const growthBook = new GrowthBookClient({});

/**
 * The GrowthBook experiment an experiment definition stands for: variations in
 * the definition's arm order, weights normalised to sum to 1, hashed on the
 * participant id (`id`) with the experiment key as seed and hash version 2
 * (version 1, the SDK's default, is biased).
 */
export function growthBookExperiment(definition: AssignableExperiment): Experiment<string> {
  const totalWeight = definition.arms.reduce((sum, arm) => sum + arm.weight, 0);
  const [first, second, ...rest] = definition.arms.map((arm) => arm.key);
  if (first === undefined || second === undefined) throw new Error(`${definition.key} needs at least two arms`);
  return {
    key: definition.key,
    variations: [first, second, ...rest],
    weights: definition.arms.map((arm) => arm.weight / totalWeight),
    hashAttribute: 'id',
    seed: definition.seed ?? definition.key,
    hashVersion: 2,
    coverage: 1,
  };
}

/**
 * A GrowthBook SDK payload with one feature per experiment, whose experiment
 * rule is the same description `assignArm` evaluates: any GrowthBook SDK that
 * loads it assigns every `id` to the arm nudgelab gives it. The variation
 * values are the arms' screen parameters; `meta` carries the arm keys.
 *
 * @example
 * growthBookPayload([{ key: 'credit-choice', arms, … }]).features['credit-choice'].rules[0].hashVersion; // => 2
 */
export function growthBookPayload(
  experiments: readonly { key: string; seed?: string; title: string; arms: readonly { key: string; weight: number; label: string; params: unknown }[] }[],
) {
  const features: Record<string, unknown> = {};
  for (const experiment of experiments) {
    const description = growthBookExperiment(experiment);
    features[experiment.key] = {
      defaultValue: experiment.arms[0]?.params ?? null,
      rules: [
        {
          id: `nudgelab-${experiment.key}`,
          key: description.key,
          name: experiment.title,
          variations: experiment.arms.map((arm) => arm.params),
          weights: description.weights,
          coverage: description.coverage,
          hashAttribute: description.hashAttribute,
          seed: description.seed,
          hashVersion: description.hashVersion,
          meta: experiment.arms.map((arm) => ({ key: arm.key, name: arm.label })),
          phase: '0',
        },
      ],
    };
  }
  return { status: 200, features };
}

/**
 * The arm the GrowthBook SDK gives this participant id. Deterministic: the same
 * id and definition always give the same arm, on any instance or SDK. Callers
 * store the first answer, so later weight changes never move a participant.
 *
 * @example
 * assignArm(loanAnchorDefinition, 'panel-0001'); // => 'high-anchor' (say), every time
 */
export function assignArm(definition: AssignableExperiment, participantId: string): string {
  const result = growthBook.runInlineExperiment(growthBookExperiment(definition), { attributes: { id: participantId } });
  if (!result.inExperiment || typeof result.value !== 'string') {
    throw new Error(`GrowthBook did not assign ${participantId} in ${definition.key}`);
  }
  return result.value;
}
