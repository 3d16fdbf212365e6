// Migration 0012 on a database written before it (real SQLite and PostgreSQL): every stored
// aggregate date becomes toISOString form, so it compares as text with the normalised bounds.
import type { Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { DialogueId } from '../../record/index.js';
import { aggregatesOf } from '../projections/aggregate-queries.js';
import type { Database } from '../schema.js';
import { migrateSome, migrationEngines } from '../testing/migration-engines.js';
import { testTime } from '../testing/signed-events.js';

const { engines, cleanup } = migrationEngines();
afterAll(cleanup);

const dialogue = 'd-old' as DialogueId;

describe.each(Object.keys(engines))('migration 0012 on %s', (engine) => {
  it('given dates stored as the domain gave them, when migrated, then each is UTC with milliseconds and the filters see them at their instant', async () => {
    const connection = await engines[engine]!();
    const db = connection.db as unknown as Kysely<Database>;
    expect(await migrateSome(connection, (name) => name < '0012')).toBeUndefined();
    await db.insertInto('dialogues').values({ id: dialogue, title: '{}', created_at: testTime(0) }).execute();
    const stored: Record<string, string | null> = {
      'm-whole-seconds': '2099-01-01T23:59:59Z',
      'm-micros': '2099-01-01T23:59:59.9995Z',
      'c-offset': '2099-01-01T20:00:00-05:00',
      'c-bare-date': '2099-01-02',
      'c-normal': '2099-01-01T23:59:59.999Z',
      'c-not-a-date': 'someday',
      'c-none': null,
    };
    // More rows than one page of the migration, so paging is exercised too.
    const filler = Array.from({ length: 1005 }, (_, i) => [`f-${String(i).padStart(4, '0')}`, `2000-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`] as const);
    await db.insertInto('aggregates').values([...Object.entries(stored), ...filler].map(([id, date], i) => ({
      dialogue_id: dialogue, kind: 'probe', id, state: '{}', status: 'open', parent: null, party: null, date, version: i, updated_at: testTime(i),
    }))).execute();

    expect(await migrateSome(connection)).toBeUndefined();

    const rows = await db.selectFrom('aggregates').select(['id', 'date']).where('dialogue_id', '=', dialogue).where('id', 'not like', 'f-%').orderBy('id').execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.date]))).toEqual({
      'm-whole-seconds': '2099-01-01T23:59:59.000Z',
      'm-micros': '2099-01-01T23:59:59.999Z',
      'c-offset': '2099-01-02T01:00:00.000Z',
      'c-bare-date': '2099-01-02T00:00:00.000Z',
      'c-normal': '2099-01-01T23:59:59.999Z',
      'c-not-a-date': 'someday',
      'c-none': null,
    });
    const last = await db.selectFrom('aggregates').select('date').where('id', '=', 'f-1004').executeTakeFirstOrThrow();
    expect(last.date).toBe('2000-01-01T00:00:44.000Z');
    const between = await aggregatesOf(db, dialogue, 'probe', { dateFrom: '2099-01-01T23:59:59.000Z', dateTo: '2099-01-02T01:00:00.000Z' });
    expect(between.map((r) => r.id)).toEqual(['m-whole-seconds', 'c-normal', 'm-micros', 'c-bare-date', 'c-offset']);
    await db.destroy();
  });
});
