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
  return Buffer.from(signingText(event), 'utf8');
}

function signingText(event: EventHeader & { readonly bodyHash: string }): string {
  const { v, dialogue, party, member, seq, prev, seen, time, type, bodyHash } = event;
  return canonicalize({ v, dialogue, party, member, seq, prev, seen, time, type, bodyHash });
}

/**
 * Canonical texts worked out while signing, by the event object signEvent returned. The
 * store keeps the envelope and body text of every event it appends; encoding them again
 * cost about as much as signing's own encoding. Events are immutable (every field is
 * readonly), so a cached text is exact; other events are encoded afresh.
 */
const signedTexts = new WeakMap<SignedEvent, { readonly envelope: string; readonly body: string }>();

/** The event id: lowercase hex SHA-256 of the canonical envelope without `sig`. */
export function eventIdOf(event: EventHeader & { readonly bodyHash: string }): EventId {
  return sha256Hex(signingInput(event)) as EventId;
}

/** Signs `header` + `body` with the author party's key. Returns the event and its id. */
export function signEvent(header: EventHeader, body: Json, key: SigningKey): { event: SignedEvent; id: EventId } {
  const bodyText = canonicalize(body);
  const bodyHash = sha256Hex(Buffer.from(bodyText, 'utf8'));
  const text = signingText({ ...header, bodyHash });
  const input = Buffer.from(text, 'utf8');
  const sig = key.sign(input).toString('base64');
  const event: SignedEvent = { ...header, bodyHash, sig, body };
  // Keys sort …, seq, sig, time, …: the envelope text is the signing text with `sig` added
  // before the top-level `time` (the last `,"time":`; inside strings every quote is escaped).
  const at = text.lastIndexOf(',"time":');
  if (at >= 0) signedTexts.set(event, { envelope: `${text.slice(0, at)},"sig":${canonicalize(sig)}${text.slice(at)}`, body: bodyText });
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
  return signedTexts.get(event)?.envelope ?? canonicalize(envelopeOf(event));
}

/** The canonical text of the event's body, or null when it is withheld. */
export function bodyText(event: SignedEvent): string | null {
  if (event.body === undefined) return null;
  return signedTexts.get(event)?.body ?? canonicalize(event.body);
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
