/**
 * Checks of a meeting's fields, shared by the schedule and agenda commands so a bad value is
 * refused with the same code and field name wherever it appears.
 */
import { invalid } from '../errors.js';
import { checkMultilingualText } from '../multilingual.js';
import type { MultilingualText } from '../types.js';
import { MEETING_FORMATS, type MeetingFormat, type Venue } from './state.js';
import { reasonText } from '../reasons.js';
import { checkId } from '../ids.js';

export { checkId };

/** UTC only: the record stores times in UTC; each party's own zone is a matter of display. */
const UTC_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?Z$/;
export const MAX_PARTICIPANTS = 200;

/** An RFC 3339 date-time in UTC (`2026-06-30T09:00:00Z`), kept as given. */
export function checkInstant(value: unknown, field: string): string {
  const m = typeof value === 'string' ? UTC_DATE_TIME.exec(value) : null;
  const ok = m !== null && (() => {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
      && Number(m[4]) <= 23 && Number(m[5]) <= 59 && Number(m[6]) <= 59;
  })();
  if (!ok) throw invalid('time_invalid', field, 'must be an RFC 3339 date-time in UTC, e.g. 2026-06-30T09:00:00Z');
  return value as string;
}

export interface VenueInput {
  readonly format: MeetingFormat;
  /** Required in person (the named place); optional for video and phone (e.g. "secure VTC"). */
  readonly place?: MultilingualText;
}

export function checkVenue(input: VenueInput, prefix = ''): Venue {
  if (!(MEETING_FORMATS as readonly string[]).includes(input.format)) {
    throw invalid('format_invalid', `${prefix}format`, `must be one of ${MEETING_FORMATS.join(', ')}`);
  }
  if (input.place === undefined) {
    if (input.format === 'in_person') throw invalid('place_missing', `${prefix}place`, 'name the place of an in-person meeting');
    return { format: input.format };
  }
  return { format: input.format, place: { ...checkMultilingualText(input.place, `${prefix}place`) } };
}


/** Member ids as the party discloses them: no blanks, no repeats. */
export function checkMembers(value: readonly string[] | undefined, field: string): string[] {
  if (!Array.isArray(value)) throw invalid('members_invalid', field, 'must be a list of member ids');
  if (value.length > MAX_PARTICIPANTS) throw invalid('too_many_members', field, `at most ${MAX_PARTICIPANTS}`);
  const members = value.map((member, i) => checkId(member, `${field}[${i}]`, 'member_invalid'));
  const repeated = members.findIndex((member, i) => members.indexOf(member) !== i);
  if (repeated >= 0) throw invalid('member_repeated', `${field}[${repeated}]`, `${members[repeated]} is listed twice`);
  return members;
}


export { reasonText };
