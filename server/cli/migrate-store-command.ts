import { existsSync } from 'node:fs';
import { copySqliteToPostgres, TargetNotEmptyError } from '../store/copy-sqlite-to-postgres';
import { tablesInCreationOrder } from '../store/migrations';
import { postgresDialect } from '../store/sql-dialect';
import { CommandInputError } from './command-input-error';
import { progressBar, type ProgressStream } from './progress-bar';
import { subcommandArguments } from './subcommand-arguments';

/**
 * `nudgelab migrate-store`: copies a pilot's SQLite data (it may keep running)
 * into an empty PostgreSQL database in one transaction, and checks every
 * table's count afterwards, drawing progress table by table on `progress`
 * when it is a terminal.
 *
 * @example
 * await migrateStoreCommand(['--from', 'sqlite:data/nudgelab.db', '--to', 'postgres://nudgelab@db/nudgelab']); // => 'copied data/nudgelab.db to PostgreSQL; every count matches:\n  participants  1200 …'
 */
export async function migrateStoreCommand(argumentsAfterCommand: string[], progress: ProgressStream = process.stderr): Promise<string> {
  const { values } = subcommandArguments('migrate-store', argumentsAfterCommand);
  if (!values.from?.startsWith('sqlite:')) throw new CommandInputError(`--from must be sqlite:FILE (see nudgelab migrate-store --help)`);
  if (!values.to || !/^postgres(ql)?:\/\/\S+$/.test(values.to)) throw new CommandInputError(`--to must be a postgres:// URL (see nudgelab migrate-store --help)`);
  const sqlitePath = values.from.slice('sqlite:'.length);
  if (!existsSync(sqlitePath)) throw new CommandInputError(`no SQLite database at ${sqlitePath}`);
  try {
    const bar = progressBar('copying', tablesInCreationOrder(postgresDialect).length, { stream: progress, unit: 'tables', smallestJob: 1 });
    let tablesCopied = 0;
    const counts = await copySqliteToPostgres(sqlitePath, values.to, () => bar.update(++tablesCopied));
    bar.finish();
    const width = Math.max(...counts.map((count) => count.table.length));
    return [
      `copied ${sqlitePath} to PostgreSQL; every count matches:`,
      ...counts.map((count) => `  ${count.table.padEnd(width)}  ${String(count.target).padStart(9)}`),
    ].join('\n');
  } catch (error) {
    if (error instanceof TargetNotEmptyError) throw new CommandInputError(error.message);
    throw error;
  }
}
