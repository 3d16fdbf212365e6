/**
 * A party's outbound webhooks (docs/webhooks.md), managed by that party's admins: create
 * (the signing secret is shown once), list, change, delete, rotate the secret, and read the
 * delivery log. Another party's endpoints are never listed and answer 404. Every change is
 * written to the party's audit log in its transaction (never the secret).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, invalid, notFound, type Actor } from '../../domain/index.js';
import { audited, changedFields } from '../../node/index.js';
import { newWebhookSecret } from '../../node/webhook-signature.js';
import type { DeliveryAttempt, DeliveryRecord, WebhookRecord } from '../../node/webhook-ports.js';
import type { WebhookTargets } from '../../node/webhook-targets.js';
import { actorOf, type HttpDeps } from '../context.js';
import { changedSinceRead, contentEtag, ifMatchOf } from '../content-etag.js';
import { problemResponses } from '../schemas.js';

const UrlSchema = z.url({ protocol: /^https?$/, error: 'must be an http: or https: URL' }).max(2000);
const TypesSchema = z.array(z.string().regex(/^[a-z0-9_.]{1,100}$/, 'is not an event type or prefix (e.g. hotline.)')).max(50)
  .meta({ description: 'type prefixes to deliver, as in the SSE `types` filter; empty: every type' });
const WebhookSchema = z.object({
  id: z.string(), party: z.string(), url: z.string(), types: z.array(z.string()), enabled: z.boolean(),
  createdBy: z.string(), createdAt: z.string(), updatedAt: z.string(),
});
const WithSecret = WebhookSchema.extend({ secret: z.string().meta({ description: 'shown only now: store it to verify Parley-Signature' }) });
const DeliverySchema = z.object({
  id: z.string(), eventKey: z.string(), dialogue: z.string(), type: z.string(), status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(), nextAttemptAt: z.string().nullable(), createdAt: z.string(), lastAttemptAt: z.string().nullable(),
  lastStatus: z.number().int().nullable(), lastError: z.string().nullable(), payload: z.unknown(),
  attemptLog: z.array(z.object({ attempt: z.number().int(), at: z.string(), statusCode: z.number().int().nullable(), error: z.string().nullable() })),
});
const WebhookParams = z.strictObject({ id: z.string().min(1).max(100) });

const present = (w: WebhookRecord) => ({
  id: w.id, party: w.party, url: w.url, types: [...w.types], enabled: w.enabled, createdBy: w.createdBy, createdAt: w.createdAt, updatedAt: w.updatedAt,
});

/**
 * An endpoint's ETag: a hash of what an admin sees and edits (never the secret), so two
 * admins editing the same endpoint cannot overwrite each other's change unseen (If-Match).
 */
function etagOf(w: WebhookRecord): string {
  return contentEtag(present(w));
}
const presentDelivery = (d: DeliveryRecord & { attemptLog: readonly DeliveryAttempt[] }) => ({
  id: d.id, eventKey: d.eventKey, dialogue: d.dialogue, type: d.type, status: d.status, attempts: d.attempts,
  nextAttemptAt: d.nextAttemptAt, createdAt: d.createdAt, lastAttemptAt: d.lastAttemptAt, lastStatus: d.lastStatus,
  lastError: d.lastError, payload: JSON.parse(d.payload) as unknown, attemptLog: [...d.attemptLog],
});

export function registerWebhookRoutes(api: FastifyInstance, deps: HttpDeps, targets: WebhookTargets): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  const tags = ['Webhooks'];
  const webhooks = deps.ctx.store.webhooks;
  const now = () => deps.ctx.node.clock.now().toISOString();

  const admin = (request: FastifyRequest, write: boolean): Actor => {
    const actor = actorOf(request, { write });
    authorize(actor, 'webhook.manage');
    return actor;
  };
  /** The party's own endpoint (404 for anyone else's, before the role check), for an admin. */
  const own = async (request: FastifyRequest, id: string, write: boolean): Promise<{ actor: Actor; webhook: WebhookRecord }> => {
    const actor = actorOf(request, { write });
    const webhook = await webhooks.webhook(actor.party, id);
    if (!webhook) throw notFound('webhook_not_found', `no webhook ${id} of your party`, 'id');
    authorize(actor, 'webhook.manage');
    return { actor, webhook };
  };
  /** Loopback, link-local and private targets are refused unless the node allows the network. */
  const allowedUrl = (url: string | undefined): void => {
    const reason = url === undefined ? undefined : targets.urlRefusal(url);
    if (reason !== undefined) throw invalid('webhook_target_refused', 'url', reason);
  };

  app.get('/webhooks', {
    schema: { tags, summary: "My party's webhooks (admins; never their secrets)", response: { 200: z.object({ items: z.array(WebhookSchema) }), ...problemResponses } },
  }, async (request) => {
    const actor = admin(request, false);
    return { items: (await webhooks.webhooksOf(actor.party)).map(present) };
  });

  app.post('/webhooks', {
    schema: {
      tags, summary: 'Add a webhook for my party (admins); the signing secret is shown once',
      body: z.strictObject({ url: UrlSchema, types: TypesSchema.default([]), enabled: z.boolean().default(true) }),
      response: { 201: WithSecret, ...problemResponses },
    },
  }, async (request, reply) => {
    const actor = admin(request, true);
    allowedUrl(request.body.url);
    const at = now();
    const webhook: WebhookRecord = {
      id: randomUUID(), party: actor.party, url: request.body.url, types: request.body.types, secret: newWebhookSecret(),
      enabled: request.body.enabled, createdBy: actor.member, createdAt: at, updatedAt: at,
    };
    await audited(deps.ctx.node, actor, async () => {
      await webhooks.createWebhook(webhook);
      return { result: undefined, entry: { action: 'webhook.created', target: webhook.id, detail: { url: webhook.url, types: webhook.types, enabled: webhook.enabled } } };
    });
    return reply.status(201).send({ ...present(webhook), secret: webhook.secret });
  });

  app.get('/webhooks/:id', {
    schema: { tags, summary: 'One webhook (admins; never its secret); ETag for If-Match', params: WebhookParams, response: { 200: WebhookSchema, ...problemResponses } },
  }, async (request, reply) => {
    const { webhook } = await own(request, request.params.id, false);
    reply.header('etag', etagOf(webhook));
    return present(webhook);
  });

  app.patch('/webhooks/:id', {
    schema: {
      tags, summary: 'Change the URL, types or enabled flag (admins); with If-Match (the ETag of GET), 412 if it changed since', params: WebhookParams,
      body: z.strictObject({ url: UrlSchema.optional(), types: TypesSchema.optional(), enabled: z.boolean().optional() }),
      response: { 200: WebhookSchema, ...problemResponses },
    },
  }, async (request, reply) => {
    const { actor, webhook } = await own(request, request.params.id, true);
    allowedUrl(request.body.url);
    const expected = ifMatchOf(request);
    const updated = await audited(deps.ctx.node, actor, async () => {
      let before: WebhookRecord | undefined;
      const after = await webhooks.updateWebhook(actor.party, webhook.id, { ...request.body, updatedAt: now() }, (current) => {
        if (expected !== undefined && expected !== etagOf(current)) throw changedSinceRead('webhook');
        before = current;
      });
      if (!after || !before) throw notFound('webhook_not_found', `no webhook ${webhook.id} of your party`, 'id');
      const detail = changedFields(present(before), present(after), ['url', 'types', 'enabled']);
      return { result: after, entry: Object.keys(detail).length === 0 ? undefined : { action: 'webhook.changed', target: webhook.id, detail } };
    });
    reply.header('etag', etagOf(updated));
    return present(updated);
  });

  app.delete('/webhooks/:id', {
    schema: { tags, summary: 'Delete a webhook and its delivery log (admins)', params: WebhookParams, response: { 204: z.null(), ...problemResponses } },
  }, async (request, reply) => {
    const { actor, webhook } = await own(request, request.params.id, true);
    await audited(deps.ctx.node, actor, async () => {
      // Deleted meanwhile by another admin: that deletion was logged, this one changed nothing.
      const deleted = await webhooks.deleteWebhook(actor.party, webhook.id);
      return { result: undefined, entry: deleted ? { action: 'webhook.deleted', target: webhook.id, detail: { url: webhook.url } } : undefined };
    });
    return reply.status(204).send(null);
  });

  app.post('/webhooks/:id/rotate-secret', {
    schema: {
      tags, summary: 'Replace the signing secret (admins); the new one is shown once and signs every later attempt',
      params: WebhookParams, body: z.strictObject({}).optional(), response: { 200: WithSecret, ...problemResponses },
    },
  }, async (request) => {
    const { actor, webhook } = await own(request, request.params.id, true);
    const secret = newWebhookSecret();
    const updated = await audited(deps.ctx.node, actor, async () => {
      const rotated = await webhooks.updateWebhook(actor.party, webhook.id, { secret, updatedAt: now() });
      if (!rotated) throw notFound('webhook_not_found', `no webhook ${webhook.id} of your party`, 'id');
      return { result: rotated, entry: { action: 'webhook.secret_rotated', target: webhook.id, detail: {} } };
    });
    return { ...present(updated), secret };
  });

  app.get('/webhooks/:id/deliveries', {
    schema: {
      tags, summary: 'The delivery log: newest first, with every attempt (admins)', params: WebhookParams,
      querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100), status: z.enum(['pending', 'delivered', 'failed']).optional() }),
      response: { 200: z.object({ items: z.array(DeliverySchema) }), ...problemResponses },
    },
  }, async (request) => {
    const { actor, webhook } = await own(request, request.params.id, false);
    const items = await webhooks.deliveries(actor.party, webhook.id, { limit: request.query.limit, ...(request.query.status ? { status: request.query.status } : {}) });
    return { items: items.map(presentDelivery) };
  });
}
