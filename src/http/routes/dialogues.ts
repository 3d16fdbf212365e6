/** The dialogues my party takes part in, and the messages posted to them. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DialogueRecord } from '../../node/index.js';
import { actorOf, dialogueFor, requireCredential, type HttpDeps } from '../context.js';
import { IdParams, MultilingualTextSchema, problemResponses } from '../schemas.js';

const DialogueSchema = z.object({
  id: z.string(), title: z.record(z.string(), z.string()), createdAt: z.string(),
  parties: z.array(z.object({ id: z.string(), name: z.record(z.string(), z.string()), publicKey: z.string() })),
});

const MessageSchema = z.object({
  id: z.string(), index: z.number().int(), party: z.string(), member: z.string().nullable(), time: z.string(),
  kind: z.string(), text: z.record(z.string(), z.string()).nullable(),
});

export function registerDialogueRoutes(api: FastifyInstance, deps: HttpDeps): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  const present = async (d: DialogueRecord) => ({
    id: d.id, title: { ...d.title }, createdAt: d.createdAt,
    parties: await Promise.all(d.parties.map(async (id) => {
      const party = await deps.ctx.store.party(id);
      return { id, name: { ...(party?.name ?? {}) }, publicKey: party?.publicKey.toString('base64') ?? '' };
    })),
  });

  app.get('/dialogues', { schema: { tags: ['Dialogues'], summary: 'Dialogues my party takes part in', response: { 200: z.object({ items: z.array(DialogueSchema) }), ...problemResponses } } },
    async (request) => {
      const { member } = requireCredential(request);
      const mine = (await deps.ctx.store.dialogues()).filter((d) => d.parties.includes(member.party));
      return { items: await Promise.all(mine.map(present)) };
    });

  app.get('/dialogues/:dialogue', { schema: { tags: ['Dialogues'], summary: 'One dialogue', params: IdParams, response: { 200: DialogueSchema, ...problemResponses } } },
    async (request) => present(await dialogueFor(deps, request, request.params.dialogue)));

  app.post('/dialogues/:dialogue/messages', {
    schema: {
      tags: ['Messages'], summary: 'Post a message or formal note', params: IdParams,
      body: z.strictObject({
        kind: z.enum(['informal', 'formal_note']).default('informal'), text: MultilingualTextSchema, authentic: z.array(z.string()).optional(),
        workingGroup: z.string().min(1).max(200).optional().meta({ description: 'the working group it is posted in (absent: dialogue-wide)' }),
        replyTo: z.string().min(1).max(200).optional().meta({ description: 'the id of the message it answers' }),
        requiresAcknowledgement: z.boolean().optional()
          .meta({ description: 'asks each recipient party for an acknowledgement by a person (not only the automatic receipt)' }),
      }),
      response: { 201: MessageSchema, ...problemResponses },
    },
  }, async (request, reply) => {
    const actor = actorOf(request, { write: true });
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    const { authentic, workingGroup, replyTo, requiresAcknowledgement } = request.body;
    const stored = await deps.ctx.node.postMessage({
      dialogue: dialogue.id, member: actor.member, kind: request.body.kind, text: request.body.text,
      ...(authentic ? { authentic } : {}), ...(workingGroup ? { workingGroup } : {}), ...(replyTo ? { replyTo } : {}),
      ...(requiresAcknowledgement ? { requiresAcknowledgement } : {}),
    });
    const body = stored.event.body as { kind: string; text: Record<string, string> };
    return reply.status(201).send({ id: stored.id, index: stored.index, party: stored.event.party, member: stored.event.member, time: stored.event.time, kind: body.kind, text: body.text });
  });
}
