import { experimentDefinitionSchema, type ExperimentDefinition } from './definition-schema';
import { ExperimentDefinitionError } from './experiment-definition-error';
import { definitionHash } from './definition-hash';
import { formatFieldPath } from './format-field-path';
import { expandFactorialDesign } from './factorial/expand-factorial-design';

/** Where an issue is, for the author of the file: in a factorial design written without arms, an arm is named as the cell of its factor levels. */
function issueLocation(definition: unknown, path: readonly PropertyKey[]): string {
  const location = formatFieldPath(path) || '(definition)';
  const writtenWithArms = typeof definition === 'object' && definition !== null && 'arms' in definition;
  if (writtenWithArms || path[0] !== 'arms' || typeof path[1] !== 'number') return location;
  const cell = (expandFactorialDesign(definition) as { arms?: { label: string }[] }).arms?.[path[1]];
  return cell ? `${location} (the cell ${cell.label})` : location;
}

/** An experiment file as listed in the registry: where it lives and what it declares. */
export interface ExperimentFile {
  file: string;
  definition: unknown;
}

/** A validated experiment with the hash of its definition. */
export interface Experiment {
  file: string;
  definition: ExperimentDefinition;
  definitionHash: string;
}

/**
 * Validates every experiment file and returns the experiments by key, in
 * registry order. Throws an ExperimentDefinitionError naming the file and the
 * fields at fault for the first broken file, or for a key used twice.
 *
 * @example
 * validateExperiments([{ file: 'experiments/loan-anchor.ts', definition: loanAnchor }]).get('loan-anchor')?.definition.arms.length; // => 3
 */
export function validateExperiments(files: readonly ExperimentFile[]): ReadonlyMap<string, Experiment> {
  const experiments = new Map<string, Experiment>();
  for (const { file, definition } of files) {
    const result = experimentDefinitionSchema.safeParse(definition);
    if (!result.success) {
      throw new ExperimentDefinitionError(
        file,
        result.error.issues.map((issue) => `${issueLocation(definition, issue.path)}: ${issue.message}`),
      );
    }
    if (experiments.has(result.data.key)) {
      throw new ExperimentDefinitionError(file, [`key: "${result.data.key}" is already used by ${experiments.get(result.data.key)?.file}`]);
    }
    experiments.set(result.data.key, { file, definition: result.data, definitionHash: definitionHash(result.data) });
  }
  return experiments;
}
