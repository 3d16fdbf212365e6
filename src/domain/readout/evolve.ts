/** How readout events change the state. Pure; replay rebuilds the same state. */
import type { RecordedEvent } from '../recorded.js';
import type { ReadoutItem, ReadoutState } from './state.js';

type Body = { [key: string]: unknown };
type Text = { [lang: string]: string };

function content(event: RecordedEvent): { items: ReadoutItem[] | null; general: Text | null } {
  if (event.body === undefined) return { items: null, general: null };
  const body = event.body as Body;
  return {
    items: Array.isArray(body.items) ? (body.items as ReadoutItem[]) : [],
    general: body.general && typeof body.general === 'object' ? (body.general as Text) : null,
  };
}

export function evolveReadout(state: ReadoutState | undefined, event: RecordedEvent): ReadoutState {
  if (event.type === 'readout.published') {
    const body = (event.body ?? {}) as Body;
    return {
      id: event.id, status: 'published',
      meeting: typeof body.meeting === 'string' ? body.meeting : null,
      party: event.party, publishedAt: event.time, publishedBy: event.member,
      version: event.id, versionAt: event.time, versionBy: event.member, ...content(event),
      previous: [],
    };
  }
  if (!state) return state as unknown as ReadoutState; // an event for an unknown readout changes nothing
  switch (event.type) {
    case 'readout.revised': {
      // Only the author's own revisions count: another party cannot rewrite its account.
      if (event.party !== state.party) return state;
      const superseded = { version: state.version, at: state.versionAt, member: state.versionBy, items: state.items, general: state.general };
      return {
        ...state, ...content(event), version: event.id, versionAt: event.time, versionBy: event.member,
        previous: [...state.previous, superseded],
      };
    }
    default:
      return state;
  }
}
