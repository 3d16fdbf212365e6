/**
 * The terms two parties agree for their crisis channels: how fast each hotline precedence
 * must be acknowledged, how often the link is tested, how long a request to talk or a query
 * may wait for an answer, and the lead time (and size threshold) of each kind of notice.
 * Until the parties agree terms of their own, the defaults below apply — those of real
 * regimes (hotline practice; ballistic-missile launch notice ≥ 24 h; hazardous activity at
 * sea ≥ 3 days; major exercises ≥ 42 days above a size threshold; OSCE's 48 h for queries).
 *
 * Deciders copy the deadline that applies into the event they record (an auditor reads the
 * rule in force from the record itself), so later changes of terms never move a deadline
 * that is already running.
 */
import type { FloorRules } from '../floor/rules.js';

export const PRECEDENCES = ['flash', 'immediate', 'priority', 'routine'] as const;
export type Precedence = (typeof PRECEDENCES)[number];

export const NOTICE_TYPES = [
  'military_exercise', 'missile_launch', 'major_movement', 'maritime_activity', 'air_activity',
] as const;
export type NoticeType = (typeof NOTICE_TYPES)[number];

export interface NoticeTerms {
  /** Least time between the notice and the start of the activity, in seconds. */
  readonly leadSeconds: number;
  /**
   * Notice is required (and its lead time applies) only at or above this size, e.g.
   * `{ field: 'personnel', min: 9000 }`; smaller activities may be notified voluntarily and
   * are never late.
   */
  readonly threshold?: { readonly field: string; readonly min: number };
}

export interface DialogueTerms {
  /** Acknowledgement deadline per precedence, seconds after delivery. */
  readonly ackDeadlineSeconds: Readonly<Record<Precedence, number>>;
  /** How often a link test is sent (the parties alternate), seconds. */
  readonly linkTestIntervalSeconds: number;
  /** A link test not answered within this many seconds is recorded as missed. */
  readonly linkTestAnswerSeconds: number;
  /** Response deadline of a request to talk, seconds. */
  readonly talkRequestResponseSeconds: number;
  /** Answer deadline of a query about unusual activity, seconds. */
  readonly queryAnswerSeconds: number;
  readonly notices: Readonly<Record<NoticeType, NoticeTerms>>;
  /** Floor rules the parties agreed (any subset); absent ones keep their defaults (src/domain/floor). */
  readonly floor?: Partial<FloorRules>;
}

const HOUR = 3600;
const DAY = 24 * HOUR;

export const DEFAULT_TERMS: DialogueTerms = {
  ackDeadlineSeconds: { flash: 10 * 60, immediate: 30 * 60, priority: 3 * HOUR, routine: DAY },
  linkTestIntervalSeconds: HOUR,
  linkTestAnswerSeconds: 5 * 60,
  talkRequestResponseSeconds: 2 * DAY,
  queryAnswerSeconds: 2 * DAY,
  notices: {
    military_exercise: { leadSeconds: 42 * DAY, threshold: { field: 'personnel', min: 9000 } },
    missile_launch: { leadSeconds: DAY },
    major_movement: { leadSeconds: 42 * DAY, threshold: { field: 'personnel', min: 9000 } },
    maritime_activity: { leadSeconds: 3 * DAY },
    air_activity: { leadSeconds: 3 * DAY },
  },
};
