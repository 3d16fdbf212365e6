/**
 * The fields each type of notice requires (and allows), checked in the domain so every
 * caller gets the same refusal naming the same field. Sizes are whole numbers; areas and
 * positions are scaled integers (geo.ts).
 */
import { invalid } from '../errors.js';
import { checkArea } from '../geo.js';
import { checkInstant } from '../meeting/index.js';
import { checkMultilingualText } from '../multilingual.js';
import { NOTICE_TYPES, type NoticeTerms, type NoticeType } from '../terms/index.js';
import type { Forces, LeadRule, NoticeContent } from './state.js';

type AreaField = 'area' | 'launchArea' | 'impactArea';
type CountField = 'personnel' | 'aircraft' | 'ships';

interface TypeForm {
  readonly areas: readonly AreaField[];
  readonly counts: readonly CountField[];
  readonly vehicleType?: true;
  readonly hazard?: true;
}

/** What each type requires; a field outside its form is refused rather than ignored. */
export const NOTICE_FORMS: Readonly<Record<NoticeType, TypeForm>> = {
  military_exercise: { areas: ['area'], counts: ['personnel'] },
  major_movement: { areas: ['area'], counts: ['personnel'] },
  missile_launch: { areas: ['launchArea', 'impactArea'], counts: [], vehicleType: true },
  maritime_activity: { areas: ['area'], counts: ['ships'], hazard: true },
  air_activity: { areas: ['area'], counts: ['aircraft'], hazard: true },
};

const MAX_COUNT = 10_000_000;
const MAX_UNITS = 200;

/** What a member submits for one version of a notice. */
export interface NoticeInput {
  readonly noticeType: NoticeType;
  readonly window: { readonly start: string; readonly end: string };
  readonly description: { readonly [lang: string]: string };
  readonly area?: unknown;
  readonly launchArea?: unknown;
  readonly impactArea?: unknown;
  readonly forces?: { readonly personnel?: number; readonly units?: readonly string[]; readonly aircraft?: number; readonly ships?: number };
  readonly vehicleType?: string;
  readonly hazard?: { readonly [lang: string]: string };
}

function count(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > MAX_COUNT) {
    throw invalid('count_invalid', field, `must be a whole number from 0 to ${MAX_COUNT}`);
  }
  return value;
}

function checkForces(input: NoticeInput['forces'], form: TypeForm, type: NoticeType, prefix: string): Forces | undefined {
  for (const field of form.counts) {
    if (input?.[field] === undefined) throw invalid('forces_missing', `${prefix}forces.${field}`, `a ${type} notice states the ${field} involved`);
  }
  if (input === undefined) return undefined;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw invalid('forces_invalid', `${prefix}forces`, 'must be an object of counts and units');
  const forces: Forces = {};
  for (const field of ['personnel', 'aircraft', 'ships'] as const) {
    if (input[field] !== undefined) forces[field] = count(input[field], `${prefix}forces.${field}`);
  }
  if (input.units !== undefined) {
    if (!Array.isArray(input.units) || input.units.length > MAX_UNITS) throw invalid('units_invalid', `${prefix}forces.units`, `list at most ${MAX_UNITS} units`);
    forces.units = input.units.map((unit, i) => {
      if (typeof unit !== 'string' || unit.trim() === '' || unit.length > 200) throw invalid('unit_invalid', `${prefix}forces.units[${i}]`, 'name the unit (1–200 characters)');
      return unit;
    });
  }
  return forces;
}

/**
 * Checks one version's content against its type's form; returns a clean copy. `prefix` goes
 * before every field name (`body.` for an event from another node).
 */
export function checkNoticeContent(input: NoticeInput, prefix = ''): NoticeContent {
  const type = input?.noticeType;
  if (!(NOTICE_TYPES as readonly string[]).includes(type)) throw invalid('notice_type_invalid', `${prefix}noticeType`, `must be one of ${NOTICE_TYPES.join(', ')}`);
  const form = NOTICE_FORMS[type];
  const start = checkInstant(input.window?.start, `${prefix}window.start`);
  const end = checkInstant(input.window.end, `${prefix}window.end`);
  if (Date.parse(end) <= Date.parse(start)) throw invalid('end_not_after_start', `${prefix}window.end`, 'the activity must end after it starts');
  const content: NoticeContent = {
    noticeType: type, window: { start, end }, description: { ...checkMultilingualText(input.description ?? {}, `${prefix}description`) },
  };
  for (const field of ['area', 'launchArea', 'impactArea'] as const) {
    const isInForm = form.areas.includes(field);
    if (input[field] === undefined) {
      if (isInForm) throw invalid('area_missing', `${prefix}${field}`, `a ${type} notice gives its ${field} (polygon or circle)`);
      continue;
    }
    if (!isInForm) throw invalid('field_not_applicable', `${prefix}${field}`, `a ${type} notice has no ${field}`);
    content[field] = checkArea(input[field], `${prefix}${field}`);
  }
  const forces = checkForces(input.forces, form, type, prefix);
  if (forces !== undefined) content.forces = forces;
  if (form.vehicleType) {
    if (typeof input.vehicleType !== 'string' || input.vehicleType.trim() === '' || input.vehicleType.length > 200) {
      throw invalid('vehicle_type_missing', `${prefix}vehicleType`, 'name the type of missile or rocket (1–200 characters)');
    }
    content.vehicleType = input.vehicleType;
  } else if (input.vehicleType !== undefined) {
    throw invalid('field_not_applicable', `${prefix}vehicleType`, `a ${type} notice has no vehicleType`);
  }
  if (form.hazard) {
    if (input.hazard === undefined) throw invalid('hazard_missing', `${prefix}hazard`, `a ${type} notice describes the hazard to shipping or aviation`);
    content.hazard = { ...checkMultilingualText(input.hazard, `${prefix}hazard`) };
  } else if (input.hazard !== undefined) {
    throw invalid('field_not_applicable', `${prefix}hazard`, `a ${type} notice has no hazard`);
  }
  return content;
}

/**
 * The lead-time rule for this content under `terms`: notice is required at or above the
 * threshold (always, when the type has none); its deadline is the window's start minus the
 * lead time.
 */
export function leadRule(content: NoticeContent, terms: NoticeTerms | undefined): LeadRule {
  const seconds = terms?.leadSeconds;
  if (typeof seconds !== 'number' || !Number.isSafeInteger(seconds) || seconds < 0) {
    throw invalid('terms_invalid', 'terms', `the terms in force give no lead time for ${content.noticeType}`);
  }
  const threshold = terms!.threshold;
  const size = threshold ? (content.forces as Record<string, unknown> | undefined)?.[threshold.field] : undefined;
  const isRequired = !threshold || (typeof size === 'number' && size >= threshold.min);
  const deadline = new Date(Date.parse(content.window.start) - seconds * 1000).toISOString();
  return { seconds, ...(threshold ? { threshold: { field: threshold.field, min: threshold.min } } : {}), isRequired, deadline };
}
