import { CommanderError } from 'commander';
import { CommandInputError } from './command-input-error';
import { commandLineMistake } from './command-line-mistake';
import { subcommandParser } from './subcommand-parser';
import { subcommands, type OptionDeclaration, type ParsedOptions, type SubcommandName } from './subcommands';

/** `--arm-column` is kept by commander as `armColumn`. */
const attributeName = (optionName: string) => optionName.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());

/**
 * A subcommand's arguments parsed as its declaration says (subcommands.ts):
 * the options by long name, defaults filled in, switches false when absent,
 * and the positional arguments in order. A mistake (an unknown or misspelt
 * option, a missing value, an action that does not exist) throws a
 * CommandInputError with one plain line, "did you mean" included.
 *
 * @example
 * subcommandArguments('power', ['--type', 'binary', '--mde', '-0.15']).values; // => { type: 'binary', mde: '-0.15', alpha: '0.05', power: '0.8', correction: 'holm', format: 'table', … }
 * subcommandArguments('power', ['--aplha', '0.1']); // throws CommandInputError: "Unknown option '--aplha'. Did you mean --alpha? (see nudgelab power --help)"
 */
export function subcommandArguments<Name extends SubcommandName>(name: Name, args: readonly string[]): { values: ParsedOptions<Name>; positionals: string[] } {
  const command = subcommandParser(name)
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined, outputError: () => undefined });
  try {
    command.parse([...args], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) throw new CommandInputError(`${commandLineMistake(error.message)} (see nudgelab ${name} --help)`);
    throw error;
  }
  const options: readonly OptionDeclaration[] = subcommands[name].options;
  const values: Record<string, string | string[] | boolean | undefined> = {};
  for (const option of options) {
    const value = command.getOptionValue(attributeName(option.name)) as string | string[] | boolean | undefined;
    values[option.name] = option.value === undefined ? value === true : value;
  }
  return { values: values as ParsedOptions<Name>, positionals: command.args };
}
