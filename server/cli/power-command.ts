import { sampleSizePerArm, type SampleSizePlan } from '../../analysis/sample-size-per-arm';
import { CommandInputError } from './command-input-error';
import { subcommandArguments } from './subcommand-arguments';

/** A number option, or a one-line error naming it. */
function numberOption(name: string, text: string | undefined, check: (value: number) => boolean, requirement: string): number {
  if (text === undefined) throw new CommandInputError(`--${name} is required (see nudgelab power --help)`);
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !check(value)) throw new CommandInputError(`--${name} must be ${requirement}, not "${text}"`);
  return value;
}

/**
 * `nudgelab power`: participants needed per arm before launch, as R's
 * `power.t.test` / `power.prop.test` with `sig.level = alpha / (K − 1)`
 * under Holm (its worst case), rounded up.
 *
 * @example
 * powerCommand(['--type', 'continuous', '--sd', '2800', '--mde', '1000', '--arms', '3', '--format', 'json']); // => '{ "nPerArm": 151, … }'
 * @throws CommandInputError (exit code 2) for a missing or impossible option.
 */
export function powerCommand(argumentsAfterCommand: string[]): string {
  // A negative effect (`--mde -0.15`, a fall in a rate) is a value: an option that needs one takes the next word whatever it is.
  const { values } = subcommandArguments('power', argumentsAfterCommand);
  if (values.type !== 'continuous' && values.type !== 'binary') throw new CommandInputError('--type must be continuous or binary (see nudgelab power --help)');
  const correction = values.correction;
  if (correction !== 'holm' && correction !== 'none') throw new CommandInputError(`--correction must be holm or none, not "${correction}"`);
  if (values.format !== 'json' && values.format !== 'table') throw new CommandInputError(`--format must be json or table, not "${values.format}"`);
  const arms = numberOption('arms', values.arms, (value) => Number.isInteger(value) && value >= 2, 'a whole number of at least 2 (control included)');
  const alpha = numberOption('alpha', values.alpha, (value) => value > 0 && value < 1, 'between 0 and 1');
  const power = numberOption('power', values.power, (value) => value > 0 && value < 1, 'between 0 and 1');
  const common = { arms, alpha, power, correction: correction as 'holm' | 'none' };
  let plan: SampleSizePlan;
  if (values.type === 'continuous') {
    if (values.p0 !== undefined) throw new CommandInputError('--p0 is for --type binary; a continuous outcome takes --sd');
    const standardDeviation = numberOption('sd', values.sd, (value) => value > 0, 'a positive number');
    const minimumDetectableEffect = Math.abs(numberOption('mde', values.mde, (value) => value !== 0, 'a non-zero number in the outcome’s unit'));
    plan = { type: 'continuous', standardDeviation, minimumDetectableEffect, ...common };
  } else {
    if (values.sd !== undefined) throw new CommandInputError('--sd is for --type continuous; a binary outcome takes --p0');
    const controlRate = numberOption('p0', values.p0, (value) => value > 0 && value < 1, 'a rate strictly between 0 and 1');
    const minimumDetectableEffect = numberOption('mde', values.mde, (value) => value !== 0 && controlRate + value > 0 && controlRate + value < 1, `non-zero with p0 + mde strictly between 0 and 1 (a difference in proportions, e.g. -0.15)`);
    plan = { type: 'binary', controlRate, minimumDetectableEffect, ...common };
  }
  let result;
  try {
    result = sampleSizePerArm(plan);
  } catch (error) {
    if (error instanceof RangeError) throw new CommandInputError(`no sample size for this plan: ${error.message}`);
    throw error;
  }
  const report = { nPerArm: result.nPerArm, totalParticipants: result.totalParticipants, ...plan, comparisons: result.comparisons, alphaPerComparison: result.alphaPerComparison, exactPerArm: result.exactPerArm, method: result.method };
  if (values.format === 'json') return JSON.stringify(report, null, 2);
  return [
    `participants per arm: ${result.nPerArm} (${result.totalParticipants} in all, ${arms} arms)`,
    `each of ${result.comparisons} comparison${result.comparisons === 1 ? '' : 's'} with control tested at alpha ${Number(result.alphaPerComparison.toPrecision(6))}${correction === 'holm' ? ` (Holm's worst case: ${alpha} / ${result.comparisons})` : ''}, power ${power}`,
    `same as R: ceiling(${result.method}$n)`,
  ].join('\n');
}
