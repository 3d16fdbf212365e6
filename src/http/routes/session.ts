/** Log in (rate-limited), log out, and who am I. Sessions are HttpOnly SameSite=Strict cookies. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can, PERMISSIONS, type Action, type Role } from '../../domain/index.js';
import { DEVICE_COOKIE_DAYS, type Credential } from '../../node/auth.js';
import type { MemberId } from '../../record/index.js';
import { DEVICE_COOKIE, requireCredential, SESSION_COOKIE, type HttpDeps } from '../context.js';
import { problemResponses } from '../schemas.js';

export const MemberSchema = z.object({ id: z.string(), party: z.string(), name: z.string(), roles: z.array(z.string()) });

/**
 * The actions of the policy table (domain/policy.ts) this credential's roles allow, so that
 * clients (the web app) offer only what the member may do without a copy of the table. A
 * read-only API token may do none of them.
 */
export function permittedActions(credential: Credential): Action[] {
  if (!credential.scopes.includes('write')) return [];
  const actor = { party: credential.member.party, member: credential.member.id, roles: credential.member.roles as readonly Role[] };
  return (Object.keys(PERMISSIONS) as Action[]).filter((action) => can(actor, action));
}

export function registerSessionRoutes(api: FastifyInstance, deps: HttpDeps, options: { loginRateLimit?: number }): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  const tags = ['Session'];
  app.post('/session', {
    config: { rateLimit: { max: options.loginRateLimit ?? 10, timeWindow: '1 minute' } },
    schema: {
      tags, summary: 'Log in', security: [],
      body: z.strictObject({ member: z.string().min(1).max(100), password: z.string().min(1).max(1000) }),
      response: { 200: z.object({ member: MemberSchema, expiresAt: z.string() }), ...problemResponses },
    },
  }, async (request, reply) => {
    const { secret, member, expiresAt, deviceCookie } = await deps.auth.login(
      request.body.member as MemberId, request.body.password, { device: request.cookies[DEVICE_COOKIE], address: request.ip },
    );
    const secure = request.protocol === 'https';
    reply.setCookie(SESSION_COOKIE, secret, { httpOnly: true, sameSite: 'strict', path: '/', secure, expires: new Date(expiresAt) });
    // Lets this browser log in while others' failed guesses hold the member's login back.
    reply.setCookie(DEVICE_COOKIE, deviceCookie, {
      httpOnly: true, sameSite: 'strict', path: `${request.routeOptions.url}`, secure, maxAge: DEVICE_COOKIE_DAYS * 24 * 3600,
    });
    return { member: { id: member.id, party: member.party, name: member.name, roles: [...member.roles] }, expiresAt };
  });

  app.delete('/session', { schema: { tags, summary: 'Log out', response: { 204: z.null() } } }, async (request, reply) => {
    const secret = request.cookies[SESSION_COOKIE];
    if (secret) await deps.auth.logout(secret, { address: request.ip });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/session', {
    schema: {
      tags, summary: 'The logged-in member, and the actions of the role policy they may perform',
      response: { 200: z.object({ member: MemberSchema, via: z.string(), permissions: z.array(z.string()) }), ...problemResponses },
    },
  }, async (request) => {
    const credential = requireCredential(request);
    const { member, via } = credential;
    return { member: { id: member.id, party: member.party, name: member.name, roles: [...member.roles] }, via, permissions: permittedActions(credential) };
  });
}
