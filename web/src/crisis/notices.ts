/**
 * Notices as the notices page reads and writes them: the fields each type requires (the
 * same table as src/domain/notice/fields.ts, checked equal by test/web/notice-form.test.ts)
 * and the lead-time rule of the terms in force, so the form can warn before it is sent that a
 * notice would be late. The server judges, by its signed time; this is only the warning.
 */
import type { Multilingual } from '../api.js';

export const NOTICE_TYPES = ['military_exercise', 'missile_launch', 'major_movement', 'maritime_activity', 'air_activity'] as const;
export type NoticeType = (typeof NOTICE_TYPES)[number];
export type AreaField = 'area' | 'launchArea' | 'impactArea';
export type CountField = 'personnel' | 'aircraft' | 'ships';

export interface NoticeForm {
  readonly areas: readonly AreaField[];
  readonly counts: readonly CountField[];
  readonly vehicleType?: true;
  readonly hazard?: true;
}

export const NOTICE_FORMS: Readonly<Record<NoticeType, NoticeForm>> = {
  military_exercise: { areas: ['area'], counts: ['personnel'] },
  major_movement: { areas: ['area'], counts: ['personnel'] },
  missile_launch: { areas: ['launchArea', 'impactArea'], counts: [], vehicleType: true },
  maritime_activity: { areas: ['area'], counts: ['ships'], hazard: true },
  air_activity: { areas: ['area'], counts: ['aircraft'], hazard: true },
};

/** Positions are integers in 1e-7 degree (src/domain/geo.ts); radii whole metres. */
export const DEGREE = 10_000_000;
export interface Position { readonly lat: number; readonly lon: number }
export type Area =
  | { readonly shape: 'polygon'; readonly points: readonly Position[] }
  | { readonly shape: 'circle'; readonly centre: Position; readonly radius: number };

export interface NoticeTerms {
  readonly leadSeconds: number;
  readonly threshold?: { readonly field: string; readonly min: number };
}

export interface NoticeContent {
  readonly noticeType: NoticeType;
  readonly window: { readonly start: string; readonly end: string };
  readonly description: Multilingual;
  readonly area?: Area;
  readonly launchArea?: Area;
  readonly impactArea?: Area;
  readonly forces?: { readonly personnel?: number; readonly units?: readonly string[]; readonly aircraft?: number; readonly ships?: number };
  readonly vehicleType?: string;
  readonly hazard?: Multilingual;
}

export interface Notice {
  readonly id: string;
  readonly status: 'given' | 'acknowledged' | 'cancelled';
  readonly givenBy: string;
  readonly givenAt: string;
  readonly version: string;
  readonly content: NoticeContent | null;
  readonly lead: { seconds: number; threshold?: { field: string; min: number }; isRequired: boolean; deadline: string } | null;
  readonly isRequired: boolean;
  readonly isLate: boolean;
  readonly versions: readonly { id: string; at: string; start: string; isRequired: boolean; isLate: boolean }[];
  readonly acknowledgements: Readonly<Record<string, string>>;
  readonly cancelled: { at: string; reason?: string } | null;
}

/** How a notice stands as to lead time: the list's on-time / late / voluntary. */
export type Standing = 'on_time' | 'late' | 'voluntary';
export const standingOf = (notice: Pick<Notice, 'isRequired' | 'isLate'>): Standing =>
  (!notice.isRequired ? 'voluntary' : notice.isLate ? 'late' : 'on_time');

export interface LeadCheck {
  /** Whether notice is required: at or above the threshold, or the type has none. */
  readonly isRequired: boolean;
  /** The latest on-time instant: the start minus the lead time (ms since the epoch). */
  readonly deadline: number;
  /** Required and given after the deadline: the record will mark it late. */
  readonly isLate: boolean;
}

/**
 * The rule of src/domain/notice/fields.ts (`leadRule`) and evolve.ts, for a notice given at
 * `givenAt` (ms): late when required and after the deadline; exactly on it is on time.
 */
export function checkLead(terms: NoticeTerms, start: string, forces: Readonly<Record<string, unknown>> | undefined, givenAt: number): LeadCheck {
  const size = terms.threshold ? forces?.[terms.threshold.field] : undefined;
  const isRequired = !terms.threshold || (typeof size === 'number' && size >= terms.threshold.min);
  const deadline = Date.parse(start) - terms.leadSeconds * 1000;
  return { isRequired, deadline, isLate: isRequired && givenAt > deadline };
}

/** Who still has to acknowledge the current version. */
export function awaitingAcknowledgement(notice: Notice, parties: readonly string[]): string[] {
  return parties.filter((p) => p !== notice.givenBy && notice.acknowledgements[p] !== notice.version);
}

/** Degrees (decimal, as typed) to the record's scaled integers; NaN stays NaN for the server to refuse by field. */
export const scaledDegrees = (value: string) => Math.round(Number(value) * DEGREE);
export const degrees = (scaled: number) => scaled / DEGREE;
