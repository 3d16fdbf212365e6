/**
 * The crisis-channel terms of a dialogue over HTTP: a principal proposes a full terms
 * document, every party's principal accepts the same proposal id (agreed), or rejects; the
 * proposer may withdraw. `in-force` answers which terms apply now and whether they are the
 * defaults.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dialogueTerms, NOTICE_TYPES, PRECEDENCES, type TermsCommand, type TermsState } from '../../domain/index.js';
import { termsInForceRecord } from '../../node/index.js';
import { actorOf, dialogueFor, type HttpDeps } from '../context.js';
import { IdParams, problemResponses } from '../schemas.js';
import { registerAggregateRoutes } from './aggregate-routes.js';

const Seconds = z.number().int().positive().max(366 * 24 * 3600).meta({ description: 'whole seconds' });
const NoticeTermsSchema = z.strictObject({
  leadSeconds: Seconds,
  threshold: z.strictObject({ field: z.string().min(1).max(64), min: z.number().int().positive() }).optional(),
});

/** The floor rules (src/domain/floor/rules.ts), whole numbers only like all signed content. */
export const FloorRulesSchema = z.strictObject({
  linkAvailabilityMinPercent: z.number().int().min(1).max(100),
  linkAvailabilityDays: z.number().int().min(1).max(366),
  silentGroupMaxDays: z.number().int().min(1).max(3660),
  flashUnansweredMaxSeconds: z.number().int().min(1).max(86_400),
  protectedNeverSuspended: z.boolean(),
});

/** A full terms document: every precedence and every notice type listed. */
export const TermsSchema = z.strictObject({
  ackDeadlineSeconds: z.strictObject(Object.fromEntries(PRECEDENCES.map((p) => [p, Seconds])) as Record<(typeof PRECEDENCES)[number], typeof Seconds>),
  linkTestIntervalSeconds: Seconds,
  linkTestAnswerSeconds: Seconds,
  talkRequestResponseSeconds: Seconds,
  queryAnswerSeconds: Seconds,
  notices: z.strictObject(Object.fromEntries(NOTICE_TYPES.map((t) => [t, NoticeTermsSchema])) as Record<(typeof NOTICE_TYPES)[number], typeof NoticeTermsSchema>),
  floor: FloorRulesSchema.partial().optional().meta({ description: 'floor rules agreed (any subset); the others keep their defaults' }),
});

const Reason = z.string().max(10_000);

export function registerTermsRoutes(api: FastifyInstance, deps: HttpDeps): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  // Declared before the item route so `in-force` is never taken for an id.
  app.get('/dialogues/:dialogue/terms/in-force', {
    schema: {
      tags: ['Terms'], summary: 'The terms in force: the latest agreed, else the defaults of real regimes', params: IdParams,
      response: { 200: z.object({ terms: TermsSchema, id: z.string().nullable(), agreedAt: z.number().int().nullable(), isDefault: z.boolean() }), ...problemResponses },
    },
  }, async (request) => {
    actorOf(request, { write: false });
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    const inForce = await termsInForceRecord(deps.ctx.store.aggregates, dialogue.id);
    return { ...inForce, terms: structuredClone(inForce.terms) as z.infer<typeof TermsSchema> };
  });

  registerAggregateRoutes<TermsState, TermsCommand>(api, deps, {
    kind: dialogueTerms,
    path: 'terms',
    tag: 'Terms',
    times: (state) => ({ proposedAt: state.proposedAt, agreedAt: state.agreedTime }),
    create: {
      summary: 'Propose terms for the crisis channels (principals): deadlines, link tests, notice lead times',
      body: z.strictObject({ terms: TermsSchema }),
      toCommand: (b: { terms: unknown }) => ({ type: 'propose', terms: b.terms }),
    },
    actions: [
      { path: 'accept', summary: 'Accept this terms proposal (principals); agreed when every party has', body: z.strictObject({ proposal: z.string().min(1).max(200) }),
        toCommand: (b: { proposal: string }) => ({ type: 'accept', proposal: b.proposal }) },
      { path: 'reject', summary: 'Reject the other side’s proposal, optionally with a reason (principals)', body: z.strictObject({ proposal: z.string().min(1).max(200), reason: Reason.optional() }),
        toCommand: (b: { proposal: string; reason?: string }) => ({ type: 'reject', proposal: b.proposal, ...(b.reason ? { reason: b.reason } : {}) }) },
      { path: 'withdraw', summary: 'Withdraw your own pending proposal (principals)', body: z.strictObject({ reason: Reason.optional() }),
        toCommand: (b: { reason?: string }) => ({ type: 'withdraw', ...(b.reason ? { reason: b.reason } : {}) }) },
    ],
  });
}
