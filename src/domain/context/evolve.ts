/** How context events change the state. Pure; replay rebuilds the same state. */
import type { RecordedEvent } from '../recorded.js';
import type { ContextEventState, ContextFields } from './state.js';

type Body = { [key: string]: unknown };
const FIELDS = ['title', 'date', 'category', 'source', 'description'] as const;

function pick(from: Body): Partial<ContextFields> {
  const out: Body = {};
  for (const field of FIELDS) if (from[field] !== undefined) out[field] = from[field];
  return out as Partial<ContextFields>;
}

export function evolveContextEvent(state: ContextEventState | undefined, event: RecordedEvent): ContextEventState {
  const body = (event.body ?? {}) as Body;
  if (event.type === 'context.recorded') {
    return {
      id: event.id, status: 'recorded', recordedBy: event.party, recordedAt: event.time,
      fields: event.body === undefined ? null : pick(body), corrections: [],
    };
  }
  if (!state) return state as unknown as ContextEventState; // an event for an unknown context event changes nothing
  switch (event.type) {
    case 'context.corrected': {
      // Only the recording party corrects its own entry; anything else is ignored on replay.
      if (event.party !== state.recordedBy) return state;
      const changes = pick((body.changes ?? {}) as Body);
      const changed = Object.keys(changes).sort();
      const current = state.fields ?? {};
      const before = pick(Object.fromEntries(changed.map((f) => [f, (current as Body)[f]])));
      return {
        ...state, status: 'corrected',
        fields: { ...current, ...changes },
        corrections: [...state.corrections, { id: event.id, at: event.time, reason: typeof body.reason === 'string' ? body.reason : null, changed, before }],
      };
    }
    default:
      return state;
  }
}
