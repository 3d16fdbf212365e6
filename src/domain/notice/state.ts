/**
 * A notification of intention: a formatted notice of a planned activity with the fields its
 * type requires, the lead time the parties agreed for that type, and acknowledgement by the
 * other parties. Each amendment is a new version that needs fresh acknowledgement.
 *
 * Lateness is a fact of the record: a version carries its rule (lead time, size threshold,
 * the latest on-time instant `deadline`) in its body, and its signed time says when it was
 * given; evolve compares the two, so every replay reaches the same verdict.
 */
import type { Area } from '../geo.js';
import type { NoticeType } from '../terms/index.js';

/** `given` (awaiting acknowledgement) → `acknowledged` by every other party; `cancelled`. */
export const NOTICE_STATUSES = ['given', 'acknowledged', 'cancelled'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

type Text = { [lang: string]: string };

export type Forces = { personnel?: number; units?: string[]; aircraft?: number; ships?: number };

/** The content of one version, as given. */
export type NoticeContent = {
  noticeType: NoticeType;
  window: { start: string; end: string };
  description: Text;
  area?: Area;
  launchArea?: Area;
  impactArea?: Area;
  forces?: Forces;
  vehicleType?: string;
  hazard?: Text;
};

/** The rule that applied to a version, as copied from the terms in force. */
export type LeadRule = {
  seconds: number;
  threshold?: { field: string; min: number };
  /** True when the activity is at or above the threshold (or the type has none). */
  isRequired: boolean;
  /** The latest instant at which this notice was on time: window start − lead time. */
  deadline: string;
};

export type NoticeVersion = {
  id: string;
  at: string;
  start: string;
  isRequired: boolean;
  /** Whether this version was late; see evolve for when an amendment is judged afresh. */
  isLate: boolean;
};

export type NoticeState = {
  id: string;
  status: NoticeStatus;
  givenBy: string;
  givenAt: string;
  /** The current version's id: what the other parties acknowledge. */
  version: string;
  /** Content of the current version; null when its body was withheld. */
  content: NoticeContent | null;
  lead: LeadRule | null;
  /** Whether notice is required (at or above the threshold); below it notice is voluntary. */
  isRequired: boolean;
  /** The notice's standing as to lead time: that of its current version. */
  isLate: boolean;
  versions: NoticeVersion[];
  /** Party → id of the version it acknowledged. */
  acknowledgements: { [party: string]: string };
  cancelled: { at: string; reason?: string } | null;
  lastActivityAt: string;
};
