/**
 * Test helper: real signed events for the store's tests and the cross-process workers.
 * Keys come from fixed seeds so every process derives the same parties.
 */
import {
  nextChainFields, signEvent, signingKeyFromSeed,
  type ChainHeads, type DialogueId, type EventId, type Json, type MemberId, type PartyId,
  type SignedEvent, type SigningKey,
} from '../../record/index.js';
import type { PartyRecord } from '../../node/ports.js';

export interface TestParty {
  readonly record: PartyRecord;
  readonly key: SigningKey;
}

/** A party whose key is derived from its name (same in every process). */
export function testParty(name: string): TestParty {
  const seed = Buffer.alloc(32);
  seed.write(name.padEnd(32, '.'), 'utf8');
  const key = signingKeyFromSeed(seed);
  return { record: { id: name as PartyId, name: { en: `Party ${name}` }, publicKey: key.publicKey }, key };
}

/** Fixed clock: event `n` is n milliseconds after 2025-01-01. */
export function testTime(n: number): string {
  return new Date(Date.UTC(2025, 0, 1) + n).toISOString();
}

/** Signs the next event of `party` after `heads` (its chain fields come from the heads). */
export function nextEvent(
  party: TestParty, dialogue: DialogueId, heads: ChainHeads,
  options: { type?: string; body?: Json; member?: MemberId | null; time?: string } = {},
): { event: SignedEvent; id: EventId } {
  const chain = nextChainFields(party.record.id, heads);
  return signEvent({
    v: 1, dialogue, party: party.record.id, member: options.member ?? null, ...chain,
    time: options.time ?? testTime(chain.seq), type: options.type ?? 'message.posted',
  }, options.body ?? { kind: 'informal', text: { en: `message ${chain.seq} from ${party.record.id}` } }, party.key);
}

/** Signs `count` consecutive events of `party`, starting after `heads` (which is not changed). */
export function nextEvents(
  party: TestParty, dialogue: DialogueId, heads: ChainHeads, count: number,
  options: { type?: string; body?: Json } = {},
): { event: SignedEvent; id: EventId }[] {
  const running = new Map(heads);
  const out: { event: SignedEvent; id: EventId }[] = [];
  for (let i = 0; i < count; i++) {
    const next = nextEvent(party, dialogue, running, options);
    running.set(party.record.id, { seq: next.event.seq, id: next.id });
    out.push(next);
  }
  return out;
}
