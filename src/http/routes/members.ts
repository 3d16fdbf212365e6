/**
 * A party's own members. Any member sees the colleagues of their own party; only the
 * party's admins add members, change roles and reset passwords — never their own roles, and
 * never leaving the party without an admin. Another party's members are never listed or
 * changed. Every change is written to the party's audit log in its transaction.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, authorizeRoleChange, forbidden, invalid, notFound, ROLES, sameRoles, type Role } from '../../domain/index.js';
import { audited, changedFields } from '../../node/index.js';
import type { MemberId } from '../../record/index.js';
import { actorOf, requireCredential, requireSession, type HttpDeps } from '../context.js';
import { changedSinceRead, contentEtag, ifMatchOf } from '../content-etag.js';
import { problemResponses } from '../schemas.js';
import { MemberSchema } from './session.js';

const SAFE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const RolesSchema = z.array(z.enum(ROLES)).min(1).max(ROLES.length);

export function registerMemberRoutes(api: FastifyInstance, deps: HttpDeps, options: { passwordRateLimit?: number } = {}): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  const tags = ['Members'];
  const present = (m: { id: string; party: string; name: string; roles: readonly string[] }) => ({ id: m.id, party: m.party, name: m.name, roles: [...m.roles] });
  /** A member's ETag: a hash of what an admin sees and edits. */
  const etagOf = (m: { id: string; party: string; name: string; roles: readonly string[] }) => contentEtag(present(m));

  app.get('/members', { schema: { tags, summary: "My party's members", response: { 200: z.object({ items: z.array(MemberSchema) }), ...problemResponses } } },
    async (request) => {
      const { member } = requireCredential(request);
      return { items: (await deps.ctx.store.privates.membersOf(member.party)).map(present) };
    });

  /**
   * An admin acting from a logged-in session: members are managed by a person, never with an
   * API token — a leaked script token must not mint an account with a password it chose.
   */
  const sessionAdmin = (request: FastifyRequest) => {
    const actor = actorOf(request, { write: true });
    authorize(actor, 'member.manage');
    requireSession(request, 'manage members');
    return actor;
  };

  app.post('/members', {
    schema: {
      tags, summary: "Add a member to my party (admins); the id starts with the party's id and a hyphen",
      body: z.strictObject({ id: z.string().regex(SAFE_ID, 'lowercase letters, digits, - or _'), name: z.string().trim().min(1).max(200), roles: RolesSchema, password: z.string().min(12).max(1000) }),
      response: { 201: MemberSchema, ...problemResponses },
    },
  }, async (request, reply) => {
    const actor = sessionAdmin(request);
    // Member ids are one namespace on a node that hosts several parties. A new id starts with
    // the party's own id, so it never collides with another party's member, and a refusal
    // says nothing about who the other parties' members are.
    if (!request.body.id.startsWith(`${actor.party}-`)) {
      throw invalid('member_id_prefix', 'id', `must start with your party's id and a hyphen (${actor.party}-…)`);
    }
    // A party whose id extends ours (`aur-x` beside `aur`) owns the ids under its own prefix.
    const longer = (await deps.ctx.store.parties()).find((p) => p.id !== actor.party && request.body.id.startsWith(`${p.id}-`) && p.id.startsWith(`${actor.party}-`));
    if (longer) throw invalid('member_id_prefix', 'id', `ids starting ${longer.id}- belong to party ${longer.id}`);
    const member = { id: request.body.id as MemberId, party: actor.party, name: request.body.name, roles: request.body.roles as Role[] };
    const hash = await deps.auth.hashNewPassword(request.body.password);
    await audited(deps.ctx.node, actor, async () => {
      await deps.ctx.node.createMember(member);
      await deps.auth.setPasswordHash(member.id, hash);
      return { result: undefined, entry: { action: 'member.added', target: member.id, detail: { name: member.name, roles: member.roles } } };
    });
    return reply.status(201).send(present(member));
  });

  const memberNotFound = (id: string) => notFound('member_not_found', `no member ${id} in your party`, 'id');
  const ownMember = async (actorParty: string, id: string) => {
    const member = await deps.ctx.store.member(id as MemberId);
    if (!member || member.party !== actorParty) throw memberNotFound(id);
    return member;
  };

  app.get('/members/:id', {
    schema: { tags, summary: 'One member of my party, with its ETag (for If-Match on PATCH)', params: z.strictObject({ id: z.string().max(100) }), response: { 200: MemberSchema, ...problemResponses } },
  }, async (request, reply) => {
    const { member } = requireCredential(request);
    const found = await ownMember(member.party, request.params.id);
    reply.header('etag', etagOf(found));
    return present(found);
  });

  app.patch('/members/:id', {
    schema: {
      tags, summary: "Change a member's name or roles (admins); with If-Match (the ETag of GET), 412 if another change came first", params: z.strictObject({ id: z.string().max(100) }),
      body: z.strictObject({ name: z.string().trim().min(1).max(200).optional(), roles: RolesSchema.optional() }),
      response: { 200: MemberSchema, ...problemResponses },
    },
  }, async (request, reply) => {
    const actor = sessionAdmin(request);
    const expected = ifMatchOf(request);
    const { name, roles } = request.body;
    const updated = await audited(deps.ctx.node, actor, async () => {
      // The party's members, locked until the change commits: two admins demoting each other
      // at once cannot both pass the last-admin check.
      const members = await deps.ctx.store.privates.lockMembersOf(actor.party);
      // The acting admin as the lock sees them: one demoted meanwhile acts no more.
      if (!members.some((m) => m.id === actor.member && m.roles.includes('admin'))) {
        throw forbidden('role_not_allowed', `member.manage needs the admin role; ${actor.member} no longer has it`);
      }
      const member = members.find((m) => m.id === request.params.id);
      if (!member) throw memberNotFound(request.params.id);
      if (expected !== undefined && expected !== etagOf(member)) throw changedSinceRead('member');
      const next = { ...member, name: name ?? member.name, roles: roles && !sameRoles(member.roles, roles) ? roles : member.roles };
      authorizeRoleChange(actor, member, next.roles, members);
      const detail = changedFields(member, next, ['name', 'roles']);
      if (Object.keys(detail).length === 0) return { result: member, entry: undefined };
      if (!(await deps.ctx.node.replaceMember(member, next))) throw changedSinceRead('member');
      return { result: next, entry: { action: 'member.changed', target: member.id, detail } };
    });
    reply.header('etag', etagOf(updated));
    // Open event streams of this member close and reconnect with the new roles.
    deps.auth.membersChanged();
    return present(updated);
  });

  app.put('/members/:id/password', {
    config: { rateLimit: { max: options.passwordRateLimit ?? 10, timeWindow: '1 minute' } },
    schema: {
      tags,
      summary: 'Set a password: your own (give the current one), or as admin of your party. Ends every session and API token of the member',
      params: z.strictObject({ id: z.string().max(100) }),
      body: z.strictObject({ password: z.string().min(1).max(1000), currentPassword: z.string().min(1).max(1000).optional() }),
      response: { 204: z.null(), ...problemResponses },
    },
  }, async (request, reply) => {
    const actor = actorOf(request, { write: true });
    // A token must not turn into a password (and so into sessions and new tokens).
    requireSession(request, 'set passwords');
    const member = await ownMember(actor.party, request.params.id);
    if (member.id === actor.member) {
      // A session left open (or taken) must not be enough to take the account over.
      const current = request.body.currentPassword;
      if (current === undefined) throw invalid('current_password_missing', 'currentPassword', 'is required to change your own password');
      if (!(await deps.auth.passwordMatches(member.id, current))) throw forbidden('current_password_wrong', 'currentPassword is not your current password');
    } else if (!actor.roles.includes('admin')) {
      throw forbidden('role_not_allowed', 'only admins set other members\' passwords');
    }
    const hash = await deps.auth.hashNewPassword(request.body.password);
    await audited(deps.ctx.node, actor, async () => {
      await deps.auth.setPasswordHash(member.id, hash);
      const ended = await deps.auth.endCredentialsOf(member.id);
      return { result: undefined, entry: { action: 'member.password_set', target: member.id, detail: { sessionsEnded: ended.sessions, tokensRevoked: ended.tokens } } };
    });
    return reply.status(204).send(null);
  });
}
