import { existsSync } from 'node:fs';
import { readConfig } from '../config';
import { openSqliteStore } from '../store/sqlite-store';
import { CommandInputError } from './command-input-error';
import { subcommandArguments } from './subcommand-arguments';

/**
 * `nudgelab backup`: a consistent online copy of the database at NUDGELAB_DB,
 * taken with SQLite's backup API while the server keeps running.
 */
export async function backupCommand(argumentsAfterCommand: string[]): Promise<string> {
  const { values } = subcommandArguments('backup', argumentsAfterCommand);
  if (!values.out) throw new CommandInputError(`--out FILE is required (see nudgelab backup --help)`);
  if (existsSync(values.out)) throw new CommandInputError(`${values.out} exists already; choose a new file`);
  const config = readConfig();
  if (config.NUDGELAB_DATABASE_URL) throw new CommandInputError('the store is PostgreSQL (NUDGELAB_DATABASE_URL): back it up with pg_dump or your provider’s snapshots');
  const source = config.NUDGELAB_DB;
  if (!existsSync(source)) throw new CommandInputError(`no database at ${source} (set NUDGELAB_DB)`);
  const store = openSqliteStore(source);
  try {
    await store.backup(values.out);
    return `backed up ${source} to ${values.out}`;
  } finally {
    await store.close();
  }
}
