/**
 * Who may do what, in one table (SPEC.md §2 roles). A member acts only for their own party:
 * the node builds the Actor from the authenticated member, so a command can never name
 * another party as its author. Deciders call `authorize` with the action they perform.
 */
import { conflict, forbidden } from './errors.js';
import type { MemberId } from '../record/index.js';
import type { Actor, Role } from './types.js';

const WRITERS: readonly Role[] = ['principal', 'delegate', 'notetaker', 'duty_officer'];

/** Action → roles that may perform it for their own party. */
export const PERMISSIONS = {
  // Agreement and commitment on behalf of the party: principals only.
  'working_group.accept': ['principal'],
  'working_group.reject': ['principal'],
  'working_group.suspend': ['principal'],
  'working_group.resume': ['principal'],
  'working_group.close': ['principal'],
  'meeting.accept': ['principal'],
  'agenda.accept': ['principal'],
  'joint_statement.sign': ['principal'],
  'commitment.commit': ['principal'],
  'record.redact': ['principal'],
  // Proposing and drafting: principals and delegates.
  'working_group.propose': ['principal', 'delegate'],
  'working_group.withdraw': ['principal', 'delegate'],
  'meeting.propose': ['principal', 'delegate'],
  'meeting.cancel': ['principal', 'delegate'],
  'meeting.conclude': ['principal', 'delegate'],
  'agenda.propose': ['principal', 'delegate'],
  'joint_statement.propose': ['principal', 'delegate'],
  'joint_statement.withdraw': ['principal', 'delegate'],
  'commitment.propose': ['principal', 'delegate'],
  'commitment.update': ['principal', 'delegate'],
  'commitment.deliver': ['principal', 'delegate'],
  'commitment.confirm': ['principal', 'delegate'],
  'commitment.withdraw': ['principal', 'delegate'],
  // Recording what happened: note-takers too.
  'meeting.attend': ['principal', 'delegate', 'notetaker'],
  'agenda.outcome': ['principal', 'delegate', 'notetaker'],
  'readout.draft': ['principal', 'delegate', 'notetaker'],
  'readout.publish': ['principal', 'delegate'],
  'context.record': ['principal', 'delegate', 'notetaker'],
  'private_note.write': ['principal', 'delegate', 'notetaker', 'duty_officer'],
  // Correspondence.
  'message.post': WRITERS,
  'message.acknowledge': WRITERS,
  // Crisis channels: requests to talk, queries, notices, assurances, incident reports.
  'talk_request.request': ['principal', 'delegate'],
  'talk_request.respond': ['principal', 'delegate'],
  'query.ask': ['principal', 'delegate', 'duty_officer'],
  'query.answer': ['principal', 'delegate', 'duty_officer'],
  'notice.give': ['principal', 'delegate'],
  'notice.acknowledge': ['principal', 'delegate', 'duty_officer'],
  'assurance.give': ['principal', 'delegate'],
  'assurance.acknowledge': ['principal', 'delegate', 'duty_officer'],
  'incident.report': ['principal', 'delegate', 'duty_officer'],
  // Party administration (private to the party's node). An admin never changes their own
  // roles (authorizeRoleChange); the audit log of these changes is read by admins only.
  'member.manage': ['admin'],
  'webhook.manage': ['admin'],
  'audit.read': ['admin'],
  // Offering events another node sent, refused here, to the inbox again once the cause is
  // fixed (docs/federation.md §5): it can only take in what the inbox accepts, so the people
  // who run the node and staff the hotline at night may do it.
  'federation.retry': ['admin', 'duty_officer'],
  // Crisis-channel terms: agreed on behalf of the party, so principals only.
  'terms.propose': ['principal'],
  'terms.agree': ['principal'],
  // The hotline: duty officers staff it, principals may act too.
  'hotline.call': ['principal', 'duty_officer'],
  'hotline.acknowledge': ['principal', 'duty_officer'],
  'hotline.answer': ['principal', 'duty_officer'],
  'hotline.close': ['principal', 'duty_officer'],
  'hotline.link': ['principal', 'duty_officer'],
  // The party's private escalation ladder: its admins manage it; steps taken are read by those paged.
  'hotline.ladder': ['admin'],
  'hotline.escalations': ['principal', 'duty_officer', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export function can(actor: Actor, action: Action): boolean {
  const allowed: readonly Role[] = PERMISSIONS[action];
  return actor.roles.some((role) => allowed.includes(role));
}

/**
 * Whether a member of the notice's party may receive one of its private notices (the live
 * bus's notices for one party). An escalation step names the ladder's rung and who was
 * paged: it goes to the roles that read escalations (`hotline.escalations`) and to the
 * members it pages, whatever their roles. Other private notices go to the whole party.
 */
export function canSeePrivateNotice(actor: Actor, notice: { readonly type: string; readonly data: unknown }): boolean {
  if (notice.type !== 'hotline.escalation_step') return true;
  if (can(actor, 'hotline.escalations')) return true;
  const paged = (notice.data as { paged?: unknown } | null)?.paged;
  return Array.isArray(paged) && paged.includes(actor.member);
}

/** Throws a forbidden DomainError unless the actor's roles allow `action`. */
export function authorize(actor: Actor, action: Action): void {
  if (!can(actor, action)) {
    throw forbidden('role_not_allowed', `${action} needs one of the roles ${PERMISSIONS[action].join(', ')}; member ${actor.member} has ${actor.roles.join(', ') || 'none'}`);
  }
}

/** Whether two role lists hold the same roles, in whatever order. */
export function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role)) && b.every((role) => a.includes(role));
}

/**
 * Refuses a change of a member's roles (from `member.roles` to `roles`) made to one's own
 * roles — another admin must make it (an admin can still create a new admin account; the
 * audit log shows it, decision 0022) — or that would leave the party without an admin to
 * manage it. `members`: the party's members as they are now (read in the change's
 * transaction). Unchanged roles pass.
 */
export function authorizeRoleChange(
  actor: Actor, member: { readonly id: MemberId; readonly roles: readonly Role[] }, roles: readonly Role[],
  members: readonly { readonly id: MemberId; readonly roles: readonly Role[] }[],
): void {
  if (sameRoles(member.roles, roles)) return;
  if (member.id === actor.member) {
    throw forbidden('own_roles', 'you cannot change your own roles: another admin of your party must');
  }
  const otherAdmins = members.filter((m) => m.id !== member.id && m.roles.includes('admin'));
  if (member.roles.includes('admin') && !roles.includes('admin') && otherAdmins.length === 0) {
    throw conflict('last_admin', `${member.id} is your party's last admin: make another member admin first`, 'roles');
  }
}
