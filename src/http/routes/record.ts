/** The shared record over HTTP: checkpoint, transcript, proofs and events — for auditors and tools. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Readable } from 'node:stream';
import { actorOf, dialogueFor, type HttpDeps } from '../context.js';
import { IdParams, problemResponses, StoredEventSchema } from '../schemas.js';

const Count = (min: number) => z.coerce.number().int().min(min);

export function registerRecordRoutes(api: FastifyInstance, deps: HttpDeps): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  const tags = ['Record'];
  const records = deps.ctx.records;

  app.get('/dialogues/:dialogue/record/checkpoint', {
    schema: { tags, summary: 'The latest signed checkpoint (C2SP signed note)', params: IdParams, response: { 200: z.object({ origin: z.string(), logKey: z.string(), size: z.number().int(), note: z.string() }), ...problemResponses } },
  }, async (request) => {
    actorOf(request, { write: false });
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    const { size, note } = await records.checkpoint(dialogue.id);
    return { origin: records.origin(dialogue.id), logKey: records.logKey(), size, note };
  });

  app.get('/dialogues/:dialogue/record/transcript', {
    schema: { tags, summary: 'The transcript (parley-transcript/1), streamed', params: IdParams, querystring: z.strictObject({ withhold: z.string().max(2000).optional().meta({ description: 'comma-separated event types whose bodies are withheld' }) }) },
  }, async (request, reply) => {
    actorOf(request, { write: false });
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    const withhold = request.query.withhold ? request.query.withhold.split(',').filter(Boolean) : [];
    reply.type('application/json').header('content-disposition', `attachment; filename="${dialogue.id}.transcript.json"`);
    return reply.send(Readable.from(records.transcriptChunks(dialogue.id, withhold)));
  });

  app.get('/dialogues/:dialogue/record/proofs/inclusion', {
    schema: { tags, summary: 'RFC 9162 inclusion proof', params: IdParams, querystring: z.strictObject({ index: Count(0), size: Count(1).optional() }), response: { 200: z.object({ index: z.number(), size: z.number(), leafHash: z.string(), hashes: z.array(z.string()), checkpoint: z.string() }), ...problemResponses } },
  }, async (request) => {
    actorOf(request, { write: false });
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    return records.inclusionProof(dialogue.id, request.query.index, request.query.size);
  });

  app.get('/dialogues/:dialogue/record/proofs/consistency', {
    schema: { tags, summary: 'RFC 9162 consistency proof', params: IdParams, querystring: z.strictObject({ from: Count(1), to: Count(1).optional() }), response: { 200: z.object({ from: z.number(), to: z.number(), hashes: z.array(z.string()), checkpoint: z.string(), fromCheckpoint: z.string().optional() }), ...problemResponses } },
  }, async (request) => {
    actorOf(request, { write: false });
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    return records.consistencyProof(dialogue.id, request.query.from, request.query.to);
  });

  app.get('/dialogues/:dialogue/record/events', {
    schema: { tags, summary: 'Signed events in log order', params: IdParams, querystring: z.strictObject({ from: Count(0).default(0), limit: z.coerce.number().int().min(1).max(1000).default(100) }), response: { 200: z.object({ items: z.array(StoredEventSchema), size: z.number().int() }), ...problemResponses } },
  }, async (request) => {
    actorOf(request, { write: false });
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    const log = await deps.ctx.store.log(dialogue.id);
    const items = await deps.ctx.store.events(dialogue.id, request.query.from, request.query.limit);
    return { items: items.map((s) => ({ index: s.index, id: s.id, event: { ...s.event } as Record<string, unknown> })), size: log.size };
  });
}
