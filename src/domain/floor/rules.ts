/**
 * Floor rules (SPEC.md §5): the thresholds under which the relationship's channels are said
 * to be failing. The defaults are the examples of the specification; the parties may agree
 * their own as the optional `floor` section of the dialogue's terms (src/domain/terms), so a
 * threshold is changed the way every crisis-channel rule is: proposed by one principal,
 * accepted by the other, on the record. A terms document without `floor` keeps the defaults.
 *
 * Signed content is integer-only JSON, so the availability threshold is whole percent.
 */
import { invalid } from '../errors.js';

export interface FloorRules {
  /** "Link availability ≥ 99% over 30 days": each direction of the hotline link. */
  readonly linkAvailabilityMinPercent: number;
  readonly linkAvailabilityDays: number;
  /** "No active working group silent for more than 60 days". */
  readonly silentGroupMaxDays: number;
  /** "No flash call unanswered for more than 10 minutes" (acknowledged, measured from delivery). */
  readonly flashUnansweredMaxSeconds: number;
  /** "Protected channels are never suspended" (working groups whose mandate says `protected`). */
  readonly protectedNeverSuspended: boolean;
}

export const DEFAULT_FLOOR_RULES: FloorRules = {
  linkAvailabilityMinPercent: 99,
  linkAvailabilityDays: 30,
  silentGroupMaxDays: 60,
  flashUnansweredMaxSeconds: 10 * 60,
  protectedNeverSuspended: true,
};

export const FLOOR_RULE_IDS = ['link_availability', 'silent_group', 'flash_unanswered', 'protected_suspended'] as const;
export type FloorRuleId = (typeof FLOOR_RULE_IDS)[number];

const LIMITS: Readonly<Record<Exclude<keyof FloorRules, 'protectedNeverSuspended'>, readonly [number, number]>> = {
  linkAvailabilityMinPercent: [1, 100],
  linkAvailabilityDays: [1, 366],
  silentGroupMaxDays: [1, 3660],
  flashUnansweredMaxSeconds: [1, 86_400],
};

/**
 * Checks the `floor` section of a terms document: any subset of the rules (the rest keep their
 * defaults), each a whole number in its range; returns a clean copy or throws naming the field.
 */
export function checkFloorRules(input: unknown, field = 'terms.floor'): Partial<FloorRules> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalid('floor_invalid', field, 'must be an object');
  const result: { -readonly [K in keyof FloorRules]?: FloorRules[K] } = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === 'protectedNeverSuspended') {
      if (typeof value !== 'boolean') throw invalid('floor_invalid', `${field}.${key}`, 'must be true or false');
      result.protectedNeverSuspended = value;
      continue;
    }
    const limits = LIMITS[key as keyof typeof LIMITS] as readonly [number, number] | undefined;
    if (!limits) throw invalid('terms_unknown_entry', `${field}.${key}`, 'is not a known floor rule');
    if (typeof value !== 'number' || !Number.isInteger(value) || value < limits[0] || value > limits[1]) {
      throw invalid('floor_invalid', `${field}.${key}`, `must be a whole number from ${limits[0]} to ${limits[1]}`);
    }
    result[key as keyof typeof LIMITS] = value;
  }
  return result;
}

/** The rules in force: the agreed overrides over the defaults. */
export function floorRulesOf(overrides: Partial<FloorRules> | undefined): FloorRules {
  return { ...DEFAULT_FLOOR_RULES, ...overrides };
}
