// Migration 0011 on a database written before it (real SQLite and PostgreSQL): messages keep
// every row under their new (dialogue, log index) key, and each event's `target` becomes the
// log index of the event that created that aggregate.
import type { Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { envelopeText, nextChainFields, signEvent, type ChainHead, type DialogueId, type EventId, type Json, type PartyId } from '../../record/index.js';
import { bodyText } from '../../record/event.js';
import { messageById } from '../projections/messages.js';
import type { Database } from '../schema.js';
import { migrateSome, migrationEngines } from '../testing/migration-engines.js';
import { testParty, testTime } from '../testing/signed-events.js';

const { engines, cleanup } = migrationEngines();
afterAll(cleanup);

const alice = testParty('alice');
const dialogue = 'd-old' as DialogueId;

/** The events table as 0009–0010 left it. */
interface EventsAt0010 {
  dialogue_id: string; log_index: number; id: string; party_id: string; seq: number; type: string; time: string;
  envelope: string; body: string | null; clock: number; target: string | null;
}

describe.each(Object.keys(engines))('migration 0011 on %s', (engine) => {
  it('given messages and targeted events stored before 0011, when migrated, then every message is still found by id and in order, and targets became log indexes', async () => {
    const connection = await engines[engine]!();
    const db = connection.db as unknown as Kysely<Database>;
    expect(await migrateSome(connection, (name) => name < '0011')).toBeUndefined();

    await db.insertInto('parties').values({ id: alice.record.id, name: '{}', public_key: alice.record.publicKey, time_zone: null }).execute();
    await db.insertInto('dialogues').values({ id: dialogue, title: '{}', created_at: testTime(0) }).execute();
    // Two messages, a receipt of the first, and an event naming an aggregate that is not stored.
    const heads = new Map<PartyId, ChainHead>();
    const append = (type: string, body: Json) => {
      const chain = nextChainFields(alice.record.id, heads);
      const { event, id } = signEvent({ v: 1, dialogue, party: alice.record.id, member: null, ...chain, time: testTime(heads.size + chain.seq), type }, body, alice.key);
      heads.set(alice.record.id, { seq: chain.seq, id });
      return { event, id };
    };
    const first = append('message.posted', { kind: 'informal', text: { en: 'first' } });
    const second = append('message.posted', { kind: 'formal_note', text: { en: 'second' } });
    const events = [first, second, append('message.delivered', { target: first.id }), append('message.delivered', { target: 'not-stored' })];
    const old = db as unknown as Kysely<{ events: EventsAt0010; messages: Database['messages'] }>;
    await old.insertInto('events').values(events.map(({ event, id }, index) => ({
      dialogue_id: dialogue, log_index: index, id, party_id: event.party, seq: event.seq, type: event.type, time: event.time,
      envelope: envelopeText(event), body: bodyText(event), clock: index + 1,
      target: typeof (event.body as { target?: unknown }).target === 'string' ? (event.body as { target: string }).target : null,
    }))).execute();
    await old.insertInto('messages').values([first, second].map(({ event, id }, index) => ({
      dialogue_id: dialogue, event_id: id, log_index: index, party_id: event.party, member_id: null, time: event.time,
      kind: (event.body as { kind: string }).kind, text: JSON.stringify((event.body as { text: unknown }).text),
    }))).execute();

    expect(await migrateSome(connection)).toBeUndefined();

    const targets = await db.selectFrom('events').select(['log_index', 'target_index']).where('dialogue_id', '=', dialogue).orderBy('log_index').execute();
    expect(targets).toEqual([
      { log_index: 0, target_index: null }, { log_index: 1, target_index: null },
      { log_index: 2, target_index: 0 }, { log_index: 3, target_index: null },
    ]);
    expect(await messageById(db, dialogue, second.id)).toMatchObject({ index: 1, kind: 'formal_note', text: { en: 'second' } });
    expect(await messageById(db, dialogue, 'no-such-message' as EventId)).toBeUndefined();
    const rows = await db.selectFrom('messages').select(['log_index', 'event_id']).where('dialogue_id', '=', dialogue).orderBy('log_index').execute();
    expect(rows).toEqual([{ log_index: 0, event_id: first.id }, { log_index: 1, event_id: second.id }]);
    await db.destroy();
  });
});
