/**
 * Link availability per direction over a window (7, 30, 90 days): of the test slots due in
 * the window that have ended, the share that was answered. Slots that fell due while a node
 * was down were recorded missed on catch-up, so gaps count against availability instead of
 * silently shrinking the denominator. A slot still awaiting its answer is not counted yet.
 */
import { isMissed, receiverOf, senderOf, slotTime, type HotlineLinkState } from './state.js';

export interface DirectionAvailability {
  readonly from: string;
  readonly to: string;
  readonly scheduled: number;
  readonly answered: number;
  readonly missed: number;
  /** answered / scheduled, or null when no test was scheduled in the window. */
  readonly availability: number | null;
}

export interface WindowAvailability {
  readonly days: number;
  readonly since: string;
  readonly directions: DirectionAvailability[];
}

export const AVAILABILITY_WINDOWS = [7, 30, 90] as const;

/** Every ended slot of the link due in (now − days, now]. */
export function availability(state: HotlineLinkState, now: Date, days: number): WindowAvailability {
  const since = now.getTime() - days * 86_400_000;
  const ended = state.outstanding ? state.outstanding.slot : state.nextSlot;
  const interval = state.intervalSeconds * 1000;
  const first = Math.max(0, Math.floor((since - Date.parse(state.epoch)) / interval) + 1);
  const counts = new Map<string, { from: string; to: string; scheduled: number; answered: number }>();
  for (let i = 0; i < state.parties.length; i++) {
    const from = state.parties[i]!;
    const to = receiverOf(state, i);
    counts.set(`${from}\u0000${to}`, { from, to, scheduled: 0, answered: 0 });
  }
  for (let slot = first; slot < ended; slot++) {
    if (slotTime(state, slot) > now.getTime()) break;
    const entry = counts.get(`${senderOf(state, slot)}\u0000${receiverOf(state, slot)}`)!;
    entry.scheduled++;
    if (!isMissed(state, slot)) entry.answered++;
  }
  return {
    days, since: new Date(since).toISOString(),
    directions: [...counts.values()].map((c) => ({
      ...c, missed: c.scheduled - c.answered, availability: c.scheduled === 0 ? null : c.answered / c.scheduled,
    })),
  };
}

/**
 * Availability per direction between every pair of `parties` over the window, adding up
 * every link of the dialogue (a link closed and opened again: its slots add up).
 */
export function dialogueAvailability(links: readonly HotlineLinkState[], parties: readonly string[], now: Date, days: number): WindowAvailability {
  const sums = new Map<string, { from: string; to: string; scheduled: number; answered: number }>();
  for (const from of parties) {
    for (const to of parties) if (to !== from) sums.set(`${from}\u0000${to}`, { from, to, scheduled: 0, answered: 0 });
  }
  for (const link of links) {
    for (const d of availability(link, now, days).directions) {
      const sum = sums.get(`${d.from}\u0000${d.to}`);
      if (sum) { sum.scheduled += d.scheduled; sum.answered += d.answered; }
    }
  }
  return {
    days, since: new Date(now.getTime() - days * 86_400_000).toISOString(),
    directions: [...sums.values()].map((s) => ({
      ...s, missed: s.scheduled - s.answered, availability: s.scheduled === 0 ? null : s.answered / s.scheduled,
    })),
  };
}
