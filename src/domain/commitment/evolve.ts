/** How each commitment event changes the state. Pure; replay rebuilds the same state. */
import type { DialogueContext, RecordedEvent } from '../recorded.js';
import type { CommitmentState, Evidence, Milestone } from './state.js';

type Body = { [key: string]: unknown };
type Text = { [lang: string]: string };

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const text = (value: unknown): Text | null => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Text) : null);

function proposed(event: RecordedEvent): CommitmentState {
  const body = (event.body ?? {}) as Body;
  return {
    id: event.id, status: 'proposed', proposedBy: event.party, proposedAt: event.time,
    workingGroup: str(body.workingGroup), meeting: str(body.meeting), party: str(body.party),
    title: text(body.title), description: text(body.description), due: str(body.due),
    committedAt: null, progress: 0,
    milestones: Array.isArray(body.milestones) ? (body.milestones as Milestone[]) : [],
    reviewDate: str(body.reviewDate), reference: str(body.reference),
    delivery: null, deliveredAt: null, evidence: null, confirmedBy: null, confirmedAt: null,
    disputes: [], withdrawn: null,
    history: [{ type: event.type, party: event.party, at: event.time }],
    lastActivityAt: event.time,
  };
}

export function evolveCommitment(state: CommitmentState | undefined, event: RecordedEvent, _dialogue: DialogueContext): CommitmentState {
  if (event.type === 'commitment.proposed') return proposed(event);
  if (!state) return state as unknown as CommitmentState; // an event for an unknown commitment changes nothing
  const body = (event.body ?? {}) as Body;
  const reason = str(body.reason);
  const next: CommitmentState = {
    ...state,
    history: [...state.history, { type: event.type, party: event.party, at: event.time, ...(reason ? { reason } : {}) }],
    lastActivityAt: event.time,
  };
  switch (event.type) {
    case 'commitment.committed':
      next.status = 'committed';
      next.committedAt = event.time;
      return next;
    case 'commitment.updated':
      if (typeof body.progress === 'number') next.progress = body.progress;
      if (Array.isArray(body.milestones)) next.milestones = body.milestones as Milestone[];
      if ('reviewDate' in body) next.reviewDate = str(body.reviewDate);
      if ('reference' in body) next.reference = str(body.reference);
      return next;
    case 'commitment.delivered':
      next.status = 'delivered';
      next.delivery = event.id;
      next.deliveredAt = event.time;
      next.evidence = (body.evidence as Evidence | undefined) ?? null;
      return next;
    case 'commitment.confirmed':
      next.status = 'confirmed';
      next.confirmedBy = event.party;
      next.confirmedAt = event.time;
      return next;
    case 'commitment.disputed':
      next.status = 'disputed';
      next.disputes = [...state.disputes, { party: event.party, delivery: str(body.delivery) ?? '', reason: reason ?? '', at: event.time }];
      return next;
    case 'commitment.withdrawn':
      next.status = 'withdrawn';
      next.withdrawn = { party: event.party, reason, at: event.time };
      return next;
    default:
      return next;
  }
}
