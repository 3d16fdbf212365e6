/**
 * The signed event of ARCHITECTURE.md "Event": envelope, body, id and signature.
 *
 * The envelope is the event without `body`; it binds the body only through `bodyHash`, so a
 * body can be withheld (a redaction, or a transcript for an outside auditor) and the id,
 * signature and Merkle leaf still verify. The signing input and the id preimage are the same
 * bytes: the canonical envelope without `sig`.
 */
import { canonicalBytes, canonicalize, type Json } from './canonical.js';
import { sha256, sha256Hex } from './hash.js';
import type { SigningKey, VerifyingKey } from './keys.js';

declare const brand: unique symbol;
/** A value of type T that has been checked to be a B. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type EventId = Brand<string, 'EventId'>;
export type PartyId = Brand<string, 'PartyId'>;
export type DialogueId = Brand<string, 'DialogueId'>;
export type MemberId = Brand<string, 'MemberId'>;

export const EVENT_FORMAT_VERSION = 1;

/** Everything of an event that the author decides, before hashing and signing. */
export interface EventHeader {
  readonly v: 1;
  readonly dialogue: DialogueId;
  readonly party: PartyId;
  readonly member: MemberId | null;
  readonly seq: number;
  readonly prev: EventId | null;
  readonly seen: Readonly<Record<string, EventId>>;
  readonly time: string;
  readonly type: string;
}

/** The signed envelope: the event without its body. This is what the Merkle log commits to. */
export interface Envelope extends EventHeader {
  readonly bodyHash: string;
  readonly sig: string;
}

/** A signed event; `body` is absent when withheld. */
export interface SignedEvent extends Envelope {
  readonly body?: Json;
}

/** RFC 3339 UTC with exactly three fractional digits, as every event `time` must be. */
export const EVENT_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Lowercase hex SHA-256 of the canonical bytes of `body`. */
export function bodyHashOf(body: Json): string {
  return sha256Hex(canonicalBytes(body));
}

/** The canonical bytes that are signed and whose hash is the event id. */
export function signingInput(event: EventHeader & { readonly bodyHash: string }): Buffer {
  const { v, dialogue, party, member, seq, prev, seen, time, type, bodyHash } = event;
  return canonicalBytes({ v, dialogue, party, member, seq, prev, seen, time, type, bodyHash });
}

/** The event id: lowercase hex SHA-256 of the canonical envelope without `sig`. */
export function eventIdOf(event: EventHeader & { readonly bodyHash: string }): EventId {
  return sha256Hex(signingInput(event)) as EventId;
}

/** Signs `header` + `body` with the author party's key. Returns the event and its id. */
export function signEvent(header: EventHeader, body: Json, key: SigningKey): { event: SignedEvent; id: EventId } {
  const bodyHash = bodyHashOf(body);
  const input = signingInput({ ...header, bodyHash });
  const sig = key.sign(input).toString('base64');
  const event: SignedEvent = { ...header, bodyHash, sig, body };
  return { event, id: sha256(input).toString('hex') as EventId };
}

/** The envelope of an event (the event without its body). */
export function envelopeOf(event: SignedEvent): Envelope {
  const { v, dialogue, party, member, seq, prev, seen, time, type, bodyHash, sig } = event;
  return { v, dialogue, party, member, seq, prev, seen, time, type, bodyHash, sig };
}

/** Merkle leaf data: the canonical bytes of the signed envelope (with `sig`, without `body`). */
export function leafDataOf(event: SignedEvent): Buffer {
  return canonicalBytes(envelopeOf(event));
}

/** The canonical text of the signed envelope, the form the store keeps. */
export function envelopeText(event: SignedEvent): string {
  return canonicalize(envelopeOf(event));
}

/** Whether `sig` is the author key's signature over the event's signing input. */
export function hasValidSignature(event: SignedEvent, key: VerifyingKey): boolean {
  const sig = Buffer.from(event.sig, 'base64');
  return key.verify(signingInput(event), sig);
}

/** Whether a present body matches `bodyHash`; a withheld body is not checked here. */
export function hasMatchingBody(event: SignedEvent): boolean {
  return event.body === undefined || bodyHashOf(event.body) === event.bodyHash;
}
