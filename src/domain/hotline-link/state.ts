/**
 * The hotline link between the parties and its scheduled tests. Slot n is due at
 * `epoch + n × interval`; its sender is `parties[n mod N]` and its receiver the next party,
 * so the sides alternate. Each slot ends exactly once: answered, or missed (unanswered
 * within the answer time, or never sent because the sender's node was down).
 */
export const LINK_STATUSES = ['active', 'closed'] as const;
export type LinkStatus = (typeof LINK_STATUSES)[number];

/** Slots kept in `recent` for display; the full history is the record. */
export const RECENT_SLOTS = 48;

export type LinkTestResult = {
  slot: number;
  sender: string;
  receiver: string;
  result: 'answered' | 'missed';
  reason?: 'unanswered' | 'not_sent';
  sentAt: string | null;
  answeredAt: string | null;
};

export type HotlineLinkState = {
  id: string;
  status: LinkStatus;
  openedBy: string;
  /** Time of slot 0 (the opening event's time). */
  epoch: string;
  intervalSeconds: number;
  answerSeconds: number;
  /** Senders in turn. */
  parties: string[];
  /** The first slot not yet sent or missed. */
  nextSlot: number;
  /** A test sent and awaiting its answer. */
  outstanding: { slot: number; sentAt: string } | null;
  /** Missed slots as inclusive ranges [from, to], ascending and merged. */
  missed: [number, number][];
  answered: number;
  recent: LinkTestResult[];
  closedAt: string | null;
};

export function slotTime(state: Pick<HotlineLinkState, 'epoch' | 'intervalSeconds'>, slot: number): number {
  return Date.parse(state.epoch) + slot * state.intervalSeconds * 1000;
}

export function senderOf(state: Pick<HotlineLinkState, 'parties'>, slot: number): string {
  return state.parties[slot % state.parties.length]!;
}

export function receiverOf(state: Pick<HotlineLinkState, 'parties'>, slot: number): string {
  return state.parties[(slot + 1) % state.parties.length]!;
}

export function isMissed(state: Pick<HotlineLinkState, 'missed'>, slot: number): boolean {
  return state.missed.some(([from, to]) => slot >= from && slot <= to);
}

/** Adds a slot to the merged ranges. */
export function withMissed(ranges: readonly [number, number][], slot: number): [number, number][] {
  const last = ranges.at(-1);
  if (last && slot === last[1] + 1) return [...ranges.slice(0, -1), [last[0], slot]];
  if (last && slot <= last[1]) return [...ranges];
  return [...ranges, [slot, slot]];
}

/** When the node must next act: the outstanding test's answer deadline, else the next slot. */
export function linkDue(state: HotlineLinkState): string | null {
  if (state.status !== 'active') return null;
  const at = state.outstanding
    ? slotTime(state, state.outstanding.slot) + state.answerSeconds * 1000
    : slotTime(state, state.nextSlot);
  return new Date(at).toISOString();
}
