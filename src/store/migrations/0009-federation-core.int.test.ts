// Migration 0009 on a database written before it (real SQLite and PostgreSQL): every stored
// event gets its Lamport clock and target, aggregates the order key of their last event, and
// agreed terms the clock of the agreeing acceptance instead of its log index.
import type { Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { envelopeText, nextChainFields, signEvent, type ChainHead, type DialogueId, type Json, type PartyId } from '../../record/index.js';
import { bodyText } from '../../record/event.js';
import type { Database } from '../schema.js';
import { migrateSome, migrationEngines } from '../testing/migration-engines.js';
import { testParty, testTime } from '../testing/signed-events.js';

const { engines, cleanup } = migrationEngines();
afterAll(cleanup);

const alice = testParty('alice');
const bob = testParty('bob');
const dialogue = 'd-old' as DialogueId;

describe.each(Object.keys(engines))('migration 0009 on %s', (engine) => {
  it('given events and aggregates stored before 0009, when migrated, then clocks, targets, order keys and terms clocks are filled in', async () => {
    const connection = await engines[engine]!();
    const db = connection.db as unknown as Kysely<Database>;
    expect(await migrateSome(connection, (name) => name < '0009')).toBeUndefined();

    await db.insertInto('parties').values([alice, bob].map((p) => ({ id: p.record.id, name: '{}', public_key: p.record.publicKey, time_zone: null }))).execute();
    await db.insertInto('dialogues').values({ id: dialogue, title: '{}', created_at: testTime(0) }).execute();
    // bob posts twice and alice posts and proposes terms, neither seeing the other (clocks
    // 1, 2 and 1, 2); then bob accepts the terms having seen everything: clock 3, log index 4.
    const heads = new Map<PartyId, ChainHead>();
    const own = (party: typeof alice) => new Map([...heads].filter(([id]) => id === party.record.id));
    const append = (party: typeof alice, type: string, body: Json, view: Map<PartyId, ChainHead>) => {
      const chain = nextChainFields(party.record.id, view);
      const { event, id } = signEvent({ v: 1, dialogue, party: party.record.id, member: null, ...chain, time: testTime(heads.size + 1), type }, body, party.key);
      heads.set(party.record.id, { seq: chain.seq, id });
      return { event, id };
    };
    const post = { kind: 'informal', text: { en: 'hello' } };
    const events = [append(bob, 'message.posted', post, own(bob)), append(alice, 'message.posted', post, own(alice))];
    events.push(append(bob, 'message.posted', post, own(bob)));
    events.push(append(alice, 'terms.proposed', { terms: {} }, own(alice)));
    const proposal = events[3]!.id;
    events.push(append(bob, 'terms.accepted', { target: proposal, proposal }, heads));
    await db.insertInto('events').values(events.map(({ event, id }, index) => ({
      dialogue_id: dialogue, log_index: index, id, party_id: event.party, seq: event.seq, type: event.type, time: event.time,
      envelope: envelopeText(event), body: bodyText(event),
    }) as never)).execute();
    await db.insertInto('aggregates').values({
      dialogue_id: dialogue, kind: 'terms', id: proposal, state: JSON.stringify({ agreedAt: 4, status: 'agreed' }), status: 'agreed',
      parent: null, party: null, date: null, version: 4, updated_at: testTime(4), due_at: null,
    }).execute();

    // Up to 0010: 0011 replaces `target` with `target_index` (its own test).
    expect(await migrateSome(connection, (name) => name < '0011')).toBeUndefined();
    // The schema of 0009–0010 (`target` is gone from the current one).
    const at0010 = db as unknown as Kysely<{ events: { dialogue_id: string; log_index: number; clock: number; target: string | null } }>;
    const migrated = await at0010.selectFrom('events').select(['log_index', 'clock', 'target']).where('dialogue_id', '=', dialogue).orderBy('log_index').execute();
    expect(migrated).toEqual([
      { log_index: 0, clock: 1, target: null }, { log_index: 1, clock: 1, target: null },
      { log_index: 2, clock: 2, target: null }, { log_index: 3, clock: 2, target: null },
      { log_index: 4, clock: 3, target: proposal },
    ]);
    const aggregate = await db.selectFrom('aggregates').selectAll().where('dialogue_id', '=', dialogue).executeTakeFirstOrThrow();
    expect(aggregate).toMatchObject({ last_clock: 3, last_party: 'bob', last_seq: 3, state: '{"agreedAt":3,"status":"agreed"}' });
    await db.destroy();
  });
});
