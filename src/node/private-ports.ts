/**
 * Ports for a party's PRIVATE data: accounts, sessions, API tokens, private notes, readout
 * drafts, escalation ladders and the audit log of its administration. These live in tables
 * that federation and export never read; every query is scoped by party, so one party's
 * members can never reach another party's rows.
 */
import type { DialogueId, Json, MemberId, PartyId } from '../record/index.js';
import type { EscalationRung } from '../domain/index.js';
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

/** A party's escalation ladder for the hotline calls it receives in one dialogue. */
export interface EscalationLadderRecord {
  readonly party: PartyId;
  readonly dialogue: DialogueId;
  readonly rungs: readonly EscalationRung[];
  readonly updatedBy: MemberId;
  readonly updatedAt: string;
}

/** The next escalation an unacknowledged call received by `party` waits for. */
export interface PendingEscalation {
  readonly party: PartyId;
  readonly dialogue: DialogueId;
  readonly call: string;
  /** The level the call reaches when `due` passes (1 = the ladder's first rung). */
  readonly level: number;
  readonly due: string;
}

/** One escalation step taken: which rung, who was paged, when it was due and when taken. */
export interface EscalationStepRecord {
  readonly party: PartyId;
  readonly dialogue: DialogueId;
  readonly call: string;
  readonly level: number;
  readonly rung: EscalationRung;
  readonly paged: readonly MemberId[];
  readonly due: string;
  readonly at: string;
}

/**
 * The changes to a party's private data that its audit log records (docs/access.md): who
 * its members are and may do, their credentials, its webhooks and escalation ladders — and
 * its members' logins: each session started and ended, and each wrong password checked.
 */
export const AUDIT_ACTIONS = [
  'member.added', 'member.changed', 'member.password_set',
  'member.logged_in', 'member.login_failed', 'member.logged_out',
  'token.created', 'token.revoked',
  'webhook.created', 'webhook.changed', 'webhook.deleted', 'webhook.secret_rotated',
  'escalation_ladder.changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One entry of a party's audit log: appended with the change it records, never changed. */
export interface AuditEntry {
  readonly id: string;
  readonly party: PartyId;
  /** The member who made the change. */
  readonly actor: MemberId;
  readonly action: AuditAction;
  /** What was changed: a member id (members, their passwords and tokens), a webhook id, a dialogue id (its ladder). */
  readonly target: string;
  /** What changed, e.g. `{ roles: { before, after } }`; never a password, token or signing secret. */
  readonly detail: { readonly [key: string]: Json };
  readonly at: string;
}

/** A page of a party's audit log, newest first; every filter is optional. */
export interface AuditQuery {
  readonly action?: AuditAction;
  readonly actor?: MemberId;
  readonly target?: string;
  /** Inclusive bounds on `at` (RFC 3339 UTC, compared as text). */
  readonly from?: string;
  readonly to?: string;
  readonly limit: number;
  /** The id of the last entry of the previous page; an id not in the party's log is refused (invalid_cursor). */
  readonly after?: string;
}

export interface PrivateStore {
  setPasswordHash(member: MemberId, hash: string, at: string): Promise<void>;
  passwordHash(member: MemberId): Promise<string | undefined>;

  createSession(session: SessionRecord): Promise<void>;
  session(idHash: string): Promise<SessionRecord | undefined>;
  /** Whether a session was deleted (false: there was none, or another call took it first). */
  deleteSession(idHash: string): Promise<boolean>;
  /** Returns how many sessions ended. */
  deleteSessionsOf(member: MemberId): Promise<number>;

  createToken(token: TokenRecord): Promise<void>;
  token(id: string): Promise<TokenRecord | undefined>;
  tokensOf(member: MemberId): Promise<TokenRecord[]>;
  /** Sets `revokedAt` unless it is set already; true when this call revoked it (of concurrent calls, one). */
  revokeToken(id: string, at: string): Promise<boolean>;
  touchToken(id: string, at: string): Promise<void>;

  /** Members of one party (the admin's view). */
  membersOf(party: PartyId): Promise<MemberRecord[]>;
  /**
   * membersOf, for a change that must see every other change of the party's members first
   * (keeping an admin): called inside Store.transaction, the rows stay locked until it ends.
   */
  lockMembersOf(party: PartyId): Promise<MemberRecord[]>;

  /** Appends an entry to its party's audit log (inside the change's transaction). */
  appendAudit(entry: AuditEntry): Promise<void>;
  /** The party's audit log, newest (last written) first. */
  auditEntries(party: PartyId, query: AuditQuery): Promise<AuditEntry[]>;

  addPrivateNote(note: PrivateNoteRecord): Promise<void>;
  /** Notes of `party` in `dialogue`, optionally about one subject, oldest first. */
  privateNotes(party: PartyId, dialogue: DialogueId, subject?: string): Promise<PrivateNoteRecord[]>;

  /** Saves a draft if `expectedVersion` matches (0 to create); returns the new version or undefined on conflict. */
  saveReadoutDraft(draft: Omit<ReadoutDraftRecord, 'version'>, expectedVersion: number): Promise<number | undefined>;
  readoutDraft(party: PartyId, id: string): Promise<ReadoutDraftRecord | undefined>;
  readoutDrafts(party: PartyId, dialogue: DialogueId): Promise<ReadoutDraftRecord[]>;
  deleteReadoutDraft(party: PartyId, id: string): Promise<void>;

  escalationLadder(party: PartyId, dialogue: DialogueId): Promise<EscalationLadderRecord | undefined>;
  putEscalationLadder(ladder: EscalationLadderRecord): Promise<void>;
  /** Sets (or replaces) the call's next escalation. */
  putPendingEscalation(pending: PendingEscalation): Promise<void>;
  pendingEscalation(party: PartyId, dialogue: DialogueId, call: string): Promise<PendingEscalation | undefined>;
  deletePendingEscalation(party: PartyId, dialogue: DialogueId, call: string): Promise<void>;
  /**
   * For the node's scheduler only (every hosted party): pending escalations with
   * `due <= now`, in (due, party, dialogue, call) order, after the cursor.
   */
  duePendingEscalations(now: string, options: { limit: number; after?: PendingEscalation | undefined }): Promise<PendingEscalation[]>;
  /** Refuses (unique violation) a second step of the same level for the same call. */
  addEscalationStep(step: EscalationStepRecord): Promise<void>;
  /** Steps of `party` in `dialogue` (optionally of one call), in the order they were taken. */
  escalationSteps(party: PartyId, dialogue: DialogueId, call?: string): Promise<EscalationStepRecord[]>;
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
  /** When the node must next act on it without a person (RFC 3339 UTC), or null. */
  readonly due: string | null;
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

/** An aggregate whose deadline has come (see Scheduler); also the cursor of the next page. */
export interface DueAggregate {
  readonly dialogue: DialogueId;
  readonly kind: string;
  readonly id: string;
  readonly due: string;
}

export interface AggregateReader {
  aggregate<S>(dialogue: DialogueId, kind: string, id: string): Promise<AggregateRecord<S> | undefined>;
  aggregates<S>(dialogue: DialogueId, kind: string, query?: AggregateQuery): Promise<AggregateRecord<S>[]>;
}

/** Deadlines across every dialogue, for the node's scheduler. */
export interface DueReader {
  /** Aggregates with `due <= now`, in (due, dialogue, kind, id) order, after the cursor. */
  dueAggregates(now: string, options: { limit: number; after?: DueAggregate | undefined }): Promise<DueAggregate[]>;
}
