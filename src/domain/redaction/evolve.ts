/** How a redaction event becomes state. Pure; replay rebuilds the same state. */
import type { RecordedEvent } from '../recorded.js';
import type { RedactionState } from './state.js';

type Body = { [key: string]: unknown };

export function evolveRedaction(state: RedactionState | undefined, event: RecordedEvent): RedactionState {
  if (event.type !== 'record.redacted') return state as RedactionState; // nothing changes a redaction
  const body = (event.body ?? {}) as Body;
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    id: event.id, status: 'redacted', party: event.party, member: event.member, at: event.time,
    event: text(body.event), eventType: text(body.eventType), reason: text(body.reason),
  };
}
