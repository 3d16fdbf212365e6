/**
 * Readouts: each party drafts its own account of a meeting in private (drafts never leave
 * the party; saving is optimistic-concurrency checked with If-Match), publishes it to the
 * record, and reads the published readouts side by side with per-item differences.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  authorize, compareReadouts, notFound, readouts,
  type MeetingState, type ReadoutCommand, type ReadoutState,
} from '../../domain/index.js';
import { runAggregateCommand } from '../../node/aggregate-commands.js';
import type { ReadoutDraftRecord } from '../../node/private-ports.js';
import { actorOf, dialogueFor, type HttpDeps } from '../context.js';
import { HttpProblem, problem } from '../problem.js';
import { IdParams, ItemParams, MultilingualTextSchema, problemResponses } from '../schemas.js';
import { registerAggregateRoutes } from './aggregate-routes.js';

const Content = z.strictObject({
  items: z.array(z.strictObject({ item: z.number().int().min(0), text: MultilingualTextSchema })).max(200),
  general: MultilingualTextSchema.optional(),
});
type ContentInput = z.infer<typeof Content>;

export function registerReadoutRoutes(api: FastifyInstance, deps: HttpDeps): void {
  registerAggregateRoutes<ReadoutState, ReadoutCommand>(api, deps, {
    kind: readouts,
    path: 'readouts',
    tag: 'Readouts',
    create: {
      summary: "Publish your party's readout of a meeting",
      body: Content.extend({ meeting: z.string().min(1).max(200) }),
      toCommand: (b: ContentInput & { meeting: string }) => ({ type: 'publish', meeting: b.meeting, items: b.items, ...(b.general ? { general: b.general } : {}), found: { agendaItems: 0 } }),
    },
    actions: [
      { path: 'revise', summary: 'Revise your published readout (earlier versions stay on the record)', body: Content,
        toCommand: (b: ContentInput) => ({ type: 'revise', items: b.items, ...(b.general ? { general: b.general } : {}), found: { agendaItems: 0 } }) },
    ],
  });

  const app = api.withTypeProvider<ZodTypeProvider>();
  const tags = ['Readouts'];

  app.get('/dialogues/:dialogue/meetings/:id/readouts/comparison', {
    schema: { tags, summary: 'Published readouts side by side: per agenda item who mentions it, what one side omits, and a word diff', params: ItemParams },
  }, async (request) => {
    actorOf(request, { write: false });
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    const meeting = await deps.ctx.store.aggregates.aggregate<MeetingState>(dialogue.id, 'meeting', request.params.id);
    if (!meeting) throw notFound('meeting_not_found', `no meeting ${request.params.id}`, 'id');
    const published = await deps.ctx.store.aggregates.aggregates<ReadoutState>(dialogue.id, 'readout', { parent: meeting.id, limit: 500 });
    return {
      meeting: meeting.id,
      agenda: (meeting.state.agenda?.items ?? []).map((item, index) => ({ index, goal: item.goal, outcomes: item.outcomes, disputed: item.disputed })),
      readouts: published.map((r) => ({ id: r.id, party: r.party, state: r.state })),
      comparison: compareReadouts(published.map((r) => r.state), meeting.state.agenda?.items.length ?? 0, dialogue.parties),
    };
  });

  // Drafts: private to the party, never on the shared record.
  const DraftSchema = z.object({ id: z.string(), meeting: z.string(), author: z.string(), content: Content, version: z.number().int(), updatedAt: z.string() });
  const present = (d: ReadoutDraftRecord) => ({ id: d.id, meeting: d.meeting, author: d.author, content: JSON.parse(d.content) as ContentInput, version: d.version, updatedAt: d.updatedAt });

  app.get('/dialogues/:dialogue/readout-drafts', { schema: { tags, summary: "My party's readout drafts (private)", params: IdParams, response: { 200: z.object({ items: z.array(DraftSchema) }), ...problemResponses } } },
    async (request) => {
      const actor = actorOf(request, { write: false });
      const dialogue = await dialogueFor(deps, request, request.params.dialogue);
      return { items: (await deps.ctx.store.privates.readoutDrafts(actor.party, dialogue.id)).map(present) };
    });

  app.put('/dialogues/:dialogue/readout-drafts/:id', {
    schema: {
      tags, summary: 'Create (no If-Match) or update (If-Match: the version you edited) a private draft', params: ItemParams,
      body: z.strictObject({ meeting: z.string().min(1).max(200), content: Content }), response: { 200: DraftSchema, ...problemResponses },
    },
  }, async (request, reply) => {
    const actor = actorOf(request, { write: true });
    authorize(actor, 'readout.draft');
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    if (!(await deps.ctx.store.aggregates.aggregate(dialogue.id, 'meeting', request.body.meeting))) {
      throw notFound('meeting_not_found', `no meeting ${request.body.meeting}`, 'meeting');
    }
    const header = request.headers['if-match'];
    const expected = header === undefined ? 0 : Number(/^"(\d+)"$/.exec(String(header))?.[1] ?? NaN);
    if (!Number.isSafeInteger(expected)) throw new HttpProblem(problem(400, 'invalid_if_match', 'If-Match must be an ETag this API returned', { errors: [{ field: 'If-Match', reason: 'not an ETag of this API' }] }));
    const draft = {
      id: request.params.id, party: actor.party, dialogue: dialogue.id, meeting: request.body.meeting, author: actor.member,
      content: JSON.stringify(request.body.content), updatedAt: deps.ctx.node.clock.now().toISOString(),
    };
    const version = await deps.ctx.store.privates.saveReadoutDraft(draft, expected);
    if (version === undefined) {
      throw new HttpProblem(problem(412, 'precondition_failed', expected === 0 ? 'a draft with this id exists: send If-Match with its version' : 'the draft changed since that version; reload it and merge'));
    }
    reply.header('etag', `"${version}"`);
    return present({ ...draft, version });
  });

  app.post('/dialogues/:dialogue/readout-drafts/:id/publish', {
    schema: { tags, summary: 'Publish a draft as your party\'s readout (the draft is then deleted)', params: ItemParams, response: { 201: z.unknown(), ...problemResponses } },
  }, async (request, reply) => {
    const actor = actorOf(request, { write: true });
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    const draft = await deps.ctx.store.privates.readoutDraft(actor.party, request.params.id);
    if (!draft || draft.dialogue !== dialogue.id) throw notFound('draft_not_found', `no draft ${request.params.id} of your party`, 'id');
    const content = JSON.parse(draft.content) as ContentInput;
    const result = await runAggregateCommand(deps.ctx.node, readouts, {
      dialogue, actor,
      command: { type: 'publish', meeting: draft.meeting, items: content.items, ...(content.general ? { general: content.general } : {}), found: { agendaItems: 0 } }
    });
    await deps.ctx.store.privates.deleteReadoutDraft(actor.party, draft.id);
    return reply.status(201).send({ id: result.aggregate.id, status: result.aggregate.status, version: result.aggregate.version, state: result.aggregate.state });
  });

  app.delete('/dialogues/:dialogue/readout-drafts/:id', { schema: { tags, summary: 'Delete a draft', params: ItemParams, response: { 204: z.null(), ...problemResponses } } },
    async (request, reply) => {
      const actor = actorOf(request, { write: true });
      authorize(actor, 'readout.draft');
      await dialogueFor(deps, request, request.params.dialogue);
      await deps.ctx.store.privates.deleteReadoutDraft(actor.party, request.params.id);
      return reply.status(204).send(null);
    });
}
