/**
 * The parts of the crisis channels' states that the hotline, notices and incidents pages
 * read (the `state` of GET /dialogues/:id/hotline/calls, /hotline/links, /notices,
 * /incidents; the full types are in src/domain).
 */
import type { Multilingual } from '../api.js';

export const PRECEDENCES = ['flash', 'immediate', 'priority', 'routine'] as const;
export const CALL_OUTCOMES = ['resolved', 'referred', 'no_action', 'unanswered', 'withdrawn'] as const;

export interface HotlineCall {
  readonly id: string;
  readonly status: string;
  readonly from: string;
  readonly to: string;
  readonly precedence: string;
  readonly subject: Multilingual | null;
  readonly message: Multilingual | null;
  readonly placedAt: string;
  readonly placedBy: string | null;
  readonly ackDeadlineSeconds: number;
  readonly deliveredAt: string | null;
  readonly ackDueAt: string | null;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
  readonly ackLatencyMs: number | null;
  readonly isAckLate: boolean;
  readonly answer: { message: Multilingual | null; at: string; by: string | null } | null;
  readonly escalationLevel: number;
  readonly escalations: readonly { level: number; dueAt: string; at: string }[];
  readonly closed: { party: string; outcome: string; note: Multilingual | null; at: string } | null;
}

/** Acknowledged or closed: no deadline runs and nothing escalates (src/domain/hotline/state.ts). */
export const isSettled = (call: HotlineCall) => call.acknowledgedAt !== null || call.closed !== null;

export interface LinkTestResult {
  readonly slot: number;
  readonly sender: string;
  readonly receiver: string;
  readonly result: 'answered' | 'missed';
  readonly reason?: 'unanswered' | 'not_sent';
  readonly sentAt: string | null;
  readonly answeredAt: string | null;
}

export interface HotlineLink {
  readonly id: string;
  readonly status: 'active' | 'closed';
  readonly openedBy: string;
  readonly epoch: string;
  readonly intervalSeconds: number;
  readonly answerSeconds: number;
  readonly parties: readonly string[];
  readonly nextSlot: number;
  readonly outstanding: { slot: number; sentAt: string } | null;
  readonly missed: readonly (readonly [number, number])[];
  readonly answered: number;
  readonly recent: readonly LinkTestResult[];
  readonly closedAt: string | null;
}

/** Slot n of a link is due at epoch + n × interval (src/domain/hotline-link/state.ts). */
export const slotTime = (link: HotlineLink, slot: number) => new Date(Date.parse(link.epoch) + slot * link.intervalSeconds * 1000).toISOString();
export const missedCount = (link: HotlineLink) => link.missed.reduce((n, [from, to]) => n + to - from + 1, 0);

export interface AvailabilityDirection {
  readonly from: string;
  readonly to: string;
  readonly scheduled: number;
  readonly answered: number;
  readonly missed: number;
  readonly availability: number | null;
}

/** GET /hotline/availability. */
export interface Availability {
  readonly at: string;
  readonly windows: readonly { days: number; since: string; directions: readonly AvailabilityDirection[] }[];
}

/** GET /hotline/escalations: a step the member's own party's node took (private to that party). */
export interface EscalationStep {
  readonly call: string;
  readonly level: number;
  readonly rung: { name?: string; roles: readonly string[]; members: readonly string[]; deadlineSeconds: number };
  readonly paged: readonly string[];
  readonly dueAt: string;
  readonly at: string;
}

/** The roles of the policy (src/domain/types.ts), e.g. to page on an escalation rung. */
export const ROLES = ['principal', 'delegate', 'notetaker', 'duty_officer', 'observer', 'admin'] as const;
export const MAX_RUNGS = 10;

export type Rung = EscalationStep['rung'];

/** GET /escalation-ladder: the member's own party's private ladder (admins only). */
export interface Ladder {
  readonly party: string;
  readonly rungs: readonly Rung[];
  readonly isDefault: boolean;
  readonly updatedBy: string | null;
  readonly updatedAt: string | null;
}
