/** Log in (rate-limited), log out, and who am I. Sessions are HttpOnly SameSite=Strict cookies. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { MemberId } from '../../record/index.js';
import { requireCredential, SESSION_COOKIE, type HttpDeps } from '../context.js';
import { problemResponses } from '../schemas.js';

export const MemberSchema = z.object({ id: z.string(), party: z.string(), name: z.string(), roles: z.array(z.string()) });

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
    const { secret, member, expiresAt } = await deps.auth.login(request.body.member as MemberId, request.body.password);
    reply.setCookie(SESSION_COOKIE, secret, {
      httpOnly: true, sameSite: 'strict', path: '/', secure: request.protocol === 'https', expires: new Date(expiresAt),
    });
    return { member: { id: member.id, party: member.party, name: member.name, roles: [...member.roles] }, expiresAt };
  });

  app.delete('/session', { schema: { tags, summary: 'Log out', response: { 204: z.null() } } }, async (request, reply) => {
    const secret = request.cookies[SESSION_COOKIE];
    if (secret) await deps.auth.logout(secret);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/session', { schema: { tags, summary: 'The logged-in member', response: { 200: z.object({ member: MemberSchema, via: z.string() }), ...problemResponses } } },
    async (request) => {
      const { member, via } = requireCredential(request);
      return { member: { id: member.id, party: member.party, name: member.name, roles: [...member.roles] }, via };
    });
}
