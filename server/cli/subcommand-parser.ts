import { Argument, Command, Option } from 'commander';
import { subcommands, type SubcommandDeclaration, type SubcommandName } from './subcommands';

/** The examples block that ends a command's help. */
function examplesHelp(declaration: SubcommandDeclaration): string {
  return `\nExamples:\n${declaration.examples.map((example) => `  $ nudgelab ${example.command}\n      ${example.does}`).join('\n')}\n`;
}

/**
 * A commander command for one subcommand, built from its declaration in
 * subcommands.ts: arguments (with their choices), every option with its
 * description and default, and the examples after the help. It has no action
 * and no output settings: the program (run-nudgelab.ts) and the commands'
 * own parsing (subcommand-arguments.ts) add theirs.
 *
 * @example
 * subcommandParser('power').helpInformation(); // => 'Usage: power [options]\n\nThe sample size per arm for a continuous outcome …'
 */
export function subcommandParser(name: SubcommandName): Command {
  const declaration: SubcommandDeclaration = subcommands[name];
  const command = new Command(name).summary(declaration.summary).description(declaration.description).allowExcessArguments(false).showSuggestionAfterError(true);
  for (const argument of declaration.arguments) {
    const declared = new Argument(argument.required ? `<${argument.name}>` : `[${argument.name}]`, argument.description);
    if (argument.choices) declared.choices(argument.choices);
    command.addArgument(declared);
  }
  for (const option of declaration.options) {
    const declared = new Option(option.value === undefined ? `--${option.name}` : `--${option.name} <${option.value}>`, option.description);
    if (option.default !== undefined) declared.default(option.default);
    if (option.repeatable) declared.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
    command.addOption(declared);
  }
  command.addHelpText('after', examplesHelp(declaration));
  return command;
}
