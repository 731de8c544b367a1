import { expect } from 'vitest';
import { ExperimentDefinitionError } from '../../experiments/experiment-definition-error';
import { validateExperiments } from '../../experiments/validate-experiments';

/** An experiment definition as a test edits it before validation: any field may be changed, added or removed. */
export type EditableDefinition = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What `validateExperiments` reads: definitions with the file each came from. */
export type DefinitionFiles = { file: string; definition: unknown }[];

/**
 * A deep copy of a registered definition with one change, as the single file
 * `validateExperiments` is given, so the original stays untouched for the
 * next test.
 *
 * @example
 * definitionFileWith(loanAnchor, (definition) => (definition.arms = []));
 * // => [{ file: 'experiments/broken.ts', definition: { key: 'loan-anchor', arms: [], … } }]
 */
export function definitionFileWith(
  definition: object,
  change: (definition: EditableDefinition) => void,
  file = 'experiments/broken.ts',
): { file: string; definition: EditableDefinition }[] {
  const edited = structuredClone(definition) as EditableDefinition;
  change(edited);
  return [{ file, definition: edited }];
}

/**
 * The message `validateExperiments` refuses `files` with; the test fails when
 * it accepts them or throws anything but an ExperimentDefinitionError.
 *
 * @example
 * definitionProblems(definitionFileWith(loanAnchor, (definition) => (definition.arms = [])));
 * // => 'experiments/broken.ts: arms: …'
 */
export function definitionProblems(files: DefinitionFiles): string {
  try {
    validateExperiments(files);
  } catch (error) {
    expect(error).toBeInstanceOf(ExperimentDefinitionError);
    return (error as Error).message;
  }
  throw new Error('expected validation to fail');
}
