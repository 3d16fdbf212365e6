/**
 * `GET /dialogues/:dialogue/stream`: the dialogue's events as Server-Sent Events, live, for
 * members of its parties (docs/live-delivery.md). Resumes after `Last-Event-ID` (or
 * `?after=` for clients that cannot set headers) without loss or duplicate; a member's own
 * party's private notices only, of the types their roles may see; closed when the member's
 * credential ends or their roles change; a cap on concurrent streams per member.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { canSeePrivateNotice, invalid } from '../../domain/index.js';
import { parseTypeFilter } from '../../node/live-presentation.js';
import { actorOf, dialogueFor, requireCredential, type HttpDeps } from '../context.js';
import { DialogueEventStream } from '../event-stream.js';
import { HttpProblem, problem } from '../problem.js';
import { IdParams, problemResponses } from '../schemas.js';

export interface StreamOptions {
  /** Comment line interval (default 15 s). */
  readonly heartbeatMs?: number;
  /** Concurrent streams one member may hold open (default 16: a few tabs and tools). */
  readonly maxStreamsPerMember?: number;
}

const DEFAULT_HEARTBEAT_MS = 15_000;
const DEFAULT_MAX_STREAMS = 16;
const INDEX = /^(?:-1|0|[1-9]\d{0,14})$/;

export function registerStreamRoutes(api: FastifyInstance, deps: HttpDeps, options: StreamOptions = {}): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  const open = new Set<DialogueEventStream>();
  const perMember = new Map<string, number>();
  const maxStreams = options.maxStreamsPerMember ?? DEFAULT_MAX_STREAMS;

  // Open streams never go idle: end them before the server waits for its connections.
  api.addHook('preClose', async () => {
    for (const stream of [...open]) stream.close();
  });

  app.get('/dialogues/:dialogue/stream', {
    schema: {
      tags: ['Live'],
      summary: 'The dialogue as Server-Sent Events (text/event-stream), resumable with Last-Event-ID',
      description: 'Each shared-record event: `id:` its log index, `event:` its type, `data:` its JSON presentation. ' +
        'Private notices of your own party: `event: private`, no id. Heartbeat comments every 15 s. See docs/live-delivery.md.',
      params: IdParams,
      querystring: z.strictObject({
        after: z.string().regex(INDEX, 'is not a log index (-1 for the start)').optional()
          .meta({ description: 'resume after this log index (the Last-Event-ID header wins when both are sent); -1 replays everything' }),
        types: z.string().max(2000).optional().meta({ description: 'comma-separated type prefixes, e.g. hotline,notice.' }),
      }),
      headers: z.object({ 'last-event-id': z.string().regex(INDEX, 'is not a log index').optional() }),
      response: { 429: problemResponses[400], ...problemResponses },
    },
  }, async (request, reply) => {
    const actor = actorOf(request, { write: false });
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    const requested = request.headers['last-event-id'] ?? request.query.after;
    const types = parseTypeFilter(request.query.types);
    const count = perMember.get(actor.member) ?? 0;
    if (count >= maxStreams) {
      throw new HttpProblem(problem(429, 'too_many_streams', `at most ${maxStreams} open streams per member; close one first`));
    }

    const credential = requireCredential(request);
    const stream = new DialogueEventStream({
      store: deps.ctx.store, live: deps.ctx.node.live, dialogue: dialogue.id, party: actor.party, types,
      heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
      seesPrivate: (notice) => canSeePrivateNotice(actor, notice),
      stillAuthorized: () => deps.auth.stillValid(credential),
    });
    const { after, size } = await stream.resumePoint(requested === undefined ? undefined : Number(requested)).catch((error: unknown) => {
      stream.close();
      throw error;
    });
    if (after >= size) {
      stream.close();
      throw invalid('after_beyond_log', 'last-event-id', `is beyond the end of the log (size ${size}); resume from ${size - 1} or less`);
    }
    open.add(stream);
    perMember.set(actor.member, count + 1);
    // A logout, password change, revoked token or role change anywhere on this node: check at once.
    const stopWatching = deps.auth.onChange(() => void stream.recheck());
    stream.onClose(() => {
      stopWatching();
      open.delete(stream);
      const left = (perMember.get(actor.member) ?? 1) - 1;
      if (left > 0) perMember.set(actor.member, left);
      else perMember.delete(actor.member);
    });
    // From here the stream owns the socket: Fastify (and any compression) stays out of it.
    reply.hijack();
    await stream.start(reply.raw, after).catch((error: unknown) => {
      request.log.warn({ err: error }, 'event stream failed');
      stream.close();
    });
  });
}
