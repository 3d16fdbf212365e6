/**
 * A hotline call as the shared record shows it: who called whom, with what precedence and
 * message; when the receiving node delivered it; when (and by whom) it was acknowledged and
 * answered; each escalation level reached; how it was closed. The receiving party's
 * escalation ladder (who was paged) is private and never appears here.
 */
import type { Precedence } from '../terms/index.js';

export const HOTLINE_CALL_STATUSES = ['placed', 'delivered', 'escalated', 'acknowledged', 'answered', 'closed'] as const;
export type HotlineCallStatus = (typeof HOTLINE_CALL_STATUSES)[number];

export const CALL_OUTCOMES = ['resolved', 'referred', 'no_action', 'unanswered', 'withdrawn'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

type Text = { [lang: string]: string };

export type HotlineCallState = {
  id: string;
  status: HotlineCallStatus;
  from: string;
  to: string;
  precedence: Precedence;
  /** null when the placing event's body was redacted or withheld. */
  subject: Text | null;
  message: Text | null;
  placedAt: string;
  placedBy: string | null;
  /** Copied from the terms in force when the call was placed. */
  ackDeadlineSeconds: number;
  deliveredAt: string | null;
  /** deliveredAt + ackDeadlineSeconds. */
  ackDueAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  /** Acknowledgement latency: acknowledgedAt − deliveredAt, milliseconds. */
  ackLatencyMs: number | null;
  /** Whether the acknowledgement came after its deadline (or never came, once closed). */
  isAckLate: boolean;
  answer: { message: Text | null; at: string; by: string | null } | null;
  /** Highest escalation level reached (0 = none). */
  escalationLevel: number;
  escalations: { level: number; dueAt: string; at: string }[];
  closed: { party: string; outcome: CallOutcome; note: Text | null; at: string } | null;
};

/** Acknowledged, answered or closed: nothing more escalates. */
export function isSettled(state: HotlineCallState): boolean {
  return state.acknowledgedAt !== null || state.closed !== null;
}
