/**
 * The hotline over HTTP: calls (place, acknowledge, answer, close — delivery receipts and
 * escalations are the nodes' own), link tests (open, close) and link availability per
 * direction over 7, 30 and 90 days. Every time is also shown in each party's time zone.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  dialogueAvailability, AVAILABILITY_WINDOWS, CALL_OUTCOMES, hotlineCalls, hotlineLinks, PRECEDENCES,
  type CallOutcome, type HotlineCallCommand, type HotlineCallState, type HotlineLinkCommand, type HotlineLinkState,
} from '../../domain/index.js';
import { allAggregates } from '../../node/index.js';
import { actorOf, dialogueFor, type HttpDeps } from '../context.js';
import { IdParams, MultilingualTextSchema, problemResponses } from '../schemas.js';
import { registerAggregateRoutes } from './aggregate-routes.js';

const Direction = z.object({
  from: z.string(), to: z.string(), scheduled: z.number().int(), answered: z.number().int(), missed: z.number().int(),
  availability: z.number().nullable().meta({ description: 'answered / scheduled; null when no test was scheduled' }),
});
const AvailabilitySchema = z.object({
  at: z.string(),
  windows: z.array(z.object({ days: z.number().int(), since: z.string(), directions: z.array(Direction) })),
});

export function registerHotlineRoutes(api: FastifyInstance, deps: HttpDeps): void {
  registerAggregateRoutes<HotlineCallState, HotlineCallCommand>(api, deps, {
    kind: hotlineCalls,
    path: 'hotline/calls',
    tag: 'Hotline',
    times: (s) => ({
      placedAt: s.placedAt, deliveredAt: s.deliveredAt, ackDueAt: s.ackDueAt, acknowledgedAt: s.acknowledgedAt,
      answeredAt: s.answer?.at, closedAt: s.closed?.at,
    }),
    create: {
      summary: 'Place a hotline call (duty officers, principals); the called node receipts it at once',
      body: z.strictObject({
        to: z.string().min(1).max(64).optional().meta({ description: 'the called party (default: the other party)' }),
        precedence: z.enum(PRECEDENCES), subject: MultilingualTextSchema, message: MultilingualTextSchema,
      }),
      toCommand: (b: Record<string, unknown>) => ({ type: 'place', ...b }) as HotlineCallCommand,
    },
    actions: [
      { path: 'acknowledge', summary: 'Acknowledge the call (duty officers, principals of the called party); stops escalation', body: z.strictObject({}),
        toCommand: () => ({ type: 'acknowledge' }) },
      { path: 'answer', summary: 'Answer the call (acknowledges it if not yet acknowledged)', body: z.strictObject({ message: MultilingualTextSchema }),
        toCommand: (b: { message: Record<string, string> }) => ({ type: 'answer', message: b.message }) },
      { path: 'close', summary: 'Close the call with an outcome (either party)', body: z.strictObject({ outcome: z.enum(CALL_OUTCOMES), note: MultilingualTextSchema.optional() }),
        toCommand: (b: { outcome: CallOutcome; note?: Record<string, string> }) => ({ type: 'close', outcome: b.outcome, ...(b.note ? { note: b.note } : {}) }) },
    ],
  });

  registerAggregateRoutes<HotlineLinkState, HotlineLinkCommand>(api, deps, {
    kind: hotlineLinks,
    path: 'hotline/links',
    tag: 'Hotline',
    times: (s) => ({ openedAt: s.epoch, closedAt: s.closedAt }),
    create: {
      summary: 'Start testing the link: a test call every interval of the terms in force, the sides alternating, answered automatically',
      body: z.strictObject({}),
      toCommand: () => ({ type: 'open' }),
    },
    actions: [
      { path: 'close', summary: 'Stop testing the link', body: z.strictObject({ reason: z.string().max(10_000).optional() }),
        toCommand: (b: { reason?: string }) => ({ type: 'close', ...(b.reason ? { reason: b.reason } : {}) }) },
    ],
  });

  const app = api.withTypeProvider<ZodTypeProvider>();
  app.get('/dialogues/:dialogue/hotline/availability', {
    schema: {
      tags: ['Hotline'], summary: 'Link availability per direction over 7, 30 and 90 days (answered test slots / scheduled slots)',
      params: IdParams, response: { 200: AvailabilitySchema, ...problemResponses },
    },
  }, async (request) => {
    actorOf(request, { write: false });
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    const now = deps.ctx.node.clock.now();
    const links = (await allAggregates<HotlineLinkState>(deps.ctx.store.aggregates, dialogue.id, 'hotline_link')).map((r) => r.state);
    const windows = AVAILABILITY_WINDOWS.map((days) => dialogueAvailability(links, dialogue.parties, now, days));
    return { at: now.toISOString(), windows };
  });
}
