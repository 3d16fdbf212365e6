/**
 * The signed event of ARCHITECTURE.md "Event": envelope, body, id and signature.
 *
 * The envelope is the event without `body`; it binds the body only through `bodyHash`, so a
 * body can be withheld (a redaction, or a transcript for an outside auditor) and the id,
 * signature and Merkle leaf still verify. The signing input and the id preimage are the same
 * bytes: the canonical envelope without `sig`.
 */
import { canonicalize, type Json } from './canonical.js';
import { RecordError } from './errors.js';
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
  // Canonical text has no lone surrogate, so hashing it as UTF-8 hashes its canonical bytes.
  return sha256Hex(canonicalize(body));
}

/** The canonical bytes that are signed and whose hash is the event id. */
export function signingInput(event: EventHeader & { readonly bodyHash: string }): Buffer {
  return Buffer.from(signingText(event), 'utf8');
}

type Unsigned = EventHeader & { readonly bodyHash: string };

function signingText(event: Unsigned): string {
  const parts = signingParts(event);
  if (parts) return parts[0] + parts[1];
  const { v, dialogue, party, member, seq, prev, seen, time, type, bodyHash } = event;
  return canonicalize({ v, dialogue, party, member, seq, prev, seen, time, type, bodyHash });
}

/**
 * The canonical texts of an event's signing input and of its signed envelope (its Merkle
 * leaf data), worked out together: the envelope is the signing input with `"sig"` added
 * between `"seq"` and `"time"`. Throws CanonicalizationError as canonicalize does.
 */
export function eventTexts(event: SignedEvent): { readonly signing: string; readonly envelope: string } {
  const parts = signingParts(event);
  const sig = typeof event.sig === 'string' ? plainString(event.sig) : undefined;
  if (parts && sig !== undefined) return { signing: parts[0] + parts[1], envelope: `${parts[0]},"sig":${sig}${parts[1]}` };
  return { signing: signingText(event), envelope: canonicalize(envelopeOf(event)) };
}

/** JSON text of a string that canonicalize accepts as is (no lone surrogate), else undefined. */
function plainString(value: string): string | undefined {
  return (value as unknown as { isWellFormed(): boolean }).isWellFormed() ? JSON.stringify(value) : undefined;
}

function plainOrNull(value: string | null): string | undefined {
  if (value === null) return 'null';
  return typeof value === 'string' ? plainString(value) : undefined;
}

function plainSeen(seen: unknown): string | undefined {
  if (typeof seen !== 'object' || seen === null || Array.isArray(seen)) return undefined;
  const proto = Object.getPrototypeOf(seen) as unknown;
  if (proto !== Object.prototype && proto !== null) return undefined;
  const keys = Object.keys(seen).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = plainString(keys[i]!);
    const value = (seen as Record<string, unknown>)[keys[i]!];
    const id = typeof value === 'string' ? plainString(value) : undefined;
    if (key === undefined || id === undefined) return undefined;
    out += `${i > 0 ? ',' : ''}${key}:${id}`;
  }
  return out + '}';
}

/**
 * The canonical signing text of an event in two parts, split where `"sig"` goes in the
 * envelope: `{"bodyHash":…,"seq":N` and `,"time":…,"v":1}` (RFC 8785 member order). Written
 * field by field, which canonicalize of the same members would write byte for byte; only for
 * the shape events have (strings without lone surrogates, a safe integer seq, v = 1, `seen`
 * a plain object of strings). Anything else → undefined, and the callers canonicalize, which
 * explains what is wrong.
 */
function signingParts(event: Unsigned): [string, string] | undefined {
  const { v, dialogue, party, member, seq, prev, seen, time, type, bodyHash } = event as { [K in keyof Unsigned]: unknown };
  if (v !== 1 || typeof seq !== 'number' || !Number.isSafeInteger(seq) || Object.is(seq, -0)) return undefined;
  if (typeof dialogue !== 'string' || typeof party !== 'string' || typeof time !== 'string' || typeof type !== 'string' || typeof bodyHash !== 'string') return undefined;
  const texts = [
    plainString(bodyHash), plainString(dialogue), plainOrNull(member as string | null), plainString(party),
    plainOrNull(prev as string | null), plainSeen(seen), plainString(time), plainString(type),
  ];
  if (texts.includes(undefined)) return undefined;
  const [b, d, m, p, pr, se, ti, ty] = texts as string[];
  return [`{"bodyHash":${b},"dialogue":${d},"member":${m},"party":${p},"prev":${pr},"seen":${se},"seq":${seq}`, `,"time":${ti},"type":${ty},"v":1}`];
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

/**
 * An event whose signature is made later, e.g. on a worker thread: its id and signing input
 * do not depend on the signature, so the chain and the projections can go on while it is
 * made. `event.sig` is '' until `completeSignature`; nothing may read the envelope before.
 */
export interface PreparedEvent {
  readonly event: SignedEvent;
  readonly id: EventId;
  /** The bytes the Ed25519 signature covers (the canonical envelope without `sig`). */
  readonly input: Buffer;
}

/** Prepared events still without a signature: their signing-text parts and body text. */
const unsignedTexts = new WeakMap<SignedEvent, { readonly parts: [string, string] | undefined; readonly body: string }>();

/** Canonicalises and hashes `header` + `body`: the event, its id and what to sign. */
export function prepareEvent(header: EventHeader, body: Json): PreparedEvent {
  const bodyText = canonicalize(body);
  const bodyHash = sha256Hex(bodyText);
  const unsigned = { ...header, bodyHash };
  const parts = signingParts(unsigned);
  const input = Buffer.from(parts ? parts[0] + parts[1] : signingText(unsigned), 'utf8');
  const event: SignedEvent = { ...unsigned, sig: '', body };
  unsignedTexts.set(event, { parts, body: bodyText });
  return { event, id: sha256(input).toString('hex') as EventId, input };
}

/** Sets a prepared event's signature (the one place an event changes: once, from ''). */
export function completeSignature(prepared: PreparedEvent, signature: Uint8Array): void {
  const texts = unsignedTexts.get(prepared.event);
  if (texts === undefined) throw new RecordError('already_signed', `event ${prepared.id} is not a prepared event waiting for its signature`);
  if (signature.length !== 64) throw new RecordError('bad_signature', `an Ed25519 signature is 64 bytes, got ${signature.length}`);
  unsignedTexts.delete(prepared.event);
  const sig = Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength).toString('base64');
  (prepared.event as { sig: string }).sig = sig;
  // Keys sort …, seq, sig, time, …: the envelope text is the signing text with `sig` added
  // between its two parts (base64 needs no escaping).
  if (texts.parts) signedTexts.set(prepared.event, { envelope: `${texts.parts[0]},"sig":"${sig}"${texts.parts[1]}`, body: texts.body });
}

/** Whether a prepared event still waits for its signature. */
export function isAwaitingSignature(event: SignedEvent): boolean {
  return unsignedTexts.has(event);
}

/** Signs `header` + `body` with the author party's key. Returns the event and its id. */
export function signEvent(header: EventHeader, body: Json, key: SigningKey): { event: SignedEvent; id: EventId } {
  const prepared = prepareEvent(header, body);
  completeSignature(prepared, key.sign(prepared.input));
  return { event: prepared.event, id: prepared.id };
}

/** The envelope of an event (the event without its body). */
export function envelopeOf(event: SignedEvent): Envelope {
  const { v, dialogue, party, member, seq, prev, seen, time, type, bodyHash, sig } = event;
  return { v, dialogue, party, member, seq, prev, seen, time, type, bodyHash, sig };
}

/** Merkle leaf data: the canonical bytes of the signed envelope (with `sig`, without `body`). */
export function leafDataOf(event: SignedEvent): Buffer {
  return Buffer.from(envelopeText(event), 'utf8');
}

/** The canonical text of the signed envelope, the form the store keeps. */
export function envelopeText(event: SignedEvent): string {
  return signedTexts.get(event)?.envelope ?? eventTexts(event).envelope;
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
