import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../project-root';
import { CommandInputError } from './command-input-error';

interface Command {
  run: (args: string[]) => string | Promise<string>;
  usage: string;
}

// Each command is loaded only when it runs: a command that reads a CSV should not
// pay for the store, the web app and the database drivers at start-up.
const commands: Record<string, () => Promise<Command>> = {
  analyze: async () => import('./analyze-command').then((module) => ({ run: module.analyzeCommand, usage: module.analyzeUsage })),
  power: async () => import('./power-command').then((module) => ({ run: module.powerCommand, usage: module.powerUsage })),
  simulate: async () => import('./simulate-command').then((module) => ({ run: module.simulateCommand, usage: module.simulateUsage })),
  schema: async () => import('./schema-command').then((module) => ({ run: module.schemaCommand, usage: module.schemaUsage })),
  'api-key': async () => import('./api-key-command').then((module) => ({ run: module.apiKeyCommand, usage: module.apiKeyUsage })),
  user: async () => import('./user-command').then((module) => ({ run: module.userCommand, usage: module.userUsage })),
  export: async () => import('./export-command').then((module) => ({ run: module.exportCommand, usage: module.exportUsage })),
  report: async () => import('./report-command').then((module) => ({ run: module.reportCommand, usage: module.reportUsage })),
  erase: async () => import('./erase-command').then((module) => ({ run: module.eraseCommand, usage: module.eraseUsage })),
  'purge-test': async () => import('./purge-test-command').then((module) => ({ run: module.purgeTestCommand, usage: module.purgeTestUsage })),
  backup: async () => import('./backup-command').then((module) => ({ run: module.backupCommand, usage: module.backupUsage })),
  retention: async () => import('./retention-command').then((module) => ({ run: module.retentionCommand, usage: module.retentionUsage })),
  'migrate-store': async () => import('./migrate-store-command').then((module) => ({ run: module.migrateStoreCommand, usage: module.migrateStoreUsage })),
};

/** Every command's usage line; loads them all, so only for help and mistakes. */
async function usage(): Promise<string> {
  const loaded = await Promise.all(Object.values(commands).map((load) => load()));
  return `usage: nudgelab COMMAND [options]    (nudgelab --version prints the version)\n\ncommands:\n${loaded
    .map((command) => `  ${command.usage.replace(/^usage: nudgelab /, '')}`)
    .join('\n')}`;
}

/** The version in package.json, e.g. `0.1.0`. */
function version(): string {
  return (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * The `nudgelab` command line. Exit codes: 0 done, 2 bad input (one line on
 * stderr saying what), 1 an unexpected failure.
 */
async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(`${await usage()}\n`);
    return name ? 0 : 2;
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    process.stderr.write(`nudgelab: unknown command "${name}"\n${await usage()}\n`);
    return 2;
  }
  const command = await load();
  try {
    process.stdout.write(`${await command.run(rest)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof CommandInputError) {
      process.stderr.write(`nudgelab ${name}: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`nudgelab ${name}: unexpected failure: ${(error as Error).message}\n`);
    return 1;
  }
}

// A reader that stops early (`nudgelab schema | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
