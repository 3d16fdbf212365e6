/**
 * Stored events to and from `events` rows. The envelope column is the canonical text of the
 * signed envelope, so its UTF-8 bytes are exactly the event's Merkle leaf data.
 */
import { envelopeText, type EventId, type SignedEvent } from '../record/index.js';
import { bodyText } from '../record/event.js';
import type { StoredEvent } from '../node/ports.js';
import type { NewRow, Row } from './schema.js';

/** `targetIndex`: the log index of the event whose id is the body's `target` (targetOfBody), if stored. */
export function eventRow(
  index: number, id: EventId, clock: number, targetIndex: number | null, event: SignedEvent,
): NewRow<'events'> & { envelope: string } {
  return {
    dialogue_id: event.dialogue,
    log_index: index,
    id,
    party_id: event.party,
    seq: event.seq,
    type: event.type,
    time: event.time,
    envelope: envelopeText(event),
    body: bodyText(event),
    clock,
    target_index: targetIndex,
  };
}

/** The aggregate a changing event acts on: its body's `target`, when it names one. */
export function targetOfBody(body: unknown): string | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const target = (body as { target?: unknown }).target;
  return typeof target === 'string' ? target : null;
}

/** The columns storedEventOf reads. */
export const STORED_EVENT_COLUMNS = ['log_index', 'id', 'clock', 'envelope', 'body'] as const;

/** The stored event of a row; a null body comes back as a withheld body (no `body` key). */
export function storedEventOf(row: Pick<Row<'events'>, 'log_index' | 'id' | 'clock' | 'envelope' | 'body'>): StoredEvent {
  const envelope = JSON.parse(row.envelope) as SignedEvent;
  const event: SignedEvent = row.body === null ? envelope : { ...envelope, body: JSON.parse(row.body) };
  return { index: row.log_index, id: row.id as EventId, clock: row.clock, event };
}
