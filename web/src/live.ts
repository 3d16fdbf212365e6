/**
 * Live updates: a page subscribes to the dialogue's Server-Sent Events
 * (GET /dialogues/:id/stream, docs/live-delivery.md) for the event types it shows and
 * reloads when one arrives — so a step the other party takes appears without a reload.
 * SSE names each message by its event type, so the page lists the types it cares about; a
 * private notice of the member's party arrives as `private` with its type in the data, and
 * counts when that type is listed.
 */
import { useEffect, useRef } from 'react';
import { API, dialoguePath } from './api.js';

/** The record's event types per page (see the `evolve` of each kind in src/domain). */
export const WORKING_GROUP_EVENTS = [
  'proposed', 'accepted', 'rejected', 'withdrawn', 'suspended', 'resumed',
  'amendment_proposed', 'amendment_accepted', 'closure_proposed', 'closure_accepted',
].map((t) => `working_group.${t}`);
export const COMMITMENT_EVENTS = ['proposed', 'committed', 'updated', 'delivered', 'confirmed', 'disputed', 'withdrawn'].map((t) => `commitment.${t}`);
export const MEETING_EVENTS = [
  'proposed', 'accepted', 'rescheduled', 'cancelled', 'attendance_recorded', 'concluded',
  'outcome_recorded', 'agenda_proposed', 'agenda_amended', 'agenda_accepted',
].map((t) => `meeting.${t}`);
export const READOUT_EVENTS = ['readout.published', 'readout.revised'];
export const STATEMENT_EVENTS = ['proposed', 'revised', 'signed', 'withdrawn'].map((t) => `joint_statement.${t}`);
export const MESSAGE_EVENTS = ['message.posted', 'message.delivered', 'message.acknowledged'];
export const TIMELINE_EVENTS = [
  'context.recorded', 'context.corrected', 'incident.reported', 'incident.account_added', 'incident.account_revised',
  'meeting.proposed', 'meeting.accepted', 'meeting.rescheduled', 'meeting.cancelled', 'meeting.concluded',
  'working_group.suspended', 'working_group.resumed',
];

/** Bursts (a scenario, a bulk update) reload once. */
const SETTLE_MS = 250;

export function useLiveReload(dialogue: string, types: readonly string[], reload: () => void): void {
  const latest = useRef(reload);
  useEffect(() => { latest.current = reload; }, [reload]);
  const key = types.join(',');
  useEffect(() => {
    if (typeof EventSource === 'undefined') return undefined;
    const prefixes = [...new Set(key.split(',').map((t) => `${t.split('.')[0]}.`))].join(',');
    const source = new EventSource(`${API}${dialoguePath(dialogue, '/stream')}?types=${encodeURIComponent(prefixes)}`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onEvent = () => {
      clearTimeout(timer);
      timer = setTimeout(() => latest.current(), SETTLE_MS);
    };
    const listed = new Set(key.split(','));
    for (const type of listed) source.addEventListener(type, onEvent);
    const onPrivate = (message: MessageEvent<string>) => {
      try {
        if (listed.has((JSON.parse(message.data) as { type?: string }).type ?? '')) onEvent();
      } catch {
        // Not a notice this page knows: nothing to reload.
      }
    };
    source.addEventListener('private', onPrivate);
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [dialogue, key]);
}

/** The hotline console: calls and link tests (escalation steps arrive with `hotline_call.escalated`). */
export const HOTLINE_EVENTS = [
  ...['placed', 'delivered', 'acknowledged', 'answered', 'escalated', 'closed'].map((t) => `hotline_call.${t}`),
  ...['opened', 'test_sent', 'test_answered', 'test_missed', 'closed'].map((t) => `hotline_link.${t}`),
];
export const NOTICE_EVENTS = ['given', 'amended', 'acknowledged', 'cancelled'].map((t) => `notice.${t}`);
export const INCIDENT_EVENTS = ['incident.reported', 'incident.account_added', 'incident.account_revised'];
/** This node detected a fork (private notices to the parties it hosts), or a fork report reached the record (docs/federation.md). */
export const FORK_NOTICES = ['federation.equivocation', 'federation.checkpoint_equivocation', 'record.fork_reported'];
