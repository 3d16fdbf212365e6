/** Requests to talk over HTTP: request a call or meeting between named officials; accept, decline, withdraw. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { TALK_FORMATS, talkRequests, type TalkRequestCommand, type TalkRequestState } from '../../domain/index.js';
import type { HttpDeps } from '../context.js';
import { InstantSchema, MultilingualTextSchema, ReasonSchema } from '../schemas.js';
import { registerAggregateRoutes } from './aggregate-routes.js';

const Officials = z.array(z.strictObject({ name: z.string().max(200), title: MultilingualTextSchema })).max(20);

export function registerTalkRequestRoutes(api: FastifyInstance, deps: HttpDeps): void {
  registerAggregateRoutes<TalkRequestState, TalkRequestCommand>(api, deps, {
    kind: talkRequests,
    path: 'talk-requests',
    tag: 'Requests to talk',
    times: (s) => ({ requestedAt: s.requestedAt, deadline: s.deadline, agreedTime: s.response?.time, respondedAt: s.response?.at, unansweredAt: s.unansweredAt }),
    create: {
      summary: 'Request a call or meeting between named officials (response deadline from the terms in force)',
      body: z.strictObject({
        format: z.enum(TALK_FORMATS), from: Officials, to: Officials,
        proposedTimes: z.array(InstantSchema).max(5), subject: MultilingualTextSchema,
      }),
      toCommand: (b: Record<string, unknown>) => ({ type: 'request', ...b }) as TalkRequestCommand,
    },
    actions: [
      { path: 'accept', summary: 'Accept, choosing one of the proposed times (the other party)', body: z.strictObject({ time: InstantSchema, note: MultilingualTextSchema.optional() }),
        toCommand: (b: Record<string, unknown>) => ({ type: 'accept', ...b }) as TalkRequestCommand },
      { path: 'decline', summary: 'Decline, with or without a reason (the other party)', body: z.strictObject({ reason: ReasonSchema.optional() }),
        toCommand: (b: { reason?: string }) => ({ type: 'decline', ...(b.reason !== undefined ? { reason: b.reason } : {}) }) },
      { path: 'withdraw', summary: 'Withdraw the request (the requester)', body: z.strictObject({ reason: ReasonSchema.optional() }),
        toCommand: (b: { reason?: string }) => ({ type: 'withdraw', ...(b.reason !== undefined ? { reason: b.reason } : {}) }) },
    ],
  });
}
