/**
 * The database schema as Kysely sees it: one interface per table, shared by both engines.
 * JSON-valued columns are canonical JSON text; binary columns are Buffers (BLOB / BYTEA).
 */
import type { Generated, Insertable, Selectable } from 'kysely';

export interface PartiesTable {
  id: string;
  /** JSON text: { <lang>: name }. */
  name: string;
  public_key: Buffer;
  /** IANA time zone (migrations/0004-scheduling.ts), or null. */
  time_zone: string | null;
}

/** Private: never read by federation or export (see migrations/0001-initial.ts). */
export interface MembersTable {
  id: string;
  party_id: string;
  name: string;
  /** JSON text: Role[]. */
  roles: string;
}

export interface DialoguesTable {
  id: string;
  /** JSON text: { <lang>: title }. */
  title: string;
  created_at: string;
}

export interface DialoguePartiesTable {
  dialogue_id: string;
  party_id: string;
  position: number;
}

export interface EventsTable {
  dialogue_id: string;
  log_index: number;
  id: string;
  party_id: string;
  seq: number;
  type: string;
  time: string;
  /** Canonical text of the signed envelope (the Merkle leaf data). */
  envelope: string;
  /** Canonical text of the body, or null when withheld or redacted. */
  body: string | null;
  /** Lamport clock (migrations/0009-federation-core.ts): 1 + max clock of `prev` and `seen`. */
  clock: number;
  /**
   * The log index of the event that created the aggregate a changing event acts on (the
   * event whose id is `body.target`), else null (migrations/0011-sequential-index-keys.ts).
   */
  target_index: number | null;
}

export interface MerkleNodesTable {
  dialogue_id: string;
  level: number;
  idx: number;
  hash: Buffer;
}

/** One row per dialogue; on row-lock engines it is also the dialogue's append lock. */
export interface LogsTable {
  dialogue_id: string;
  size: number;
  root: Buffer;
}

export interface ChainHeadsTable {
  dialogue_id: string;
  party_id: string;
  seq: number;
  event_id: string;
}

export interface CheckpointsTable {
  dialogue_id: string;
  size: number;
  note: string;
}

export interface RejectionsTable {
  id: Generated<number>;
  dialogue_id: string;
  source: string;
  reason: string;
  payload: string;
  time: string;
  /** When a retry took the event in, found it held or kept it waiting, or refused it for another reason (migration 0015); null while refused. */
  resolved_at: string | null;
  /** What that retry made of it: appended, duplicate, waiting, rejected (a newer row says why), equivocation. */
  resolution: string | null;
  /** SHA-256 of `payload`, hex (migration 0015): finds an open refusal of the same event. */
  payload_hash: string | null;
}

/** Projection of `message.posted` events. */
export interface MessagesTable {
  dialogue_id: string;
  event_id: string;
  log_index: number;
  party_id: string;
  member_id: string | null;
  time: string;
  kind: string;
  /** JSON text { <lang>: text }, or null when the body is withheld or redacted. */
  text: string | null;
}

/** Projected state of every aggregate (migrations/0002-aggregates.ts); rebuildable from `events`. */
export interface AggregatesTable {
  dialogue_id: string;
  kind: string;
  id: string;
  /** Canonical JSON text of the kind's state. */
  state: string;
  status: string;
  parent: string | null;
  party: string | null;
  date: string | null;
  /** Log index of the last event applied. */
  version: number;
  /** Recorded time of the last event applied (not the clock, so a rebuild reproduces it). */
  updated_at: string;
  /** When the node must next act on it (`index(state).due`), RFC 3339 UTC, or null. */
  due_at: string | null;
  /** Order key (clock, party, seq) of the last event folded in (migrations/0009-federation-core.ts). */
  last_clock: Generated<number>;
  last_party: Generated<string>;
  last_seq: Generated<number>;
}

/** Incoming events waiting for an event they depend on (federation inbox). */
export interface FederationPendingTable {
  dialogue_id: string;
  event_id: string;
  party_id: string;
  seq: number;
  /** Canonical JSON of the signed event, body included. */
  event: string;
  source: string;
  /** What it waits for, e.g. `seq_gap` or `seen_unknown`. */
  reason: string;
  received_at: string;
}

/** Proof of equivocation: two signed envelopes of one party with the same seq. */
export interface EquivocationsTable {
  dialogue_id: string;
  party_id: string;
  seq: number;
  stored_id: string;
  /** Canonical text of the stored signed envelope. */
  stored_envelope: string;
  other_id: string;
  /** Canonical text of the other signed envelope. */
  other_envelope: string;
  source: string;
  detected_at: string;
}


// Private tables (migrations/0003-private-data.ts): never read by federation or export.

export interface AccountsTable {
  member_id: string;
  password_hash: string;
  updated_at: string;
}

export interface SessionsTable {
  id_hash: string;
  member_id: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  member_id: string;
  name: string;
  secret_hash: string;
  /** JSON text: TokenScope[]. */
  scopes: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface PrivateNotesTable {
  id: string;
  party_id: string;
  dialogue_id: string;
  author_id: string;
  subject: string;
  /** JSON text: { <lang>: text }. */
  text: string;
  created_at: string;
}

export interface ReadoutDraftsTable {
  id: string;
  party_id: string;
  dialogue_id: string;
  meeting: string;
  author_id: string;
  content: string;
  version: number;
  updated_at: string;
}

// Private webhook tables (migrations/0006-webhooks.ts): never read by federation or export.

export interface WebhooksTable {
  id: string;
  party_id: string;
  url: string;
  /** JSON text: type prefixes (empty: every type). */
  types: string;
  secret: string;
  /** 1 or 0. */
  enabled: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface WebhookCursorsTable {
  dialogue_id: string;
  next_index: number;
}

export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  party_id: string;
  event_key: string;
  dialogue_id: string;
  type: string;
  payload: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  created_at: string;
  last_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
}

export interface WebhookAttemptsTable {
  delivery_id: string;
  attempt: number;
  at: string;
  status_code: number | null;
  error: string | null;
}

// Private hotline tables (migrations/0004-scheduling.ts): never read by federation or export.

export interface EscalationLaddersTable {
  party_id: string;
  dialogue_id: string;
  /** JSON text: EscalationRung[]. */
  rungs: string;
  updated_by: string;
  updated_at: string;
}

export interface EscalationPendingTable {
  party_id: string;
  dialogue_id: string;
  call_id: string;
  level: number;
  due_at: string;
}

export interface EscalationStepsTable {
  party_id: string;
  dialogue_id: string;
  call_id: string;
  level: number;
  /** JSON text: the rung as it was when the step was taken. */
  rung: string;
  /** JSON text: member ids paged. */
  paged: string;
  due_at: string;
  at: string;
}

// The private audit log (migrations/0014-audit-log.ts): never read by federation or export.

export interface AuditLogTable {
  /** Write order, internal: entries are shown and paged by `id`. */
  seq: Generated<number>;
  id: string;
  party_id: string;
  actor_id: string;
  action: string;
  target: string;
  /** JSON text: what changed. */
  detail: string;
  at: string;
}

// Federation tables (migrations/0010-peers.ts): public node-to-node state, no private data.

export interface PeersTable {
  name: string;
  url: string | null;
  /** Verifier key string of the peer's note key. */
  note_key: string;
  /** Cosigner key string of the peer's witness key. */
  cosigner_key: string;
  added_at: string;
}

export interface PartyHostsTable {
  party_id: string;
  node_name: string;
}

export interface WitnessedTable {
  origin: string;
  size: number;
  /** base64 root hash. */
  root: string;
  note: string;
  cosigned_at: string;
}

export interface CheckpointConflictsTable {
  id: string;
  origin: string;
  source: string;
  reason: string;
  known_note: string;
  offered_note: string;
  /** JSON text: the consistency proof offered, if any. */
  proof: string;
  at: string;
}

export interface CheckpointCosignaturesTable {
  dialogue_id: string;
  size: number;
  cosigner: string;
  line: string;
  at: string;
}

export interface FederationCursorsTable {
  peer: string;
  dialogue_id: string;
  /** 'push' (our log, to the peer) or 'pull' (the peer's log, to us). */
  direction: string;
  next_index: number;
}

/** A request nonce a peer used (migration 0013): a second use before `expires_at` is a replay. */
export interface FederationNoncesTable {
  peer: string;
  nonce: string;
  /** ISO 8601 UTC instant (`toISOString()`): after it the nonce's request is stale anyway. */
  expires_at: string;
}

export interface Database {
  parties: PartiesTable;
  members: MembersTable;
  dialogues: DialoguesTable;
  dialogue_parties: DialoguePartiesTable;
  events: EventsTable;
  merkle_nodes: MerkleNodesTable;
  logs: LogsTable;
  chain_heads: ChainHeadsTable;
  checkpoints: CheckpointsTable;
  rejections: RejectionsTable;
  messages: MessagesTable;
  aggregates: AggregatesTable;
  federation_pending: FederationPendingTable;
  equivocations: EquivocationsTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  private_notes: PrivateNotesTable;
  readout_drafts: ReadoutDraftsTable;
  webhooks: WebhooksTable;
  webhook_cursors: WebhookCursorsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  escalation_ladders: EscalationLaddersTable;
  escalation_pending: EscalationPendingTable;
  escalation_steps: EscalationStepsTable;
  audit_log: AuditLogTable;
  peers: PeersTable;
  party_hosts: PartyHostsTable;
  witnessed: WitnessedTable;
  checkpoint_conflicts: CheckpointConflictsTable;
  checkpoint_cosignatures: CheckpointCosignaturesTable;
  federation_cursors: FederationCursorsTable;
  federation_nonces: FederationNoncesTable;
}

export type TableName = keyof Database & string;
export type Row<T extends TableName> = Selectable<Database[T]>;
export type NewRow<T extends TableName> = Insertable<Database[T]>;
