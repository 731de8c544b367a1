import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DatabaseNewerThanCodeError, migrateSqlite, sqliteMigrations } from '../../../server/store/sqlite-migrations';
import { openSqliteStore } from '../../../server/store/sqlite-store';

const latest = sqliteMigrations.at(-1)!.version;

describe('migrateSqlite', () => {
  it('brings an empty database to the newest version and records it in user_version', () => {
    const db = new Database(':memory:');
    expect(migrateSqlite(db)).toBe(latest);
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['participants', 'assignments', 'exposures', 'decisions', 'completions']));
  });

  it('runs only the migrations a database has not had', () => {
    const db = new Database(':memory:');
    migrateSqlite(db, sqliteMigrations);
    const extra = { version: latest + 1, name: 'test', sql: 'CREATE TABLE later (x INTEGER) STRICT;' };
    expect(migrateSqlite(db, [...sqliteMigrations, extra])).toBe(latest + 1);
    expect(db.pragma('user_version', { simple: true })).toBe(latest + 1);
  });

  it('rolls back a failing migration, leaving the version unchanged', () => {
    const db = new Database(':memory:');
    migrateSqlite(db);
    const broken = { version: latest + 1, name: 'broken', sql: 'CREATE TABLE half (x INTEGER); SELECT * FROM no_such_table;' };
    expect(() => migrateSqlite(db, [...sqliteMigrations, broken])).toThrow(/no_such_table/);
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
  });

  it('refuses a database newer than the code, with a message that says what to do', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${latest + 5}`);
    expect(() => migrateSqlite(db)).toThrow(DatabaseNewerThanCodeError);
    expect(() => migrateSqlite(db)).toThrow(`schema version ${latest + 5}`);
  });

  it('opens a file store in WAL mode, creating its folder', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nudgelab-')), 'nested', 'store.db');
    const store = openSqliteStore(path);
    void store.close();
    const db = new Database(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
  });
});
