/** The commitments board over HTTP: propose, commit, update, deliver, confirm/dispute, withdraw; CSV out and in. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commitments, commitmentsToCsv, DomainError, notFound, parseCommitmentCsv, statusAt, type CommitmentCommand, type CommitmentState } from '../../domain/index.js';
import { allAggregates } from '../../node/index.js';
import { actorOf, dialogueFor, type HttpDeps } from '../context.js';
import { HttpProblem, problem } from '../problem.js';
import { IdParams, MultilingualTextSchema, problemResponses } from '../schemas.js';
import { registerAggregateRoutes } from './aggregate-routes.js';

const DateText = z.string().min(10).max(40).meta({ description: 'RFC 3339 date or date-time' });
const Milestone = z.strictObject({ date: DateText, text: MultilingualTextSchema, done: z.boolean().default(false) });
const Evidence = z.strictObject({ text: MultilingualTextSchema.optional(), links: z.array(z.string().max(2000)).max(20).optional() });

export function registerCommitmentRoutes(api: FastifyInstance, deps: HttpDeps): void {
  registerAggregateRoutes<CommitmentState, CommitmentCommand>(api, deps, {
    kind: commitments,
    path: 'commitments',
    tag: 'Commitments',
    statusAt,
    computedStatuses: { overdue: (now) => ({ status: ['committed'], dateTo: new Date(now.getTime() - 1).toISOString() }) },
    create: {
      summary: 'Propose a commitment: party X will do Y by date Z',
      body: z.strictObject({
        workingGroup: z.string().min(1).max(200), meeting: z.string().max(200).optional(), party: z.string().min(1).max(64),
        title: MultilingualTextSchema, description: MultilingualTextSchema.optional(), due: DateText,
        milestones: z.array(Milestone).max(50).optional(), reviewDate: DateText.optional(), reference: z.string().max(200).optional(),
      }),
      toCommand: (b: Record<string, unknown>) => ({ type: 'propose', ...b }) as CommitmentCommand,
    },
    actions: [
      { path: 'commit', summary: 'Commit your party (a principal of the committing party)', body: z.strictObject({}), toCommand: () => ({ type: 'commit' }) },
      { path: 'update', summary: 'Update progress, milestones, review date or reference',
        body: z.strictObject({ progress: z.number().int().min(0).max(100).optional(), milestones: z.array(Milestone).max(50).optional(), reviewDate: DateText.nullable().optional(), reference: z.string().max(200).nullable().optional() }),
        toCommand: (b: Record<string, unknown>) => ({ type: 'update', ...b }) as CommitmentCommand },
      { path: 'deliver', summary: 'Claim delivery, with evidence', body: z.strictObject({ evidence: Evidence }),
        toCommand: (b: { evidence: { text?: Record<string, string>; links?: string[] } }) => ({ type: 'deliver', evidence: b.evidence }) as CommitmentCommand },
      { path: 'confirm', summary: 'Confirm delivery (the counterpart)', body: z.strictObject({ delivery: z.string().max(200).optional() }),
        toCommand: (b: { delivery?: string }) => ({ type: 'confirm', ...(b.delivery ? { delivery: b.delivery } : {}) }) },
      { path: 'dispute', summary: 'Dispute delivery, with a reason (the counterpart)', body: z.strictObject({ reason: z.string().max(10_000), delivery: z.string().max(200).optional() }),
        toCommand: (b: { reason: string; delivery?: string }) => ({ type: 'dispute', reason: b.reason, ...(b.delivery ? { delivery: b.delivery } : {}) }) },
      { path: 'withdraw', summary: 'Withdraw', body: z.strictObject({ reason: z.string().max(10_000).optional() }),
        toCommand: (b: { reason?: string }) => ({ type: 'withdraw', ...(b.reason ? { reason: b.reason } : {}) }) },
    ],
  });

  const app = api.withTypeProvider<ZodTypeProvider>();
  app.get('/dialogues/:dialogue/commitments.csv', { schema: { tags: ['Commitments'], summary: 'All commitments as CSV (RFC 4180), with computed overdue status', params: IdParams } },
    async (request, reply) => {
      actorOf(request, { write: false });
      const dialogue = await dialogueFor(deps, request, request.params.dialogue);
      const states = (await allAggregates<CommitmentState>(deps.ctx.store.aggregates, dialogue.id, 'commitment')).map((record) => record.state);
      reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${dialogue.id}.commitments.csv"`);
      return commitmentsToCsv(states, deps.ctx.node.clock.now());
    });

  app.post('/dialogues/:dialogue/commitments.csv', {
    schema: {
      tags: ['Commitments'], summary: 'Bulk update from CSV (text/csv): all rows are applied in one transaction, or none with every problem listed', params: IdParams,
      body: z.string().max(2_000_000),
      response: { 200: z.object({ rows: z.number().int(), events: z.number().int() }), ...problemResponses },
    },
  }, async (request) => {
    const actor = actorOf(request, { write: true });
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    const parsed = parseCommitmentCsv(request.body);
    if (parsed.errors.length > 0) {
      throw new HttpProblem(problem(400, 'csv_invalid', parsed.errors.map((e) => e.message).join('; '), {
        errors: parsed.errors.map((e) => ({ field: `row ${e.row}${e.column ? `, ${e.column}` : ''}`, reason: e.message })),
      }));
    }
    return deps.ctx.node.execute(dialogue.id, async (tx, now) => {
      const events = [];
      for (const row of parsed.rows) {
        const current = await tx.aggregates.aggregate<CommitmentState>(dialogue.id, 'commitment', row.id);
        if (!current) throw notFound('commitment_not_found', `row ${row.row}: no commitment ${row.id}`, `row ${row.row}, id`);
        const update = { ...(row.progress !== undefined ? { progress: row.progress } : {}), ...(row.reviewDate !== undefined ? { reviewDate: row.reviewDate } : {}), ...(row.reference !== undefined ? { reference: row.reference } : {}) };
        const context = { actor, dialogue: { id: dialogue.id, parties: dialogue.parties }, now };
        try {
          if (Object.keys(update).length > 0) events.push(...commitments.decide({ type: 'update', ...update }, current.state, context));
          if (row.deliver) events.push(...commitments.decide({ type: 'deliver', evidence: row.deliver.evidence }, current.state, context));
        } catch (error) {
          if (error instanceof DomainError) throw new DomainError(error.kind, error.code, `row ${row.row}: ${error.message}`, `row ${row.row}${error.field ? `, ${error.field}` : ''}`);
          throw error;
        }
      }
      return { party: actor.party, member: actor.member, events, result: (stored) => ({ rows: parsed.rows.length, events: stored.length }) };
    });
  });
}
