/**
 * Turns untrusted JSON (a transcript, a federation payload) into a SignedEvent of the right
 * shape, or explains which field is wrong. Shape only: signatures and chains are checked by
 * the verifiers.
 */
import type { Json } from './canonical.js';
import { RecordError } from './errors.js';
import { EVENT_TIME_PATTERN, type SignedEvent } from './event.js';

const HEX64 = /^[0-9a-f]{64}$/;
const BASE64_SIG = /^[A-Za-z0-9+/]{86}==$/;
const ENVELOPE_FIELDS = new Set(['v', 'dialogue', 'party', 'member', 'seq', 'prev', 'seen', 'time', 'type', 'bodyHash', 'sig', 'body']);

/** Raised when an event does not have the shape of ARCHITECTURE.md "Event". */
export class EventShapeError extends RecordError {
  readonly field: string;
  constructor(field: string, reason: string) {
    super('malformed_event', `${field}: ${reason}`);
    this.name = 'EventShapeError';
    this.field = field;
  }
}

function fail(field: string, reason: string): never {
  throw new EventShapeError(field, reason);
}

function nonEmptyString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) fail(field, 'must be a non-empty string');
  return value;
}

/** Checks the shape of an event; the result is still unverified. */
export function parseSignedEvent(value: unknown): SignedEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('event', 'must be a JSON object');
  const e = value as Record<string, unknown>;
  for (const key of Object.keys(e)) if (!ENVELOPE_FIELDS.has(key)) fail(key, 'is not a field of an event');
  if (e.v !== 1) fail('v', 'must be 1');
  nonEmptyString(e.dialogue, 'dialogue');
  nonEmptyString(e.party, 'party');
  if (e.member !== null) nonEmptyString(e.member, 'member');
  if (!Number.isSafeInteger(e.seq) || (e.seq as number) < 1) fail('seq', 'must be an integer ≥ 1');
  if (e.prev === null) {
    if (e.seq !== 1) fail('prev', 'may be null only at seq 1');
  } else if (typeof e.prev !== 'string' || !HEX64.test(e.prev)) {
    fail('prev', 'must be a lowercase hex SHA-256 or null');
  } else if (e.seq === 1) {
    fail('prev', 'must be null at seq 1');
  }
  if (typeof e.seen !== 'object' || e.seen === null || Array.isArray(e.seen)) fail('seen', 'must be an object');
  for (const [party, id] of Object.entries(e.seen)) {
    if (party === e.party) fail(`seen.${party}`, 'must not name the author party');
    if (typeof id !== 'string' || !HEX64.test(id)) fail(`seen.${party}`, 'must be a lowercase hex SHA-256');
  }
  // The round trip refuses dates the pattern admits but the calendar does not (02-30, 24:00).
  const ms = typeof e.time === 'string' && EVENT_TIME_PATTERN.test(e.time) ? Date.parse(e.time) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString() !== e.time) {
    fail('time', 'must be RFC 3339 UTC with milliseconds, e.g. 2026-01-31T12:00:00.000Z');
  }
  nonEmptyString(e.type, 'type');
  if (typeof e.bodyHash !== 'string' || !HEX64.test(e.bodyHash)) fail('bodyHash', 'must be a lowercase hex SHA-256');
  if (typeof e.sig !== 'string' || !BASE64_SIG.test(e.sig)) fail('sig', 'must be a base64 Ed25519 signature');
  return e as unknown as SignedEvent & { body?: Json };
}
