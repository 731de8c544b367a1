import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tablesInCreationOrder } from '../../../server/store/migrations';
import { sqliteDialect } from '../../../server/store/sql-dialect';
import { DatabaseNewerThanCodeError, migrateSqlite, sqliteMigrations } from '../../../server/store/sqlite-migrations';
import { listApiEvents } from '../../helpers/store-reads';
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

  it('opens a database written by the migrations before the single list (schema version 6), keeping its participants', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nudgelab-')), 'v6.db');
    const old = new Database(path);
    old.exec(readFileSync(new URL('../../fixtures/store/sqlite-v6.sql', import.meta.url), 'utf8'));
    expect(old.pragma('user_version', { simple: true })).toBe(6);
    old.close();
    const store = openSqliteStore(path);
    try {
      expect(await store.findParticipant('loan-anchor', 'old-1')).toMatchObject({ arm: 'low-anchor', panelId: 'panel-9', block: null });
      const drawn = await store.enrolParticipant({
        experimentKey: 'loan-anchor',
        participantId: 'new-1',
        panelId: null,
        locale: 'en',
        userAgentClass: 'mobile',
        arm: { method: 'permuted-blocks', stratum: '', blockSize: 2, armAt: (_, position) => (position === 0 ? 'control' : 'low-anchor') },
        definitionHash: 'hash-new',
        at: new Date(),
      });
      expect(drawn).toMatchObject({ arm: 'control', block: { stratum: '', blockIndex: 0, position: 0 } });
    } finally {
      await store.close();
    }
    expect(new Database(path).pragma('user_version', { simple: true })).toBe(latest);
  });

  it('migration 8 keeps every row, gives old API units the one key that sent their events, and scopes idempotency keys per key', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nudgelab-')), 'v7.db');
    const old = new Database(path);
    migrateSqlite(old, sqliteMigrations.filter((migration) => migration.version <= 7));
    const at = '2026-11-01T10:00:00.000Z';
    old.exec(`
      INSERT INTO api_keys (id, name, secret_sha256, client_key, experiments_json, created_at) VALUES
        ('k1', 'A', '${'a'.repeat(64)}', 'sdk-a', NULL, '${at}'), ('k2', 'B', '${'b'.repeat(64)}', 'sdk-b', NULL, '${at}');
      INSERT INTO participants (experiment_key, participant_id, panel_id, locale, user_agent_class, entered_at, source) VALUES
        ('credit-choice', 'u1', NULL, 'nl', 'unknown', '${at}', 'api'), ('credit-choice', 'u2', NULL, 'nl', 'unknown', '${at}', 'api'),
        ('credit-choice', 'u3', NULL, 'nl', 'unknown', '${at}', 'api'), ('credit-choice', 'p1', 'p1', 'nl', 'desktop', '${at}', 'panel');
      INSERT INTO assignments (experiment_key, participant_id, arm, definition_hash, assigned_at)
        SELECT experiment_key, participant_id, 'control', 'h', '${at}' FROM participants;
      INSERT INTO api_events (experiment_key, participant_id, name, value_json, occurred_at, received_at, api_key_id, idempotency_key) VALUES
        ('credit-choice', 'u1', 'x', 'true', '${at}', '${at}', 'k1', 'acc-1'), ('credit-choice', 'u2', 'x', 'true', '${at}', '${at}', 'k1', NULL),
        ('credit-choice', 'u2', 'x', 'true', '${at}', '${at}', 'k2', NULL), ('credit-choice', 'p1', 'x', 'true', '${at}', '${at}', 'k1', NULL);
    `);
    old.close();
    const store = openSqliteStore(path);
    try {
      const owners = await Promise.all(['u1', 'u2', 'u3', 'p1'].map(async (id) => (await store.findParticipant('credit-choice', id))?.assignedByApiKeyId));
      expect(owners).toEqual(['k1', null, null, null]);
      expect(await listApiEvents(store, 'credit-choice')).toHaveLength(4);
      expect((await store.listApiKeys()).map((key) => key.scopes)).toEqual([[], []]);
      await store.enrolParticipant({ source: 'api', experimentKey: 'credit-choice', participantId: 'b1', panelId: null, locale: 'nl', userAgentClass: 'unknown', arm: 'control', definitionHash: 'h', at: new Date(), assignedByApiKeyId: 'k2' });
      const event = { experimentKey: 'credit-choice', name: 'x', value: true, occurredAt: new Date(), idempotencyKey: 'acc-1' };
      expect(await store.recordApiEvents([{ ...event, participantId: 'b1' }], 'k2', new Date())).toEqual({ stored: 1, duplicates: 0 });
      expect(await store.recordApiEvents([{ ...event, participantId: 'u1' }], 'k1', new Date())).toEqual({ stored: 0, duplicates: 1 });
    } finally {
      await store.close();
    }
  });

  it('lists every table for the copy command, each after the tables its foreign keys point to', () => {
    const db = new Database(':memory:');
    migrateSqlite(db);
    const order = tablesInCreationOrder(sqliteDialect).map((table) => table.name);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    expect([...order].sort()).toEqual(tables);
    for (const table of order) {
      const parents = (db.pragma(`foreign_key_list(${table})`) as { table: string }[]).map((key) => key.table);
      for (const parent of parents) expect(order.indexOf(parent)).toBeLessThan(order.indexOf(table));
    }
    expect(tablesInCreationOrder(sqliteDialect).filter((table) => table.numberedId).map((table) => table.name)).toEqual(['consent_declines', 'api_events', 'audit_log', 'experiment_notes']);
  });
});
