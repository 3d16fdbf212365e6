/**
 * API tokens for scripts: created by a logged-in member for themself, shown once, stored
 * hashed, revocable. Creating and revoking one is written to the party's audit log (never
 * the secret).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audited } from '../../node/index.js';
import type { TokenRecord } from '../../node/private-ports.js';
import { actorOf, requireCredential, requireSession, type HttpDeps } from '../context.js';
import { problemResponses } from '../schemas.js';

const TokenSchema = z.object({
  id: z.string(), name: z.string(), scopes: z.array(z.string()), createdAt: z.string(), revokedAt: z.string().nullable(), lastUsedAt: z.string().nullable(),
});
const present = (t: TokenRecord) => ({ id: t.id, name: t.name, scopes: [...t.scopes], createdAt: t.createdAt, revokedAt: t.revokedAt, lastUsedAt: t.lastUsedAt });

export function registerTokenRoutes(api: FastifyInstance, deps: HttpDeps): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  const tags = ['Tokens'];
  app.get('/tokens', { schema: { tags, summary: 'My API tokens (never their secrets)', response: { 200: z.object({ items: z.array(TokenSchema) }), ...problemResponses } } },
    async (request) => {
      const { member } = requireCredential(request);
      return { items: (await deps.ctx.store.privates.tokensOf(member.id)).map(present) };
    });

  app.post('/tokens', {
    schema: {
      tags, summary: 'Create an API token (the secret is shown once)',
      body: z.strictObject({ name: z.string().min(1).max(100), scopes: z.array(z.enum(['read', 'write'])).min(1) }),
      response: { 201: TokenSchema.extend({ token: z.string() }), ...problemResponses },
    },
  }, async (request, reply) => {
    requireSession(request, 'create tokens');
    const credential = requireCredential(request);
    const { token, record } = await audited(deps.ctx.node, actorOf(request, { write: true }), async () => {
      const created = await deps.auth.createToken(credential.member, request.body.name, request.body.scopes);
      const { id, name, scopes } = created.record;
      return { result: created, entry: { action: 'token.created', target: credential.member.id, detail: { token: id, name, scopes } } };
    });
    return reply.status(201).send({ ...present(record), token });
  });

  app.delete('/tokens/:id', { schema: { tags, summary: 'Revoke a token', params: z.strictObject({ id: z.string().min(1).max(100) }), response: { 204: z.null(), ...problemResponses } } },
    async (request, reply) => {
      // A DELETE: actorOf asks a token for the write scope.
      const actor = actorOf(request, { write: true });
      await audited(deps.ctx.node, actor, async () => {
        const { token, revoked } = await deps.auth.revokeToken(requireCredential(request).member, request.params.id);
        // Revoked already (or by a concurrent request): nothing changed here.
        const entry = revoked ? { action: 'token.revoked' as const, target: token.member, detail: { token: token.id, name: token.name } } : undefined;
        return { result: undefined, entry };
      });
      return reply.status(204).send(null);
    });
}
