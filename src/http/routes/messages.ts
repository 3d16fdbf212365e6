/** Message state with receipts, acknowledgements by a person, and redaction of a spillage. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { REDACTABLE_EVENT_TYPES, messages, notFound, redactions, type MessageAggregateCommand } from '../../domain/index.js';
import { runAggregateCommand } from '../../node/aggregate-commands.js';
import type { EventId } from '../../record/index.js';
import { actorOf, dialogueFor, type HttpDeps } from '../context.js';
import { AggregateSchema, IdParams, problemResponses } from '../schemas.js';
import { presentAggregate, registerAggregateRoutes } from './aggregate-routes.js';

export function registerMessageRoutes(api: FastifyInstance, deps: HttpDeps): void {
  registerAggregateRoutes<unknown, MessageAggregateCommand>(api, deps, {
    kind: messages,
    path: 'messages',
    tag: 'Messages',
    actions: [
      { path: 'acknowledge', summary: 'Acknowledge a message as a person of a recipient party', body: z.strictObject({}), toCommand: () => ({ type: 'acknowledge' }) },
    ],
  });

  const app = api.withTypeProvider<ZodTypeProvider>();
  app.post('/dialogues/:dialogue/redactions', {
    schema: {
      tags: ['Record'], summary: "Redact the body of one of your party's events (a spillage): the body is deleted, a signed redaction with the reason stays",
      params: IdParams, body: z.strictObject({ event: z.string().regex(/^[0-9a-f]{64}$/, 'must be an event id'), reason: z.string().max(10_000) }),
      response: { 201: AggregateSchema, ...problemResponses },
    },
  }, async (request, reply) => {
    const actor = actorOf(request, { write: true });
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    const target = await deps.ctx.store.eventById(dialogue.id, request.body.event as EventId);
    if (!target) throw notFound('event_not_found', `no event ${request.body.event} in this dialogue`, 'event');
    const result = await runAggregateCommand(deps.ctx.node, redactions, {
      dialogue, actor,
      command: {
        type: 'redact', reason: request.body.reason, redactable: REDACTABLE_EVENT_TYPES,
        event: { id: target.id, type: target.event.type, party: target.event.party, index: target.index, redacted: target.event.body === undefined },
      },
    });
    await deps.ctx.store.applyRedactions(dialogue.id);
    return reply.status(201).send(presentAggregate(result.aggregate));
  });
}
