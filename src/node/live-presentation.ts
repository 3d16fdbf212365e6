/**
 * What SSE streams and webhooks send for a live notice: one JSON presentation of a
 * shared-record event (its log index, id, type, author, time, body and the aggregate it
 * changes) or of a party's private notice. Both channels use the same shapes, documented
 * in docs/live-delivery.md, so a party's tools parse one format whichever way it arrives.
 */
import type { Json } from '../record/index.js';
import type { LiveNotice } from './live.js';
import type { StoredEvent } from './ports.js';

export interface PresentedEvent {
  readonly kind: 'event';
  readonly dialogue: string;
  /** Position in the dialogue's log: the SSE `id:` and the resume point. */
  readonly index: number;
  readonly id: string;
  readonly type: string;
  readonly party: string;
  readonly member: string | null;
  readonly time: string;
  /** null when the body was redacted or withheld. */
  readonly body: Json | null;
  /** The aggregate the event changes (its `body.target`), when it changes one. */
  readonly target?: string;
}

export interface PresentedNotice {
  readonly kind: 'private';
  readonly dialogue: string;
  /** The only party that receives it. */
  readonly party: string;
  readonly type: string;
  readonly time: string;
  readonly data: Json;
}

export function presentEvent(stored: StoredEvent): PresentedEvent {
  const { event } = stored;
  const body = (event.body ?? null) as Json | null;
  const target = body !== null && typeof body === 'object' && !Array.isArray(body)
    ? (body as { readonly [key: string]: Json })['target'] : undefined;
  return {
    kind: 'event', dialogue: event.dialogue, index: stored.index, id: stored.id, type: event.type,
    party: event.party, member: event.member, time: event.time, body,
    ...(typeof target === 'string' ? { target } : {}),
  };
}

export function presentNotice(notice: Extract<LiveNotice, { kind: 'private' }>): PresentedNotice {
  return { kind: 'private', dialogue: notice.dialogue, party: notice.party, type: notice.type, time: notice.time, data: notice.data };
}

/**
 * Whether `type` passes a filter of type prefixes: `hotline` matches `hotline_call.placed`
 * and the private `hotline.escalation_step`, `message.` every message event, `notice.issued`
 * that type. An empty filter passes everything.
 */
export function matchesTypes(type: string, prefixes: readonly string[]): boolean {
  return prefixes.length === 0 || prefixes.some((prefix) => type.startsWith(prefix));
}

/** Parses a comma-separated prefix list (`hotline,notice.`), dropping blanks. */
export function parseTypeFilter(text: string | undefined): string[] {
  return (text ?? '').split(',').map((part) => part.trim()).filter((part) => part.length > 0);
}
