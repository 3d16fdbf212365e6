// The authorization matrix, shared by every suite that covers a group of endpoints: each
// route × every member of both parties (every role) × a member of a third party outside the
// dialogue × logged out. Reads are open to the dialogue's parties only; writes follow the one
// policy table (src/domain/policy.ts); a refused request never changes the record; a
// successful write is always recorded in the name of the member's own party.
import { can, type Action, type Role } from '../../src/domain/index.js';
import type { MemberId } from '../../src/record/index.js';
import { DIALOGUE, type TestApp } from './harness.js';

const d = `/api/v1/dialogues/${DIALOGUE}`;

/**
 * `self`: any logged-in member (their own things); `partyRead`: members of that party, 404
 * for everyone else; `dialogue_read`: members of the
 * dialogue's parties; an action: the roles the policy allows, and with `party` only members
 * of that party (the author's own event, the recipient's message).
 * With `hidden`, members of other parties get 404 whatever their roles: the resource (a
 * party's private webhook, say) is not revealed to them.
 */
export type Access = 'dialogue_read' | 'self' | { partyRead: 'aurelia' | 'boreas' } | { action: Action; party?: 'aurelia' | 'boreas'; hidden?: boolean };
/** `body` is built for the member sending it (null: logged out). */
export interface Route { method: string; url: () => string; body?: (actor: { id: string; party: string } | null) => unknown; access: Access }

/** Event types another party's node records in the same transaction (receipts, automatic answers). */
const FOLLOW_UP_TYPES = new Set(['message.delivered']);

export function expectedFor(route: Route, member: { id: string; party: string; roles: Role[] } | null): 'allowed' | 401 | 403 | 404 {
  if (!member) return 401;
  const inDialogue = member.party === 'aurelia' || member.party === 'boreas';
  if (route.access === 'self') return 'allowed';
  if (route.url().startsWith(d) && !inDialogue) return 404;
  if (route.access === 'dialogue_read') return 'allowed';
  // A party's own data that any of its members reads (its members, say): others get 404.
  if ('partyRead' in route.access) return member.party === route.access.partyRead ? 'allowed' : 404;
  if (route.access.hidden && route.access.party !== member.party) return 404;
  const actor = { party: member.party as never, member: member.id as MemberId, roles: member.roles };
  if (!can(actor, route.access.action)) return 403;
  if (route.access.party && route.access.party !== member.party) return 403;
  // Admins manage their OWN party's members only: aurelia-observer is not Boreas's or Cygnus's.
  if (route.method === 'PATCH' && member.party !== 'aurelia') return 404;
  return 'allowed';
}

/** Sends every route as every actor; returns what did not answer as the policy says. */
export async function runMatrix(t: TestApp, routes: readonly Route[], options: { followUpTypes?: readonly string[] } = {}): Promise<{ failures: string[]; checked: number; actors: number }> {
  const followUps = new Set([...FOLLOW_UP_TYPES, ...(options.followUpTypes ?? [])]);
  const actors: Array<{ id: string; party: string; roles: Role[] } | null> = [null];
  for (const id of t.members) {
    const m = await t.ctx.store.member(id as MemberId);
    actors.push({ id, party: m!.party, roles: [...m!.roles] as Role[] });
  }
  const failures: string[] = [];
  let checked = 0;
  for (const route of routes) {
    for (const actor of actors) {
      const expected = expectedFor(route, actor);
      const before = await t.logSize();
      const response = await t.request(actor?.id ?? null, route.method, route.url(), route.body?.(actor));
      const status = response.statusCode;
      checked++;
      const ok = expected === 'allowed' ? ![401, 403, 404].includes(status) && status < 500 : status === expected;
      if (!ok) failures.push(`${route.method} ${route.url()} as ${actor?.id ?? 'anonymous'}: expected ${expected}, got ${status} ${response.body.slice(0, 160)}`);
      const after = await t.logSize();
      if (expected !== 'allowed' && after !== before) failures.push(`${route.method} ${route.url()} as ${actor?.id}: refused but the record grew`);
      if (after > before && actor) {
        const events = await t.ctx.store.events(DIALOGUE as never, before, after - before);
        const foreign = events.filter((e) => e.event.party !== actor.party && !followUps.has(e.event.type));
        if (foreign.length > 0) failures.push(`${route.method} ${route.url()} as ${actor.id}: recorded events of party ${foreign[0]!.event.party}`);
      }
    }
  }
  return { failures, checked, actors: actors.length };
}
