/**
 * A party's PRIVATE audit log (docs/access.md): who changed its members, roles, passwords,
 * API tokens, webhooks and escalation ladders, when, and what changed. Read by the party's
 * admins only, and only their own party's entries; entries are written by the changes
 * themselves (node/audit.ts) and never changed or deleted through the API.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, utcInstant } from '../../domain/index.js';
import { AUDIT_ACTIONS, type AuditEntry } from '../../node/private-ports.js';
import type { MemberId } from '../../record/index.js';
import { actorOf, type HttpDeps } from '../context.js';
import { DateBound, problemResponses } from '../schemas.js';

export const AuditEntrySchema = z.object({
  id: z.string(), party: z.string(), actor: z.string().meta({ description: 'the member who made the change' }),
  action: z.enum(AUDIT_ACTIONS),
  target: z.string().meta({ description: 'a member id (members, passwords, tokens), a webhook id, or a dialogue id (its escalation ladder)' }),
  detail: z.record(z.string(), z.unknown()).meta({ description: 'what changed, e.g. {"roles": {"before": […], "after": […]}}; never a password, token or secret' }),
  at: z.string(),
});

const AuditQuery = z.strictObject({
  action: z.enum(AUDIT_ACTIONS).optional(),
  actor: z.string().min(1).max(100).optional().meta({ description: 'entries of changes made by this member' }),
  target: z.string().min(1).max(200).optional().meta({ description: 'entries about this member, webhook or dialogue' }),
  from: DateBound.optional().meta({ description: 'entries at or after this instant; a bare date is the start of that day in UTC' }),
  to: DateBound.optional().meta({ description: 'entries at or before this instant; a bare date is the end of that day in UTC (inclusive)' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  after: z.string().max(200).optional().meta({ description: 'the `next` of the previous page' }),
});

const present = (e: AuditEntry) => ({ id: e.id, party: e.party, actor: e.actor, action: e.action, target: e.target, detail: { ...e.detail }, at: e.at });

export function registerAuditRoutes(api: FastifyInstance, deps: HttpDeps): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  app.get('/audit', {
    schema: {
      tags: ['Audit'], summary: "My party's audit log, newest first (admins): changes to members, roles, passwords, tokens, webhooks and escalation ladders",
      querystring: AuditQuery, response: { 200: z.object({ items: z.array(AuditEntrySchema), next: z.string().nullable() }), ...problemResponses },
    },
  }, async (request) => {
    const actor = actorOf(request, { write: false });
    authorize(actor, 'audit.read');
    const q = request.query;
    const items = await deps.ctx.store.privates.auditEntries(actor.party, {
      ...(q.action ? { action: q.action } : {}), ...(q.actor ? { actor: q.actor as MemberId } : {}), ...(q.target ? { target: q.target } : {}),
      ...(q.from ? { from: utcInstant(q.from, 'start')! } : {}), ...(q.to ? { to: utcInstant(q.to, 'end')! } : {}),
      limit: q.limit, ...(q.after ? { after: q.after } : {}),
    });
    return { items: items.map(present), next: items.length === q.limit ? items.at(-1)!.id : null };
  });
}
