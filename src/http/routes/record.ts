/** The shared record over HTTP: checkpoint, transcript, proofs and events — for auditors and tools. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Readable } from 'node:stream';
import { FederationInbox, forksOf, inboxView, retriedCounts, retriedView } from '../../federation/index.js';
import { authorize } from '../../domain/index.js';
import { actorOf, dialogueFor, type HttpDeps } from '../context.js';
import { IdParams, InstantSchema, problemResponses, StoredEventSchema } from '../schemas.js';

const Count = (min: number) => z.coerce.number().int().min(min);

const ForkedEventSchema = z.object({
  id: z.string(),
  envelope: z.string().meta({ description: 'the signed envelope as canonical JSON (RFC 8785), as received: its signature can be checked against the party key' }),
});
const ForkedCheckpointSchema = z.object({
  note: z.string().meta({ description: 'the signed checkpoint note as kept' }),
  size: z.number().int().nullable().meta({ description: 'its tree size, null when the note does not parse' }),
  root: z.string().nullable().meta({ description: 'its base64 root hash, null when the note does not parse' }),
});
/** The evidence of forks this node holds for the dialogue (src/federation/forks.ts). */
export const ForksSchema = z.object({
  events: z.array(z.object({
    party: z.string(),
    seq: z.number().int(),
    stored: ForkedEventSchema.meta({ description: 'the event of that seq this node holds in the record' }),
    other: ForkedEventSchema.meta({ description: 'the other signed event of the same party and seq, never applied' }),
    source: z.string().meta({ description: 'the peer node that delivered the other event' }),
    detectedAt: InstantSchema,
  })).meta({ description: 'two different signed events of one party with the same sequence number, oldest first' }),
  checkpoints: z.array(z.object({
    id: z.string(),
    origin: z.string().meta({ description: 'the forked log: <node name>/<dialogue id>' }),
    source: z.string(),
    reason: z.string(),
    known: ForkedCheckpointSchema.meta({ description: 'the checkpoint this node had cosigned' }),
    offered: ForkedCheckpointSchema.meta({ description: 'the later checkpoint that is not consistent with it' }),
    proof: z.array(z.string()).meta({ description: 'the consistency proof offered with it (base64 hashes), possibly empty' }),
    detectedAt: InstantSchema,
  })).meta({ description: 'two checkpoints of one log that are not consistent, oldest first' }),
  reports: z.array(z.object({
    id: z.string().meta({ description: 'the record.fork_reported event' }),
    party: z.string().meta({ description: 'the reporting party (its node detected the fork)' }),
    member: z.string().nullable(),
    at: InstantSchema,
    kind: z.enum(['event', 'checkpoint']).nullable(),
    forkedParty: z.string().nullable().meta({ description: 'event forks: the party that signed both events' }),
    seq: z.number().int().nullable(),
    events: z.array(z.string()).nullable().meta({ description: 'event forks: [the event kept, the other]' }),
    origin: z.string().nullable().meta({ description: 'checkpoint forks: the log' }),
    sizes: z.array(z.number().int()).nullable(),
    roots: z.array(z.string()).nullable(),
    source: z.string().nullable(),
    reason: z.string().nullable(),
    waiting: z.string().nullable().meta({ description: 'null when on this node\'s record; else what this node waits for before it can apply the report (its signature is verified)' }),
  })).meta({ description: 'record.fork_reported events by any party (they replicate), oldest first' }),
});

const WaitingSchema = z.object({
  party: z.string(), seq: z.number().int(), type: z.string(), id: z.string(),
  from: z.string().meta({ description: 'the peer node it came from' }),
  reason: z.string().meta({ description: 'what it waits for: seq_gap (an earlier event of its party) or seen_unknown (an event it has seen), with details' }),
  since: InstantSchema,
});
const RefusedSchema = z.object({
  party: z.string().optional(), seq: z.number().int().optional(), type: z.string().optional(),
  from: z.string(), reason: z.string().meta({ description: 'a stable code, then details (docs/federation.md §5)' }), at: InstantSchema,
});
/** What other nodes sent that this node has not applied (src/federation/inbox-view.ts). */
export const InboxSchema = z.object({
  waiting: z.array(WaitingSchema).meta({ description: 'the oldest events waiting for an earlier one' }),
  waitingTotal: z.number().int(),
  refused: z.array(RefusedSchema).meta({ description: 'the newest refusals no retry has resolved, newest first' }),
  refusedTotal: z.number().int(),
});
const RetriedSchema = z.object({
  id: z.string().nullable(),
  status: z.enum(['appended', 'duplicate', 'waiting', 'rejected', 'equivocation']),
  reason: z.string().optional(),
  from: z.string(),
});
const INBOX_LIMIT = 50;
/** Retried events listed one by one in a retry's answer; the counts cover them all. */
const RETRIED_LISTED = 100;

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

  app.get('/dialogues/:dialogue/record/forks', {
    schema: {
      tags, summary: 'Forks detected: equivocating events and inconsistent checkpoints this node holds as proof',
      description: 'Evidence about the shared record, so every member of every party of the dialogue may read all of it (docs/federation.md "Equivocation").',
      params: IdParams, response: { 200: ForksSchema, ...problemResponses },
    },
  }, async (request) => {
    actorOf(request, { write: false });
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    return forksOf(deps.ctx.store, dialogue.id);
  });

  app.get('/dialogues/:dialogue/record/inbox', {
    schema: {
      tags, summary: 'Events other nodes sent that this node has not applied: waiting for an earlier one, or refused, and why',
      description: 'About the shared record, so every member of every party of the dialogue may read it (docs/federation.md §5).',
      params: IdParams, response: { 200: InboxSchema, ...problemResponses },
    },
  }, async (request) => {
    actorOf(request, { write: false });
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    return inboxView(deps.ctx.store, dialogue.id, INBOX_LIMIT);
  });

  app.post('/dialogues/:dialogue/record/inbox/retry', {
    schema: {
      tags, summary: 'Offer the refused events to the inbox again, once their cause is fixed (admins, duty officers)',
      description: 'Each open refusal is checked again from the start, as any delivery; what is taken in brings the events waiting behind it (decision 0023).',
      params: IdParams, body: z.strictObject({}),
      response: {
        200: z.object({
          retriedTotal: z.number().int().meta({ description: 'how many refused events were offered again' }),
          counts: z.record(z.string(), z.number().int()).meta({ description: 'how many of them each outcome had' }),
          retried: z.array(RetriedSchema).meta({ description: `the first ${RETRIED_LISTED}, one by one` }),
          inbox: InboxSchema,
        }),
        ...problemResponses,
      },
    },
  }, async (request) => {
    const actor = actorOf(request, { write: true });
    authorize(actor, 'federation.retry');
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    const retried = await new FederationInbox(deps.ctx.node).retryRefused(dialogue.id);
    return {
      retriedTotal: retried.length, counts: retriedCounts(retried), retried: retried.slice(0, RETRIED_LISTED).map(retriedView),
      inbox: await inboxView(deps.ctx.store, dialogue.id, INBOX_LIMIT),
    };
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
