/**
 * The parts of the API's aggregate states that the pages read (see the `state` of
 * GET /dialogues/:id/working-groups and /commitments; the full types are in src/domain).
 */
import type { Multilingual } from './api.js';

export interface Mandate {
  readonly title: Multilingual;
  readonly topic?: Multilingual;
  readonly goals: readonly Multilingual[];
  readonly protected?: boolean;
}

export interface WorkingGroup {
  readonly id: string;
  readonly status: string;
  readonly proposedBy: string;
  readonly proposedAt: string;
  readonly mandate: Mandate | null;
  readonly coChairs: Readonly<Record<string, string>>;
  readonly proposal: string;
  /** Party → the proposal id it accepted. */
  readonly acceptances: Readonly<Record<string, string>>;
  readonly suspendedBy: Readonly<Record<string, { reason: string; at: string }>>;
  /** Every lifecycle step (full event types), for the timeline. */
  readonly history: readonly { type: string; party: string; at: string; reason?: string }[];
}

export interface Commitment {
  readonly id: string;
  readonly status: string;
  readonly proposedBy: string;
  readonly party: string | null;
  readonly title: Multilingual | null;
  readonly due: string | null;
  readonly progress: number;
  readonly reference: string | null;
  readonly delivery: string | null;
  readonly evidence: { text?: Multilingual; links?: string[] } | null;
  readonly confirmedBy: string | null;
  readonly confirmedAt: string | null;
  readonly disputes: readonly { party: string; delivery: string; reason: string; at: string }[];
  readonly withdrawn: { party: string; reason: string | null; at: string } | null;
}

/** The statuses the board shows, in lifecycle order (`overdue` is computed by the server). */
export const COMMITMENT_COLUMNS = ['proposed', 'committed', 'overdue', 'delivered', 'confirmed', 'disputed', 'withdrawn'] as const;

/** Party → the proposal (version id) it accepted or signed. */
export type Acceptances = Readonly<Record<string, string>>;

export const OUTCOMES = ['achieved', 'partly', 'not_achieved', 'deferred'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface AgendaItem {
  readonly goal: Multilingual | null;
  readonly outcomes: Readonly<Record<string, Outcome>>;
  readonly notes: Readonly<Record<string, Multilingual>>;
  readonly disputed: boolean;
}

export interface Agenda {
  readonly proposal: string;
  readonly version: number;
  readonly proposedBy: string;
  readonly items: readonly AgendaItem[];
  readonly acceptances: Acceptances;
  readonly isAgreed: boolean;
}

export interface Venue {
  readonly format: string;
  readonly place?: Multilingual;
}

export interface Meeting {
  readonly id: string;
  readonly status: string;
  readonly proposedBy: string;
  readonly workingGroup: string | null;
  readonly proposal: string;
  readonly schedule: (Venue & { start: string; end: string }) | null;
  readonly acceptances: Acceptances;
  readonly participants: Readonly<Record<string, readonly string[]>>;
  readonly attendance: Readonly<Record<string, readonly string[]>>;
  readonly agenda: Agenda | null;
  readonly cancelled: { party: string; reason: string; at: string } | null;
  readonly next: (Venue & { start: string }) | null;
  readonly history: readonly { type: string; party: string; at: string; reason?: string }[];
}

export interface ReadoutContent {
  readonly items: readonly { item: number; text: Multilingual }[];
  readonly general?: Multilingual;
}

export interface Readout {
  readonly meeting: string | null;
  readonly party: string;
  readonly items: ReadoutContent['items'] | null;
  readonly general: Multilingual | null;
}

/** A private draft (GET /readout-drafts): never on the shared record. */
export interface ReadoutDraft {
  readonly id: string;
  readonly meeting: string;
  readonly author: string;
  readonly content: ReadoutContent;
  readonly version: number;
  readonly updatedAt: string;
}

export interface DiffSegment {
  readonly op: 'equal' | 'insert' | 'delete';
  readonly text: string;
}

export interface SubjectComparison {
  readonly mentionedBy: readonly string[];
  readonly silent: readonly string[];
  readonly mentionedByOneSideOnly: boolean;
  /**
   * `segments` read from `first`'s text (delete) to `second`'s (insert). `isWordByWord` is
   * false when the texts were too long or too different: the differing middle is one change.
   */
  readonly pairs: readonly {
    first: string; second: string; diffs: readonly { lang: string; segments: readonly DiffSegment[]; isWordByWord: boolean }[];
  }[];
}

/** GET /meetings/:id/readouts/comparison (src/domain/readout/compare.ts). */
export interface ReadoutComparison {
  readonly readouts: readonly { id: string; party: string; state: Readout }[];
  readonly comparison: {
    readonly parties: readonly string[];
    readonly withheld: readonly string[];
    readonly items: readonly (SubjectComparison & { item: number; onAgenda: boolean })[];
    readonly general: SubjectComparison;
  };
}

export interface JointStatement {
  readonly status: string;
  readonly proposedBy: string;
  readonly version: string;
  readonly versions: readonly { id: string; party: string; at: string; text: Multilingual | null }[];
  readonly signatures: Acceptances;
  readonly signers: Readonly<Record<string, { member: string | null; at: string; version: string }>>;
  readonly agreedAt: string | null;
}

export interface Message {
  readonly party: string;
  readonly member: string | null;
  readonly postedAt: string;
  readonly kind: 'informal' | 'formal_note' | null;
  readonly text: Multilingual | null;
  readonly requiresAcknowledgement: boolean;
  readonly workingGroup: string | null;
  readonly replyTo: string | null;
  readonly recipients: Readonly<Record<string, { deliveredAt: string | null; acknowledgedAt: string | null; acknowledgedBy: string | null }>>;
}

/** GET /private-notes: the member's own party's notes only. */
export interface PrivateNote {
  readonly id: string;
  readonly party: string;
  readonly author: string;
  readonly subject: string;
  readonly text: Multilingual;
  readonly createdAt: string;
}

export const CONTEXT_CATEGORIES = ['visit', 'summit', 'meeting', 'statement', 'agreement', 'incident', 'exercise', 'suspension', 'other'] as const;

export interface ContextEvent {
  readonly recordedBy: string;
  readonly fields: { title?: Multilingual; date?: string; category?: string; source?: { text: Multilingual; url?: string }; description?: Multilingual } | null;
}

export interface Incident {
  readonly reportedBy: string;
  readonly reportedAt: string;
  readonly accounts: Readonly<Record<string, { account: { time: string; narrative: Multilingual } | null }>>;
  readonly differences: readonly string[];
}

export const MEETING_FORMATS = ['in_person', 'video', 'phone'] as const;

/** The changes a party's audit log records (the server's AUDIT_ACTIONS, src/node/private-ports.ts). */
export const AUDIT_ACTIONS = [
  'member.added', 'member.changed', 'member.password_set',
  'member.logged_in', 'member.login_failed', 'member.logged_out',
  'token.created', 'token.revoked',
  'webhook.created', 'webhook.changed', 'webhook.deleted', 'webhook.secret_rotated',
  'escalation_ladder.changed',
] as const;

/** One entry of the party's audit log (GET /audit). */
export interface AuditEntry {
  readonly id: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly at: string;
}
