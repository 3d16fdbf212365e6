// Migration 0015 on a database written before it (real SQLite and PostgreSQL): every refusal
// kept is open, and hashed, so an event refused again for the same reason adds no row.
import type { Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { DialogueId } from '../../record/index.js';
import { payloadHash } from '../payload-hash.js';
import type { Database } from '../schema.js';
import { migrateSome, migrationEngines } from '../testing/migration-engines.js';
import { testTime } from '../testing/signed-events.js';

const { engines, cleanup } = migrationEngines();
afterAll(cleanup);

const dialogue = 'd-old' as DialogueId;

describe.each(Object.keys(engines))('migration 0015 on %s', (engine) => {
  it('given refusals kept before it, when migrated, then each is open with its payload\'s hash', async () => {
    const connection = await engines[engine]!();
    const db = connection.db as unknown as Kysely<Database>;
    expect(await migrateSome(connection, (name) => name < '0015')).toBeUndefined();
    // More rows than one page of the migration.
    const rows = Array.from({ length: 1203 }, (_, i) => ({ dialogue_id: dialogue, source: 'peer', reason: `r${i % 3}`, payload: `{"v":${i}}`, time: testTime(i) }));
    for (let i = 0; i < rows.length; i += 400) await db.insertInto('rejections').values(rows.slice(i, i + 400) as never).execute();

    expect(await migrateSome(connection)).toBeUndefined();

    const migrated = await db.selectFrom('rejections').select(['payload', 'payload_hash', 'resolved_at', 'resolution']).orderBy('id').execute();
    expect(migrated).toHaveLength(1203);
    for (const row of migrated) expect(row).toEqual({ payload: row.payload, payload_hash: payloadHash(row.payload), resolved_at: null, resolution: null });
    expect(migrated[1202]!.payload_hash).toBe(payloadHash('{"v":1202}'));
    await db.destroy();
  });
});
