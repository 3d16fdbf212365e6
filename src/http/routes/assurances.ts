/** Assurances over HTTP: a statement of intent, alone or attached to your party's notice; acknowledge; withdraw. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { assurances, type AssuranceCommand, type AssuranceState } from '../../domain/index.js';
import type { HttpDeps } from '../context.js';
import { MultilingualTextSchema, ReasonSchema } from '../schemas.js';
import { registerAggregateRoutes } from './aggregate-routes.js';

export function registerAssuranceRoutes(api: FastifyInstance, deps: HttpDeps): void {
  registerAggregateRoutes<AssuranceState, AssuranceCommand>(api, deps, {
    kind: assurances,
    path: 'assurances',
    tag: 'Assurances',
    times: (s) => ({ givenAt: s.givenAt, withdrawnAt: s.withdrawn?.at }),
    create: {
      summary: 'Give an assurance (a statement of intent), alone or attached to one of your party\'s notices',
      body: z.strictObject({ statement: MultilingualTextSchema, notice: z.string().min(1).max(200).optional() }),
      toCommand: (b: { statement: Record<string, string>; notice?: string }) => ({ type: 'give', statement: b.statement, ...(b.notice !== undefined ? { notice: b.notice } : {}) }),
    },
    actions: [
      { path: 'acknowledge', summary: 'Acknowledge the assurance (another party)', body: z.strictObject({}), toCommand: () => ({ type: 'acknowledge' }) },
      { path: 'withdraw', summary: 'Withdraw the assurance (the giving party)', body: z.strictObject({ reason: ReasonSchema.optional() }),
        toCommand: (b: { reason?: string }) => ({ type: 'withdraw', ...(b.reason !== undefined ? { reason: b.reason } : {}) }) },
    ],
  });
}
