// WAL checkpoints of a SQLite store run on a worker thread (dialect/sqlite-checkpointer.ts):
// committed pages reach the database file while the store stays open, though far fewer than
// the main connection's own (backstop) checkpoint threshold were written.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteConnection } from './dialect/sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Polls `check` until it holds or `ms` have passed; the checkpoint thread runs on its own schedule. */
async function eventually(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

describe('sqlite checkpoints on a worker thread', () => {
  it('given ~1 MB committed to the WAL, the database file receives it while the store stays open', async () => {
    const path = join(dir, 'parley.db');
    const { db } = createSqliteConnection({ path });
    try {
      await sql`create table t (id integer primary key, data text not null)`.execute(db);
      const before = statSync(path).size;
      for (let i = 0; i < 10; i++) {
        await sql`insert into t (data) select ${'x'.repeat(1000)} from (with recursive n(i) as (select 1 union all select i + 1 from n where i < 100) select i from n)`.execute(db);
      }
      expect(await eventually(() => statSync(path).size > before + 900_000, 15_000)).toBe(true);
      const { rows } = await sql<{ n: number }>`select count(*) as n from t`.execute(db);
      expect(rows[0]!.n).toBe(1000);
    } finally {
      await db.destroy();
    }
    const reopened = createSqliteConnection({ path });
    try {
      const { rows } = await sql<{ n: number }>`select count(*) as n from t`.execute(reopened.db);
      expect(rows[0]!.n).toBe(1000);
    } finally {
      await reopened.db.destroy();
    }
  });
});
