import { Command, CommanderError } from 'commander';
import { CommandInputError } from './command-input-error';
import { commandLineMistake } from './command-line-mistake';
import { packageVersion } from './package-version';
import type { ProgressStream } from './progress-bar';
import { subcommandParser } from './subcommand-parser';
import { subcommands, type SubcommandName } from './subcommands';

/** A command: its arguments (as typed after its name) in, the text to print out; long runs draw progress on `progress`. */
type CommandFunction = (argumentsAfterCommand: string[], progress: ProgressStream) => string | Promise<string>;

// Each command's code is loaded only when it runs: a command that reads a CSV should not
// pay for the store, the web app and the database drivers, and help loads none of them.
const commandFunctions: Record<SubcommandName, () => Promise<CommandFunction>> = {
  analyze: async () => (await import('./analyze-command')).analyzeCommand,
  power: async () => (await import('./power-command')).powerCommand,
  simulate: async () => (await import('./simulate-command')).simulateCommand,
  schema: async () => (await import('./schema-command')).schemaCommand,
  'api-key': async () => (await import('./api-key-command')).apiKeyCommand,
  user: async () => (await import('./user-command')).userCommand,
  export: async () => (await import('./export-command')).exportCommand,
  report: async () => (await import('./report-command')).reportCommand,
  erase: async () => (await import('./erase-command')).eraseCommand,
  'purge-test': async () => (await import('./purge-test-command')).purgeTestCommand,
  backup: async () => (await import('./backup-command')).backupCommand,
  retention: async () => (await import('./retention-command')).retentionCommand,
  'migrate-store': async () => (await import('./migrate-store-command')).migrateStoreCommand,
};

export interface CommandLineStreams {
  stdout: { write(text: string): unknown };
  /** Mistakes, and progress when it is a terminal (isTTY). */
  stderr: ProgressStream;
}

const programHelpAfter = `
Run "nudgelab help COMMAND" (or "nudgelab COMMAND --help") for a command's options and examples.
Commands that read or change data use the database at NUDGELAB_DB (a SQLite file,
default data/nudgelab.db) or NUDGELAB_DATABASE_URL (PostgreSQL).
Exit codes: 0 done, 2 a mistake in the command line or its input (one line on stderr), 1 a failure.

Examples:
  $ nudgelab power --type continuous --sd 2800 --mde 1000 --arms 3
  $ nudgelab simulate --experiment loan-anchor --participants 300
  $ nudgelab help analyze
`;

/**
 * The `nudgelab` command line as a function: parses `argv` (the words after
 * `nudgelab`) with commander, prints help, the version or a mistake, or runs
 * the subcommand, and returns the exit code: 0 done (help and --version
 * included), 2 a mistake on the command line or in the input (one line on
 * stderr, "did you mean" when something is misspelt), 1 an unexpected failure.
 *
 * @example
 * await runNudgelab(['simulte'], process); // stderr: "nudgelab: Unknown command 'simulte'. Did you mean simulate? …" => 2
 * await runNudgelab(['power', '--type', 'continuous', '--sd', '2800', '--mde', '1000', '--arms', '3'], process); // => 0
 */
export async function runNudgelab(argv: readonly string[], streams: CommandLineStreams): Promise<number> {
  const output = (prefix: string, helpCommand: string) => ({
    writeOut: (text: string) => void streams.stdout.write(text),
    writeErr: (text: string) => void streams.stderr.write(text),
    outputError: (text: string) => void streams.stderr.write(`${prefix}: ${commandLineMistake(text)} (see ${helpCommand})\n`),
  });
  const program = new Command('nudgelab')
    .description('Behavioural experiments on consumer-credit application screens: run, simulate, export and analyse them.')
    .version(packageVersion(), '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .helpCommand('help [COMMAND]', 'show a command’s options and examples')
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput(output('nudgelab', 'nudgelab --help'))
    .addHelpText('after', programHelpAfter);
  let exitCode = 0;
  for (const name of Object.keys(subcommands) as SubcommandName[]) {
    const command = subcommandParser(name)
      .helpOption('-h, --help', 'show this help')
      .exitOverride()
      .configureOutput(output(`nudgelab ${name}`, `nudgelab ${name} --help`))
      .action(async () => {
        exitCode = await runSubcommand(name, argv.slice(argv.indexOf(name) + 1), streams);
      });
    program.addCommand(command);
  }
  // `help anaylze` should say what `anaylze` does (unknown command, did you mean analyze?), not print the overview.
  const words = argv[0] === 'help' && argv[1] !== undefined && !Object.hasOwn(subcommands, argv[1]) ? argv.slice(1) : argv;
  try {
    await program.parseAsync([...words], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  return exitCode;
}

/**
 * Runs one subcommand on its arguments and prints its result; it parses them
 * again itself (from the same declaration), so it behaves the same when a test
 * calls it directly. Returns the exit code.
 */
async function runSubcommand(name: SubcommandName, argumentsAfterCommand: string[], streams: CommandLineStreams): Promise<number> {
  const run = await commandFunctions[name]();
  try {
    streams.stdout.write(`${await run(argumentsAfterCommand, streams.stderr)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof CommandInputError) {
      streams.stderr.write(`nudgelab ${name}: ${error.message}\n`);
      return 2;
    }
    streams.stderr.write(`nudgelab ${name}: unexpected failure: ${(error as Error).message}\n`);
    return 1;
  }
}
