/** Queries about unusual activity over HTTP: ask (answer deadline from the terms in force), answer, withdraw. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { queries, type QueryCommand, type QueryState } from '../../domain/index.js';
import type { HttpDeps } from '../context.js';
import { AreaSchema, InstantSchema, MultilingualTextSchema, ReasonSchema } from '../schemas.js';
import { registerAggregateRoutes } from './aggregate-routes.js';

export function registerQueryRoutes(api: FastifyInstance, deps: HttpDeps): void {
  registerAggregateRoutes<QueryState, QueryCommand>(api, deps, {
    kind: queries,
    path: 'queries',
    tag: 'Queries',
    times: (s) => ({ askedAt: s.askedAt, deadline: s.deadline, answeredAt: s.answer?.at, escalatedAt: s.escalation?.at }),
    create: {
      summary: 'Ask another party to explain an activity; unanswered by the deadline it escalates to a meeting of the working group',
      body: z.strictObject({
        subject: MultilingualTextSchema, description: MultilingualTextSchema,
        workingGroup: z.string().min(1).max(200).meta({ description: 'an active working group: an unanswered query escalates to a proposed meeting of it' }),
        area: AreaSchema.optional(), window: z.strictObject({ start: InstantSchema, end: InstantSchema }).optional(),
      }),
      toCommand: (b: Record<string, unknown>) => ({ type: 'ask', ...b }) as QueryCommand,
    },
    actions: [
      { path: 'answer', summary: 'Answer the query (the other party; recorded late after the deadline)', body: z.strictObject({ text: MultilingualTextSchema }),
        toCommand: (b: { text: Record<string, string> }) => ({ type: 'answer', text: b.text }) },
      { path: 'withdraw', summary: 'Withdraw the query (the asker)', body: z.strictObject({ reason: ReasonSchema.optional() }),
        toCommand: (b: { reason?: string }) => ({ type: 'withdraw', ...(b.reason !== undefined ? { reason: b.reason } : {}) }) },
    ],
  });
}
