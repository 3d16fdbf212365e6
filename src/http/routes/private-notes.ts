/** Private notes: a party's internal annotations. Only the party's own members ever read them. */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, checkMultilingualText } from '../../domain/index.js';
import type { PrivateNoteRecord } from '../../node/private-ports.js';
import { actorOf, dialogueFor, type HttpDeps } from '../context.js';
import { IdParams, MultilingualTextSchema, problemResponses } from '../schemas.js';

const NoteSchema = z.object({ id: z.string(), party: z.string(), author: z.string(), subject: z.string(), text: z.record(z.string(), z.string()), createdAt: z.string() });
const present = (n: PrivateNoteRecord) => ({ id: n.id, party: n.party, author: n.author, subject: n.subject, text: { ...n.text }, createdAt: n.createdAt });

export function registerPrivateNoteRoutes(api: FastifyInstance, deps: HttpDeps): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  const tags = ['Private notes'];
  app.get('/dialogues/:dialogue/private-notes', {
    schema: { tags, summary: "My party's private notes (never shared)", params: IdParams, querystring: z.strictObject({ subject: z.string().max(200).optional() }), response: { 200: z.object({ items: z.array(NoteSchema) }), ...problemResponses } },
  }, async (request) => {
    const actor = actorOf(request, { write: false });
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    return { items: (await deps.ctx.store.privates.privateNotes(actor.party, dialogue.id, request.query.subject)).map(present) };
  });

  app.post('/dialogues/:dialogue/private-notes', {
    schema: { tags, summary: 'Write a private note about an event or item of the dialogue', params: IdParams, body: z.strictObject({ subject: z.string().min(1).max(200), text: MultilingualTextSchema }), response: { 201: NoteSchema, ...problemResponses } },
  }, async (request, reply) => {
    const actor = actorOf(request, { write: true });
    authorize(actor, 'private_note.write');
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    const note: PrivateNoteRecord = {
      id: randomUUID(), party: actor.party, dialogue: dialogue.id, author: actor.member, subject: request.body.subject,
      text: checkMultilingualText(request.body.text, 'text'), createdAt: deps.ctx.node.clock.now().toISOString(),
    };
    await deps.ctx.store.privates.addPrivateNote(note);
    return reply.status(201).send(present(note));
  });
}
