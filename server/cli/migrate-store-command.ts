import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { copySqliteToPostgres, TargetNotEmptyError } from '../store/copy-sqlite-to-postgres';
import { CommandInputError } from './command-input-error';

export const migrateStoreUsage = 'usage: nudgelab migrate-store --from sqlite:FILE --to postgres://USER@HOST:PORT/DATABASE';

/**
 * `nudgelab migrate-store`: copies a pilot's SQLite data (it may keep running)
 * into an empty PostgreSQL database in one transaction, and checks every
 * table's count afterwards.
 */
export async function migrateStoreCommand(argumentsAfterCommand: string[]): Promise<string> {
  let values;
  try {
    ({ values } = parseArgs({ args: argumentsAfterCommand, options: { from: { type: 'string' }, to: { type: 'string' } } }));
  } catch (error) {
    throw new CommandInputError(`${(error as Error).message}; ${migrateStoreUsage}`);
  }
  if (!values.from?.startsWith('sqlite:')) throw new CommandInputError(`--from must be sqlite:FILE; ${migrateStoreUsage}`);
  if (!values.to || !/^postgres(ql)?:\/\/\S+$/.test(values.to)) throw new CommandInputError(`--to must be a postgres:// URL; ${migrateStoreUsage}`);
  const sqlitePath = values.from.slice('sqlite:'.length);
  if (!existsSync(sqlitePath)) throw new CommandInputError(`no SQLite database at ${sqlitePath}`);
  try {
    const counts = await copySqliteToPostgres(sqlitePath, values.to, (table, rows) => process.stderr.write(`copied ${rows} rows of ${table}\n`));
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
