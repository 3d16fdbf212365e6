/** How hotline-call events change the call's state. Pure; replay rebuilds the same state. */
import type { DialogueContext, RecordedEvent } from '../recorded.js';
import type { Precedence } from '../terms/index.js';
import type { CallOutcome, HotlineCallState } from './state.js';

type Body = { readonly [key: string]: unknown };
type Text = { [lang: string]: string };

const textOf = (value: unknown): Text | null => (value && typeof value === 'object' ? (value as Text) : null);

export function evolveHotlineCall(state: HotlineCallState | undefined, event: RecordedEvent, _dialogue: DialogueContext): HotlineCallState {
  const body = (event.body ?? {}) as Body;
  if (event.type === 'hotline_call.placed') {
    return {
      id: event.id, status: 'placed', from: event.party, to: String(body.to ?? ''),
      precedence: (body.precedence ?? 'routine') as Precedence,
      subject: textOf(body.subject), message: textOf(body.message),
      placedAt: event.time, placedBy: event.member,
      ackDeadlineSeconds: typeof body.ackDeadlineSeconds === 'number' ? body.ackDeadlineSeconds : 0,
      deliveredAt: null, ackDueAt: null, acknowledgedAt: null, acknowledgedBy: null, ackLatencyMs: null, isAckLate: false,
      answer: null, escalationLevel: 0, escalations: [], closed: null,
    };
  }
  if (!state) return state as unknown as HotlineCallState;
  switch (event.type) {
    case 'hotline_call.delivered':
      return {
        ...state, status: state.status === 'placed' ? 'delivered' : state.status, deliveredAt: event.time,
        ackDueAt: new Date(Date.parse(event.time) + state.ackDeadlineSeconds * 1000).toISOString(),
      };
    case 'hotline_call.acknowledged': {
      const latency = state.deliveredAt === null ? null : Date.parse(event.time) - Date.parse(state.deliveredAt);
      return {
        ...state, status: state.closed ? state.status : 'acknowledged', acknowledgedAt: event.time, acknowledgedBy: event.member,
        ackLatencyMs: latency, isAckLate: state.ackDueAt !== null && event.time > state.ackDueAt,
      };
    }
    case 'hotline_call.answered':
      return { ...state, status: state.closed ? state.status : 'answered', answer: { message: textOf(body.message), at: event.time, by: event.member } };
    case 'hotline_call.escalated': {
      const level = typeof body.level === 'number' ? body.level : state.escalationLevel + 1;
      return {
        ...state, status: 'escalated', escalationLevel: Math.max(state.escalationLevel, level), isAckLate: true,
        escalations: [...state.escalations, { level, dueAt: String(body.dueAt ?? ''), at: event.time }],
      };
    }
    case 'hotline_call.closed':
      return {
        ...state, status: 'closed',
        isAckLate: state.isAckLate || (state.acknowledgedAt === null && state.ackDueAt !== null && event.time > state.ackDueAt),
        closed: { party: event.party, outcome: (body.outcome ?? 'resolved') as CallOutcome, note: textOf(body.note), at: event.time },
      };
    default:
      return state;
  }
}
