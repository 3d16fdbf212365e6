/**
 * The exported transcript of a dialogue (ARCHITECTURE.md "Transcript"): the parties and
 * their keys, the log's note key, every signed event in log order (withheld bodies absent)
 * and the signed checkpoint for exactly those events. Anyone can verify it offline with
 * ./transcript-verifier.ts, or without Parley (tools/independent-verify).
 *
 * This file holds the format: its types, the builder, the header parser and the error type.
 */
import { VerificationError } from './errors.js';
import type { SignedEvent } from './event.js';
import { decodeBase64, verifyingKey, type VerifyingKey } from './keys.js';
import { parseVerifierKey, type NoteVerifier } from './note.js';

export const TRANSCRIPT_FORMAT = 'parley-transcript/1';

/** A party as a transcript lists it: id, display name per language, raw Ed25519 key in base64. */
export interface TranscriptParty {
  readonly id: string;
  readonly name: Readonly<Record<string, string>>;
  readonly publicKey: string;
}

/** A transcript as exported (a JSON object). */
export interface Transcript {
  readonly format: typeof TRANSCRIPT_FORMAT;
  readonly origin: string;
  readonly parties: readonly TranscriptParty[];
  readonly logKey: string;
  readonly events: readonly SignedEvent[];
  readonly checkpoint: string;
}

/** Where a failure happened, as far as it is known. */
export interface TranscriptErrorContext {
  readonly index?: number;
  readonly party?: string;
  readonly seq?: number;
  readonly type?: string;
  readonly expected?: string;
  readonly actual?: string;
  readonly cause?: unknown;
}

/** A transcript failed to verify: `code` says what, `index`/`party`/`seq`/`type` say where. */
export class TranscriptError extends VerificationError {
  readonly index: number | undefined;
  readonly party: string | undefined;
  readonly seq: number | undefined;
  readonly type: string | undefined;
  constructor(code: string, message: string, context: TranscriptErrorContext = {}) {
    super(code, locate(context) + message, { expected: context.expected, actual: context.actual });
    this.name = 'TranscriptError';
    this.index = context.index;
    this.party = context.party;
    this.seq = context.seq;
    this.type = context.type;
    if (context.cause !== undefined) Object.defineProperty(this, 'cause', { value: context.cause });
  }
}

function locate(c: TranscriptErrorContext): string {
  if (c.index === undefined) return '';
  const where = [c.party && `party ${c.party}`, c.seq !== undefined && `seq ${c.seq}`, c.type && `type ${c.type}`].filter(Boolean);
  return `event ${c.index}${where.length > 0 ? ` (${where.join(', ')})` : ''}: `;
}

/** A verified-shape transcript header, ready for the verifier. */
export interface TranscriptHeader {
  readonly origin: string;
  /** The dialogue id: the origin's part after its last '/'. */
  readonly dialogue: string;
  readonly parties: readonly { readonly id: string; readonly key: VerifyingKey }[];
  readonly logKey: string;
  readonly logVerifier: NoteVerifier;
}

const HEADER_FIELDS = new Set(['format', 'origin', 'parties', 'logKey', 'checkpoint', 'events']);
const PARTY_FIELDS = new Set(['id', 'name', 'publicKey']);

function bad(message: string, cause?: unknown): never {
  throw new TranscriptError('transcript_malformed', message, cause === undefined ? {} : { cause });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a transcript's header (everything but `events`); throws `transcript_malformed`. */
export function parseTranscriptHeader(value: unknown): TranscriptHeader {
  if (!isObject(value)) bad('a transcript is a JSON object');
  for (const key of Object.keys(value)) if (!HEADER_FIELDS.has(key)) bad(`${key} is not a field of a transcript`);
  if (value.format !== TRANSCRIPT_FORMAT) bad(`format must be ${JSON.stringify(TRANSCRIPT_FORMAT)}, got ${JSON.stringify(value.format)}`);
  const origin = value.origin;
  if (typeof origin !== 'string' || origin.includes('\n')) bad('origin must be a one-line string');
  const slash = origin.lastIndexOf('/');
  if (slash <= 0 || slash === origin.length - 1) bad(`origin ${JSON.stringify(origin)} must be <node name>/<dialogue id>`);
  if (!Array.isArray(value.parties) || value.parties.length === 0) bad('parties must be a non-empty array');
  const ids = new Set<string>();
  const parties = value.parties.map((p: unknown, i: number) => {
    if (!isObject(p)) bad(`parties[${i}] must be an object`);
    for (const key of Object.keys(p)) if (!PARTY_FIELDS.has(key)) bad(`parties[${i}].${key} is not a field of a party`);
    if (typeof p.id !== 'string' || p.id.length === 0) bad(`parties[${i}].id must be a non-empty string`);
    if (ids.has(p.id)) bad(`parties[${i}].id ${p.id} is listed twice`);
    ids.add(p.id);
    if (!isObject(p.name) || Object.values(p.name).some((n) => typeof n !== 'string')) {
      bad(`parties[${i}].name must map language tags to strings`);
    }
    const raw = typeof p.publicKey === 'string' ? decodeBase64(p.publicKey) : undefined;
    if (raw === undefined || raw.length !== 32) bad(`parties[${i}].publicKey must be a base64 raw 32-byte Ed25519 key`);
    return { id: p.id, key: verifyingKey(raw) };
  });
  if (typeof value.logKey !== 'string') bad('logKey must be a verifier key string');
  let logVerifier: NoteVerifier;
  try {
    logVerifier = parseVerifierKey(value.logKey);
  } catch (error) {
    bad(`logKey is not a valid verifier key: ${(error as Error).message}`, error);
  }
  return { origin, dialogue: origin.slice(slash + 1), parties, logKey: value.logKey, logVerifier };
}

/** What buildTranscript needs; party keys are raw 32-byte public keys. */
export interface TranscriptInput {
  readonly origin: string;
  readonly parties: readonly { readonly id: string; readonly name: Readonly<Record<string, string>>; readonly publicKey: Uint8Array }[];
  readonly logKey: string;
  readonly events: readonly SignedEvent[];
  readonly checkpoint: string;
  /** Event types whose bodies are left out (selective disclosure). */
  readonly withholdTypes?: readonly string[];
}

/** Assembles a transcript; bodies of `withholdTypes` are dropped, everything else kept. */
export function buildTranscript(input: TranscriptInput): Transcript {
  const withhold = new Set(input.withholdTypes ?? []);
  const events = input.events.map((event) => {
    if (!withhold.has(event.type) || event.body === undefined) return event;
    const { body: _body, ...envelope } = event;
    return envelope;
  });
  return {
    format: TRANSCRIPT_FORMAT,
    origin: input.origin,
    parties: input.parties.map((p) => ({ id: p.id, name: { ...p.name }, publicKey: Buffer.from(p.publicKey).toString('base64') })),
    logKey: input.logKey,
    events,
    checkpoint: input.checkpoint,
  };
}
