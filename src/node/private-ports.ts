/**
 * Ports for a party's PRIVATE data: accounts, sessions, API tokens, private notes and
 * readout drafts. These live in tables that federation and export never read; every query
 * is scoped by party, so one party's members can never reach another party's rows.
 */
import type { DialogueId, MemberId, PartyId } from '../record/index.js';
import type { MemberRecord } from './ports.js';

export interface SessionRecord {
  /** SHA-256 (hex) of the session secret; the secret itself is only in the cookie. */
  readonly idHash: string;
  readonly member: MemberId;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export type TokenScope = 'read' | 'write';

export interface TokenRecord {
  readonly id: string;
  readonly member: MemberId;
  readonly name: string;
  /** SHA-256 (hex) of the token secret. */
  readonly secretHash: string;
  readonly scopes: readonly TokenScope[];
  readonly createdAt: string;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

export interface PrivateNoteRecord {
  readonly id: string;
  readonly party: PartyId;
  readonly dialogue: DialogueId;
  readonly author: MemberId;
  /** What the note is about: an event or aggregate id of the dialogue. */
  readonly subject: string;
  readonly text: Readonly<Record<string, string>>;
  readonly createdAt: string;
}

export interface ReadoutDraftRecord {
  readonly id: string;
  readonly party: PartyId;
  readonly dialogue: DialogueId;
  readonly meeting: string;
  readonly author: MemberId;
  /** Draft content, in the shape of a `readout.published` body. */
  readonly content: string;
  /** Incremented on every save; the ETag for optimistic concurrency. */
  readonly version: number;
  readonly updatedAt: string;
}

export interface PrivateStore {
  setPasswordHash(member: MemberId, hash: string, at: string): Promise<void>;
  passwordHash(member: MemberId): Promise<string | undefined>;

  createSession(session: SessionRecord): Promise<void>;
  session(idHash: string): Promise<SessionRecord | undefined>;
  deleteSession(idHash: string): Promise<void>;
  deleteSessionsOf(member: MemberId): Promise<void>;

  createToken(token: TokenRecord): Promise<void>;
  token(id: string): Promise<TokenRecord | undefined>;
  tokensOf(member: MemberId): Promise<TokenRecord[]>;
  revokeToken(id: string, at: string): Promise<void>;
  touchToken(id: string, at: string): Promise<void>;

  /** Members of one party (the admin's view). */
  membersOf(party: PartyId): Promise<MemberRecord[]>;

  addPrivateNote(note: PrivateNoteRecord): Promise<void>;
  /** Notes of `party` in `dialogue`, optionally about one subject, oldest first. */
  privateNotes(party: PartyId, dialogue: DialogueId, subject?: string): Promise<PrivateNoteRecord[]>;

  /** Saves a draft if `expectedVersion` matches (0 to create); returns the new version or undefined on conflict. */
  saveReadoutDraft(draft: Omit<ReadoutDraftRecord, 'version'>, expectedVersion: number): Promise<number | undefined>;
  readoutDraft(party: PartyId, id: string): Promise<ReadoutDraftRecord | undefined>;
  readoutDrafts(party: PartyId, dialogue: DialogueId): Promise<ReadoutDraftRecord[]>;
  deleteReadoutDraft(party: PartyId, id: string): Promise<void>;
}

/** One aggregate's projected state with its index columns. */
export interface AggregateRecord<S = unknown> {
  readonly dialogue: DialogueId;
  readonly kind: string;
  readonly id: string;
  readonly state: S;
  readonly status: string;
  readonly parent: string | null;
  readonly party: string | null;
  readonly date: string | null;
  /** Log index of the last event applied to it: the ETag for optimistic concurrency. */
  readonly version: number;
}

export interface AggregateQuery {
  readonly status?: readonly string[];
  readonly parent?: string;
  readonly party?: string;
  /** Inclusive bounds on the `date` column (RFC 3339 strings compare in time order). */
  readonly dateFrom?: string;
  readonly dateTo?: string;
  readonly limit?: number;
  /** Opaque cursor: the id after which to continue (ordering is by date, then id). */
  readonly after?: string;
}

export interface AggregateReader {
  aggregate<S>(dialogue: DialogueId, kind: string, id: string): Promise<AggregateRecord<S> | undefined>;
  aggregates<S>(dialogue: DialogueId, kind: string, query?: AggregateQuery): Promise<AggregateRecord<S>[]>;
}
