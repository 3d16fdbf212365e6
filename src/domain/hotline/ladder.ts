/**
 * A party's PRIVATE escalation ladder for the hotline calls it receives: when a call is not
 * acknowledged by its deadline it climbs to rung 1, then after rung 1's own deadline to rung
 * 2, and so on (e.g. duty supervisor → principal). Each rung pages the members holding its
 * roles and the members it names. The ladder never leaves the party's node.
 */
import { invalid } from '../errors.js';
import { ROLES, type Role } from '../types.js';

export interface EscalationRung {
  /** A label for people, e.g. "duty supervisor". */
  readonly name?: string;
  /** Members of the party holding any of these roles are paged. */
  readonly roles: readonly Role[];
  /** These members (of the party) are paged too. */
  readonly members: readonly string[];
  /** How long the call may stay unacknowledged at this rung before it climbs to the next. */
  readonly deadlineSeconds: number;
}

export const MAX_RUNGS = 10;
const MAX_SECONDS = 7 * 24 * 3600;

/** Used while a party has set no ladder of its own: a late call goes to its principals. */
export const DEFAULT_LADDER: readonly EscalationRung[] = [
  { name: 'principals', roles: ['principal'], members: [], deadlineSeconds: 3600 },
];

/** Checks a ladder; returns a clean copy or throws naming the field. */
export function checkLadder(rungs: readonly EscalationRung[]): EscalationRung[] {
  if (rungs.length === 0) throw invalid('ladder_empty', 'rungs', 'a ladder needs at least one rung');
  if (rungs.length > MAX_RUNGS) throw invalid('ladder_too_long', 'rungs', `at most ${MAX_RUNGS} rungs`);
  return rungs.map((rung, i) => {
    const field = `rungs[${i}]`;
    for (const role of rung.roles) {
      if (!(ROLES as readonly string[]).includes(role)) throw invalid('role_unknown', `${field}.roles`, `unknown role "${role}"`);
    }
    if (rung.roles.length === 0 && rung.members.length === 0) {
      throw invalid('rung_empty', field, 'name at least one role or member to page');
    }
    if (!Number.isInteger(rung.deadlineSeconds) || rung.deadlineSeconds <= 0 || rung.deadlineSeconds > MAX_SECONDS) {
      throw invalid('seconds_invalid', `${field}.deadlineSeconds`, `must be a whole number of seconds from 1 to ${MAX_SECONDS}`);
    }
    return {
      ...(rung.name ? { name: rung.name } : {}), roles: [...new Set(rung.roles)], members: [...new Set(rung.members)],
      deadlineSeconds: rung.deadlineSeconds,
    };
  });
}
