import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { groupCommit } from '../../../server/store/sqlite-group-commit';

function table() {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, label TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (id, label) VALUES (?, ?)');
  const count = () => db.prepare('SELECT count(*) FROM t').pluck().get() as number;
  return { db, insert, count };
}

describe('groupCommit', () => {
  it('commits the writes of one turn together, and settles each only after the commit', async () => {
    const { db, insert, count } = table();
    const commit = groupCommit(db);
    const writes = Array.from({ length: 50 }, (_, id) => commit(() => insert.run(id, `row ${id}`).changes));
    expect(count()).toBe(0); // nothing written before the turn ends
    const settled = await Promise.all(writes);
    expect(settled).toEqual(Array(50).fill(1));
    expect(count()).toBe(50);
    expect(db.inTransaction).toBe(false);
  });

  it('rolls back a failing write alone; the rest of its batch commits', async () => {
    const { db, insert, count } = table();
    const commit = groupCommit(db);
    const results = await Promise.allSettled([
      commit(() => insert.run(1, 'first')),
      commit(() => {
        insert.run(2, 'half of a write');
        insert.run(1, 'duplicate key'); // fails: the row with id 2 must go too
      }),
      commit(() => insert.run(3, 'third')),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toMatch(/UNIQUE constraint failed/);
    expect(db.prepare('SELECT id FROM t ORDER BY id').pluck().all()).toEqual([1, 3]);
    expect(count()).toBe(2);
  });

  it('rejects every write of a batch whose commit fails, storing none of them', async () => {
    const { db, insert, count } = table();
    const commit = groupCommit(db);
    // A deferred foreign key fails only at COMMIT, after every savepoint succeeded.
    db.exec('PRAGMA foreign_keys = ON; CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (parent_id INTEGER REFERENCES parent DEFERRABLE INITIALLY DEFERRED)');
    const results = await Promise.allSettled([commit(() => insert.run(1, 'ok')), commit(() => db.prepare('INSERT INTO child VALUES (99)').run())]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(count()).toBe(0);
  });

  it('rejects a write alone in its turn with its own error, storing nothing of it, and goes on committing', async () => {
    const { db, insert, count } = table();
    const commit = groupCommit(db);
    await commit(() => insert.run(1, 'first'));
    const failed = commit(() => {
      insert.run(2, 'half of a write');
      insert.run(1, 'duplicate key');
    });
    await expect(failed).rejects.toThrow(/UNIQUE constraint failed/);
    expect(db.prepare('SELECT id FROM t ORDER BY id').pluck().all()).toEqual([1]);
    expect(db.inTransaction).toBe(false);
    await commit(() => insert.run(3, 'third'));
    expect(count()).toBe(2);
  });
});
