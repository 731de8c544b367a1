import { analyzeCommand, analyzeUsage } from './analyze-command';
import { apiKeyCommand, apiKeyUsage } from './api-key-command';
import { backupCommand, backupUsage } from './backup-command';
import { CommandInputError } from './command-input-error';
import { eraseCommand, eraseUsage } from './erase-command';
import { exportCommand, exportUsage } from './export-command';
import { migrateStoreCommand, migrateStoreUsage } from './migrate-store-command';
import { powerCommand, powerUsage } from './power-command';
import { reportCommand, reportUsage } from './report-command';
import { retentionCommand, retentionUsage } from './retention-command';
import { schemaCommand, schemaUsage } from './schema-command';
import { simulateCommand, simulateUsage } from './simulate-command';
import { userCommand, userUsage } from './user-command';

const commands: Record<string, { run: (args: string[]) => string | Promise<string>; usage: string }> = {
  analyze: { run: analyzeCommand, usage: analyzeUsage },
  power: { run: powerCommand, usage: powerUsage },
  simulate: { run: simulateCommand, usage: simulateUsage },
  schema: { run: schemaCommand, usage: schemaUsage },
  'api-key': { run: apiKeyCommand, usage: apiKeyUsage },
  user: { run: userCommand, usage: userUsage },
  export: { run: exportCommand, usage: exportUsage },
  report: { run: reportCommand, usage: reportUsage },
  erase: { run: eraseCommand, usage: eraseUsage },
  backup: { run: backupCommand, usage: backupUsage },
  retention: { run: retentionCommand, usage: retentionUsage },
  'migrate-store': { run: migrateStoreCommand, usage: migrateStoreUsage },
};

const usage = `usage: nudgelab COMMAND [options]\n\ncommands:\n${Object.values(commands)
  .map((command) => `  ${command.usage.replace(/^usage: nudgelab /, '')}`)
  .join('\n')}`;

/**
 * The `nudgelab` command line. Exit codes: 0 done, 2 bad input (one line on
 * stderr saying what), 1 an unexpected failure.
 */
async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(`${usage}\n`);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`nudgelab: unknown command "${name}"\n${usage}\n`);
    return 2;
  }
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
