/**
 * Ports: what the application service needs from the outside world. Adapters implement
 * them (src/store for persistence; a system clock; key files). The service never imports
 * an adapter; the composition root (src/cli, src/http) wires them.
 */
import type {
  ChainHeads, DialogueId, EventId, Json, MemberId, PartyId, SignedEvent, SigningKey,
} from '../record/index.js';
import type { Role } from '../domain/index.js';
import type { WebhookStore } from './webhook-ports.js';
import type { PeerStore } from './peer-ports.js';
import type { InboxStore } from './inbox-ports.js';
import type { AggregateReader, DueReader, PrivateStore } from './private-ports.js';
import type { StateDigest } from './state-digest.js';

/** The current time. Tests pass a controllable clock; nothing else reads the system time. */
export interface Clock {
  now(): Date;
}

/** A party as registered on this node. `publicKey` is the raw 32-byte Ed25519 key. */
export interface PartyRecord {
  readonly id: PartyId;
  readonly name: Readonly<Record<string, string>>;
  readonly publicKey: Buffer;
  /** IANA time zone its members work in (e.g. `Asia/Shanghai`): times are shown in it too. */
  readonly timeZone?: string;
}

export type { Role };

/** A member account. Private to the member's party's node; never replicated or exported. */
export interface MemberRecord {
  readonly id: MemberId;
  readonly party: PartyId;
  readonly name: string;
  readonly roles: readonly Role[];
}

export interface DialogueRecord {
  readonly id: DialogueId;
  readonly title: Readonly<Record<string, string>>;
  /** Parties in the order they were listed when the dialogue was created. */
  readonly parties: readonly PartyId[];
  readonly createdAt: string;
}

/**
 * One event as stored: its position in this node's log, its id, and its Lamport clock
 * (1 + the largest clock of its `prev` and `seen` events; derived, not signed). The order
 * key (clock, party, seq) is the same on every node; log indexes are not.
 */
export interface StoredEvent {
  readonly index: number;
  readonly id: EventId;
  readonly clock: number;
  readonly event: SignedEvent;
}

/** The dialogue's Merkle log: size and root hash (RFC 9162 MTH). */
export interface LogState {
  readonly size: number;
  readonly root: Buffer;
}

/** A signed checkpoint note as kept by the node. */
export interface CheckpointRecord {
  readonly size: number;
  readonly note: string;
}

/** An event the node refused, kept with the reason ("the rejection is recorded"). */
export interface RejectionRecord {
  readonly dialogue: DialogueId;
  readonly source: string;
  readonly reason: string;
  readonly payload: string;
  readonly time: string;
  /** Set by the retry that resolved it (read back only; `recordRejection` writes an open refusal). */
  readonly resolvedAt?: string;
  readonly resolution?: RejectionResolution;
}

/** A refusal no retry has resolved yet (`rejections.resolved_at` null), with its row to resolve it by. */
export interface OpenRejection extends RejectionRecord {
  readonly row: number;
}

/** What a retry made of a refused event (migration 0015): `rejected` means a newer row says why. */
export type RejectionResolution = 'appended' | 'duplicate' | 'waiting' | 'rejected' | 'equivocation';

/** Keys held by this node: its note (checkpoint) key and the keys of the parties it hosts. */
export interface KeyStore {
  readonly nodeName: string;
  noteKey(): SigningKey;
  partyKey(party: PartyId): SigningKey | undefined;
  createPartyKey(party: PartyId): SigningKey;
  /** The node's witness key: cosigns other logs' checkpoints (kept apart from the note key). */
  witnessKey(): SigningKey;
}

/**
 * An event to append. `signed`, when given, settles once `event.sig` is set (a signature
 * made on a worker thread, record/event.ts `prepareEvent`): the store reads nothing that
 * depends on the signature before, and a rejected `signed` fails the transaction.
 */
export interface AppendedEvent {
  readonly event: SignedEvent;
  readonly id: EventId;
  readonly signed?: Promise<unknown>;
}

/**
 * Work done while holding a dialogue's append lock, inside one database transaction.
 * Everything appended here commits or rolls back together with the projections.
 */
export interface DialogueTransaction {
  readonly dialogue: DialogueRecord;
  /** Every party's chain head in this dialogue, as applied by this node. */
  heads(): Promise<ChainHeads>;
  log(): Promise<LogState>;
  /**
   * Appends signed events in this order: event rows, Merkle leaves and interior nodes, chain
   * heads, and the projections of each event. Returns them with their log indexes.
   */
  append(events: readonly AppendedEvent[]): Promise<StoredEvent[]>;
  /** Read access to projections for deciding, inside the same transaction. */
  readonly projections: ProjectionReader;
  /** Aggregate state for deciding, including the events appended so far in this transaction. */
  readonly aggregates: AggregateReader;
}

/** Queries over projected state. Grows with the domain. */
export interface ProjectionReader {
  message(dialogue: DialogueId, id: EventId): Promise<MessageView | undefined>;
  messages(dialogue: DialogueId, options?: { limit?: number; afterIndex?: number }): Promise<MessageView[]>;
}

export interface MessageView {
  readonly id: EventId;
  readonly index: number;
  readonly dialogue: DialogueId;
  readonly party: PartyId;
  readonly member: MemberId | null;
  readonly time: string;
  readonly kind: 'informal' | 'formal_note';
  /** null when the body was withheld or redacted. */
  readonly text: Readonly<Record<string, string>> | null;
}

/** Persistence for one node. SQLite and PostgreSQL adapters pass one contract suite. */
export interface Store extends DueReader {
  /** Idempotent schema set-up (runs pending migrations). */
  migrate(): Promise<void>;
  close(): Promise<void>;

  putParty(party: PartyRecord): Promise<void>;
  party(id: PartyId): Promise<PartyRecord | undefined>;
  parties(): Promise<PartyRecord[]>;
  putMember(member: MemberRecord): Promise<void>;
  /** Inserts a new member; false, changing nothing, when the id is taken (concurrent adds: one wins). */
  createMember(member: MemberRecord): Promise<boolean>;
  /**
   * Replaces a member only if it is still exactly `expected` (party, name, roles): a
   * compare-and-set for edits made on what an admin read. False, changing nothing, otherwise.
   */
  replaceMember(expected: MemberRecord, next: MemberRecord): Promise<boolean>;
  member(id: MemberId): Promise<MemberRecord | undefined>;
  createDialogue(dialogue: DialogueRecord): Promise<void>;
  dialogue(id: DialogueId): Promise<DialogueRecord | undefined>;
  dialogues(): Promise<DialogueRecord[]>;

  /**
   * Runs `work` in one write transaction: every store call it makes (privates, webhooks…)
   * joins it, so its writes commit together or not at all. Inside another one, joins it.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Runs `effect` once the running transaction has committed — at once outside one; never if
   * it rolls back. For what others must not see before the data (dropping a cache, telling
   * open streams that a credential ended).
   */
  afterCommit(effect: () => void): void;

  /** Runs `work` holding the dialogue's append lock (across processes) in one transaction. */
  withDialogue<T>(dialogue: DialogueId, work: (tx: DialogueTransaction) => Promise<T>): Promise<T>;

  log(dialogue: DialogueId): Promise<LogState>;
  eventById(dialogue: DialogueId, id: EventId): Promise<StoredEvent | undefined>;
  /** Events with log index in [from, from+limit), in log order. */
  events(dialogue: DialogueId, from: number, limit: number): Promise<StoredEvent[]>;
  /** Hashes of stored Merkle nodes (perfect subtrees); missing ids are absent from the map. */
  merkleNodes(dialogue: DialogueId, ids: readonly { level: number; index: number }[]): Promise<Map<string, Buffer>>;

  putCheckpoint(dialogue: DialogueId, checkpoint: CheckpointRecord): Promise<void>;
  latestCheckpoint(dialogue: DialogueId): Promise<CheckpointRecord | undefined>;
  checkpointAt(dialogue: DialogueId, size: number): Promise<CheckpointRecord | undefined>;

  /**
   * The dialogue's state digest (state-digest.ts): equal on every node that holds the same
   * events. Read in one transaction, so aggregates and events are from the same moment.
   */
  stateDigest(dialogue: DialogueId): Promise<StateDigest>;

  /** Replays the dialogue's record into freshly cleared projections (`parley rebuild`). */
  rebuildProjections(dialogue: DialogueId): Promise<void>;
  /** Deletes the bodies named by the dialogue's redaction events and rebuilds projections (idempotent). */
  applyRedactions(dialogue: DialogueId): Promise<number>;

  /**
   * Quarantines a refused event; false (nothing added) when an open row holds the same
   * payload from the same peer refused for the same reason — an event pushed and pulled, or
   * sent again.
   */
  recordRejection(rejection: RejectionRecord): Promise<boolean>;
  /** Every refusal of the dialogue, resolved or not, oldest first: the quarantine's history. */
  rejections(dialogue: DialogueId): Promise<RejectionRecord[]>;
  /** The refusals no retry has resolved, oldest first; with `newest`, only that many of the newest (still oldest first). */
  openRejections(dialogue: DialogueId, options?: { readonly newest?: number }): Promise<OpenRejection[]>;
  /** How many refusals of the dialogue are open. */
  openRejectionCount(dialogue: DialogueId): Promise<number>;
  /** Marks refusals of the dialogue resolved (in the caller's transaction, if any); rows already resolved stay as they are. */
  resolveRejections(dialogue: DialogueId, rows: readonly number[], resolution: RejectionResolution, time: string): Promise<void>;

  /**
   * Per parent (a message's working group…), the latest `date` of the dialogue's aggregates of
   * `kind`: one grouped query, for the floor's "last contact" without reading every message.
   */
  latestDateByParent(dialogue: DialogueId, kind: string): Promise<Map<string, string>>;

  readonly projections: ProjectionReader;
  readonly aggregates: AggregateReader;
  /** Private data of the hosted parties: federation and export never read it. */
  readonly privates: PrivateStore;
  /** A party's outbound webhooks and their delivery outbox (private). */
  readonly webhooks: WebhookStore;
  /** Federation: pinned peers, witnessed checkpoints, cosignatures, replication cursors (public). */
  readonly peers: PeerStore;
  /** Federation inbox: pending incoming events and equivocation proofs (public). */
  readonly inbox: InboxStore;
}

export type { Json };
