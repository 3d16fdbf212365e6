// Role changes (policy.ts authorizeRoleChange): given the party's members, when an admin
// changes someone's roles, then it is allowed or refused with its code — an admin never
// raises (or lowers) themself, and the party always keeps an admin.
import { describe, expect, it } from 'vitest';
import type { MemberId, PartyId } from '../record/index.js';
import { DomainError } from './errors.js';
import { authorizeRoleChange, can, sameRoles } from './policy.js';
import type { Actor, Role } from './types.js';

const member = (id: string, ...roles: Role[]) => ({ id: id as MemberId, roles });
const actorOf = (m: { id: MemberId; roles: readonly Role[] }): Actor => ({ party: 'aurelia' as PartyId, member: m.id, roles: m.roles });

function change(by: { id: MemberId; roles: readonly Role[] }, of: { id: MemberId; roles: readonly Role[] }, roles: Role[], members: { id: MemberId; roles: readonly Role[] }[]): string {
  try {
    authorizeRoleChange(actorOf(by), of, roles, members);
    return 'allowed';
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return `${error.kind} ${error.code}`;
  }
}

describe('role changes', () => {
  const ana = member('aurelia-ana', 'admin');
  const ben = member('aurelia-ben', 'admin');
  const cay = member('aurelia-cay', 'delegate');

  it('given an admin, when they change their own roles — up or down — then forbidden own_roles; the same roles in any order pass', () => {
    expect(change(ana, ana, ['admin', 'principal'], [ana, ben])).toBe('forbidden own_roles');
    expect(change(ana, ana, ['observer'], [ana, ben])).toBe('forbidden own_roles');
    const both = member('aurelia-ana', 'admin', 'observer');
    expect(change(both, both, ['observer', 'admin'], [both])).toBe('allowed');
  });

  it("given two admins, when one changes another member's roles or takes the other's admin role, then it is allowed", () => {
    expect(change(ana, cay, ['principal'], [ana, ben, cay])).toBe('allowed');
    expect(change(ana, ben, ['observer'], [ana, ben, cay])).toBe('allowed');
  });

  it('given one admin left (the other demoted meanwhile), when the demoted one takes its admin role, then conflict last_admin', () => {
    const demoted = member('aurelia-ben', 'observer');
    expect(change(ben, ana, ['principal'], [ana, demoted, cay])).toBe('conflict last_admin');
    // Keeping the admin role while adding another is no loss.
    expect(change(ben, ana, ['admin', 'principal'], [ana, demoted, cay])).toBe('allowed');
  });

  it('reading the audit log is for admins only', () => {
    expect(can(actorOf(ana), 'audit.read')).toBe(true);
    for (const role of ['principal', 'delegate', 'notetaker', 'duty_officer', 'observer'] as const) {
      expect(can(actorOf(member('aurelia-x', role)), 'audit.read')).toBe(false);
    }
    expect(sameRoles(['admin', 'observer'], ['observer', 'admin'])).toBe(true);
    expect(sameRoles(['admin'], ['admin', 'admin'])).toBe(false);
  });
});
