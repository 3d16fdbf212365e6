/**
 * Notifications of intentions over HTTP: give a typed notice (lead time from the terms in
 * force, flagged late on the record), acknowledge a version, amend, cancel; and lead-time
 * compliance per party and type.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NOTICE_TYPES, noticeCompliance, notices, type NoticeCommand, type NoticeState } from '../../domain/index.js';
import { allAggregates } from '../../node/index.js';
import { actorOf, dialogueFor, type HttpDeps } from '../context.js';
import { AreaSchema, IdParams, InstantSchema, MultilingualTextSchema, problemResponses, ReasonSchema } from '../schemas.js';
import { registerAggregateRoutes } from './aggregate-routes.js';

const Count = z.number().int();
const NoticeBody = z.strictObject({
  noticeType: z.enum(NOTICE_TYPES),
  window: z.strictObject({ start: InstantSchema, end: InstantSchema }),
  description: MultilingualTextSchema,
  area: AreaSchema.optional().meta({ description: 'every type but missile_launch' }),
  launchArea: AreaSchema.optional().meta({ description: 'missile_launch only' }),
  impactArea: AreaSchema.optional().meta({ description: 'missile_launch only' }),
  forces: z.strictObject({ personnel: Count.optional(), units: z.array(z.string().max(200)).max(200).optional(), aircraft: Count.optional(), ships: Count.optional() }).optional(),
  vehicleType: z.string().max(200).optional().meta({ description: 'missile_launch only' }),
  hazard: MultilingualTextSchema.optional().meta({ description: 'maritime_activity and air_activity' }),
});
const Counts = z.object({ onTime: z.number().int(), late: z.number().int(), voluntary: z.number().int() });

export function registerNoticeRoutes(api: FastifyInstance, deps: HttpDeps): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  app.get('/dialogues/:dialogue/notices/compliance', {
    schema: {
      tags: ['Notices'], summary: 'Lead-time compliance: notices on time, late and voluntary (below the threshold), per notifying party and type',
      params: IdParams, response: { 200: z.object({ parties: z.record(z.string(), z.record(z.string(), Counts)) }), ...problemResponses },
    },
  }, async (request) => {
    actorOf(request, { write: false });
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    const all = await allAggregates<NoticeState>(deps.ctx.store.aggregates, dialogue.id, 'notice');
    return { parties: noticeCompliance(all.map((record) => record.state)) };
  });

  registerAggregateRoutes<NoticeState, NoticeCommand>(api, deps, {
    kind: notices,
    path: 'notices',
    tag: 'Notices',
    times: (s) => ({ givenAt: s.givenAt, start: s.content?.window.start, end: s.content?.window.end, deadline: s.lead?.deadline }),
    create: {
      summary: 'Give notice of a planned activity (the lead time of its type in the terms in force applies)',
      body: NoticeBody,
      toCommand: (b: Record<string, unknown>) => ({ type: 'give', ...b }) as NoticeCommand,
    },
    actions: [
      { path: 'acknowledge', summary: 'Acknowledge this version of the notice (another party)', body: z.strictObject({ version: z.string().min(1).max(200) }),
        toCommand: (b: { version: string }) => ({ type: 'acknowledge', version: b.version }) },
      { path: 'amend', summary: 'Amend: a new version needing fresh acknowledgement (the notifying party)', body: NoticeBody,
        toCommand: (b: Record<string, unknown>) => ({ type: 'amend', ...b }) as NoticeCommand },
      { path: 'cancel', summary: 'Cancel the notice (the notifying party)', body: z.strictObject({ reason: ReasonSchema.optional() }),
        toCommand: (b: { reason?: string }) => ({ type: 'cancel', ...(b.reason !== undefined ? { reason: b.reason } : {}) }) },
    ],
  });
}
