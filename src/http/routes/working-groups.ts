/** Working groups over HTTP: propose, accept/reject/withdraw, suspend/resume, amend, close. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { workingGroups, type WorkingGroupCommand } from '../../domain/index.js';
import type { HttpDeps } from '../context.js';
import { MultilingualTextSchema } from '../schemas.js';
import { registerAggregateRoutes } from './aggregate-routes.js';

const MandateSchema = z.strictObject({
  title: MultilingualTextSchema,
  topic: MultilingualTextSchema.optional(),
  goals: z.array(MultilingualTextSchema).max(50).meta({ description: 'concrete, checkable outcomes, not topics' }),
  protected: z.boolean().optional().meta({ description: 'a protected channel is never to be suspended' }),
});
const Reason = z.string().max(10_000);
const Proposal = z.string().min(1).max(200);

export function registerWorkingGroupRoutes(api: FastifyInstance, deps: HttpDeps): void {
  registerAggregateRoutes<unknown, WorkingGroupCommand>(api, deps, {
    kind: workingGroups,
    path: 'working-groups',
    tag: 'Working groups',
    create: {
      summary: 'Propose a working group (mandate with goals, your co-chair)',
      body: z.strictObject({ mandate: MandateSchema, coChair: z.string().min(1).max(200) }),
      toCommand: (b: { mandate: z.infer<typeof MandateSchema>; coChair: string }) => ({ type: 'propose', mandate: b.mandate, coChair: b.coChair }),
    },
    actions: [
      { path: 'accept', summary: 'Accept the proposal (principals)', body: z.strictObject({ proposal: Proposal, coChair: z.string().min(1).max(200) }),
        toCommand: (b: { proposal: string; coChair: string }) => ({ type: 'accept', proposal: b.proposal, coChair: b.coChair }) },
      { path: 'reject', summary: 'Reject the proposal (principals)', body: z.strictObject({ proposal: Proposal, reason: Reason.optional() }),
        toCommand: (b: { proposal: string; reason?: string }) => ({ type: 'reject', proposal: b.proposal, ...(b.reason ? { reason: b.reason } : {}) }) },
      { path: 'withdraw', summary: 'Withdraw your own proposal', body: z.strictObject({ reason: Reason.optional() }),
        toCommand: (b: { reason?: string }) => ({ type: 'withdraw', ...(b.reason ? { reason: b.reason } : {}) }) },
      { path: 'suspend', summary: 'Suspend unilaterally, with a reason (principals)', body: z.strictObject({ reason: Reason }),
        toCommand: (b: { reason: string }) => ({ type: 'suspend', reason: b.reason }) },
      { path: 'resume', summary: 'Resume what your party suspended (principals)', body: z.strictObject({}),
        toCommand: () => ({ type: 'resume' }) },
      { path: 'amendments', summary: 'Propose an amended mandate', body: z.strictObject({ mandate: MandateSchema }),
        toCommand: (b: { mandate: z.infer<typeof MandateSchema> }) => ({ type: 'propose_amendment', mandate: b.mandate }) },
      { path: 'amendments/accept', summary: 'Accept the pending amendment (principals)', body: z.strictObject({ proposal: Proposal }),
        toCommand: (b: { proposal: string }) => ({ type: 'accept_amendment', proposal: b.proposal }) },
      { path: 'closure', summary: 'Propose closing the group (principals)', body: z.strictObject({ reason: Reason.optional() }),
        toCommand: (b: { reason?: string }) => ({ type: 'propose_closure', ...(b.reason ? { reason: b.reason } : {}) }) },
      { path: 'closure/accept', summary: 'Accept closing (principals)', body: z.strictObject({ proposal: Proposal }),
        toCommand: (b: { proposal: string }) => ({ type: 'accept_closure', proposal: b.proposal }) },
    ],
  });
}
