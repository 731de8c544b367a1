/**
 * An experiment file that does not match the definition schema. The message
 * names the file and each field at fault, e.g.
 * `experiments/loan-anchor.ts: arms[1].weight: expected number, received string`.
 */
export class ExperimentDefinitionError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'ExperimentDefinitionError';
  }
}
