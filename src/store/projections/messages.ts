/**
 * The messages projection: one row per `message.posted` event, body text as JSON, or null
 * when the body is withheld or redacted. Also the queries that read it.
 */
import type { Kysely } from 'kysely';
import type { DialogueId, EventId, MemberId, PartyId } from '../../record/index.js';
import type { MessageView } from '../../node/ports.js';
import type { Database, Row } from '../schema.js';
import type { Projection } from './projection.js';

interface MessagePostedBody {
  readonly kind: 'informal' | 'formal_note';
  readonly text: Readonly<Record<string, string>>;
}

export const messagesProjection: Projection = {
  name: 'messages',
  tables: ['messages'],
  handlers: {
    'message.posted': ({ index, id, event }, batch) => {
      const body = event.body as MessagePostedBody | undefined;
      batch.insert('messages', {
        dialogue_id: event.dialogue,
        event_id: id,
        log_index: index,
        party_id: event.party,
        member_id: event.member,
        time: event.time,
        // The kind is part of the body; a withheld body leaves it unknown, shown as informal.
        kind: body?.kind ?? 'informal',
        text: body === undefined ? null : JSON.stringify(body.text),
      });
    },
  },
};

function toView(row: Row<'messages'>): MessageView {
  return {
    id: row.event_id as EventId,
    index: row.log_index,
    dialogue: row.dialogue_id as DialogueId,
    party: row.party_id as PartyId,
    member: row.member_id as MemberId | null,
    time: row.time,
    kind: row.kind === 'formal_note' ? 'formal_note' : 'informal',
    text: row.text === null ? null : (JSON.parse(row.text) as Record<string, string>),
  };
}

export async function messageById(db: Kysely<Database>, dialogue: DialogueId, id: EventId): Promise<MessageView | undefined> {
  // Through the events' unique (dialogue, id) index: messages are keyed by log index (migration 0011).
  const row = await db.selectFrom('messages').selectAll('messages')
    .innerJoin('events', (join) => join.onRef('events.dialogue_id', '=', 'messages.dialogue_id').onRef('events.log_index', '=', 'messages.log_index'))
    .where('events.dialogue_id', '=', dialogue).where('events.id', '=', id).executeTakeFirst();
  return row && toView(row);
}

export async function messagesOf(
  db: Kysely<Database>, dialogue: DialogueId, options: { limit?: number; afterIndex?: number } = {},
): Promise<MessageView[]> {
  const rows = await db.selectFrom('messages').selectAll()
    .where('dialogue_id', '=', dialogue)
    .$if(options.afterIndex !== undefined, (q) => q.where('log_index', '>', options.afterIndex ?? -1))
    .orderBy('log_index')
    .$if(options.limit !== undefined, (q) => q.limit(options.limit ?? 0))
    .execute();
  return rows.map(toView);
}
