/** The commitments board over HTTP: propose, commit, update, deliver, confirm/dispute, withdraw; CSV out and in. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  commitments, commitmentsToCsv, compareCommitmentCsvRow, DomainError, MAX_MILESTONES, notFound, parseCommitmentCsv, statusAt,
  type CommitmentCommand, type CommitmentCsvError, type CommitmentState,
} from '../../domain/index.js';
import { allAggregates } from '../../node/index.js';
import { actorOf, dialogueFor, type HttpDeps } from '../context.js';
import { HttpProblem, problem } from '../problem.js';
import { IdParams, MultilingualTextSchema, problemResponses } from '../schemas.js';
import { registerAggregateRoutes } from './aggregate-routes.js';

const DateText = z.string().min(10).max(40).meta({ description: 'RFC 3339 date or date-time' });
const Milestone = z.strictObject({ date: DateText, text: MultilingualTextSchema, done: z.boolean().default(false) });
const Evidence = z.strictObject({ text: MultilingualTextSchema.optional(), links: z.array(z.string().max(2000)).max(20).optional() });

const CsvImportResult = z.object({
  rows: z.number().int().meta({ description: 'rows that carry a value in an editable column (wholly empty rows are not counted)' }),
  applied: z.number().int().meta({ description: 'rows that changed their commitment' }),
  unchanged: z.number().int().meta({ description: 'rows whose editable values equal their commitment\'s, skipped: no event and no error, whoever\'s commitment it is' }),
  events: z.number().int().meta({ description: 'events recorded' }),
});

const csvProblemField = (e: CommitmentCsvError) => ({ field: `row ${e.row}${e.column ? `, ${e.column}` : ''}`, reason: e.reason });

/** The command's field names that the sheet calls otherwise. */
const COLUMN_OF_FIELD: Readonly<Record<string, string>> = { reviewDate: 'review_date' };

/** A row's domain error named by its row and column: `row 3: …` or `row 3, review_date: …`, the reason once. */
function atRow(row: number, error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  const reason = error.field !== undefined && error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message;
  const column = error.field === undefined ? '' : `, ${COLUMN_OF_FIELD[error.field] ?? error.field}`;
  return new DomainError(error.kind, error.code, reason, `row ${row}${column}`);
}

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
        milestones: z.array(Milestone).max(MAX_MILESTONES).optional(), reviewDate: DateText.optional(), reference: z.string().max(200).optional(),
      }),
      toCommand: (b: Record<string, unknown>) => ({ type: 'propose', ...b }) as CommitmentCommand,
    },
    actions: [
      { path: 'commit', summary: 'Commit your party (a principal of the committing party)', body: z.strictObject({}), toCommand: () => ({ type: 'commit' }) },
      { path: 'update', summary: 'Update progress, milestones, review date or reference',
        body: z.strictObject({ progress: z.number().int().min(0).max(100).optional(), milestones: z.array(Milestone).max(MAX_MILESTONES).optional(), reviewDate: DateText.nullable().optional(), reference: z.string().max(200).nullable().optional() }),
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
  app.get('/dialogues/:dialogue/commitments.csv', {
    schema: {
      tags: ['Commitments'], params: IdParams,
      summary: 'All commitments as CSV (RFC 4180), with computed overdue status and each one\'s version (its ETag) for the import to check',
    },
  }, async (request, reply) => {
    actorOf(request, { write: false });
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    const records = await allAggregates<CommitmentState>(deps.ctx.store.aggregates, dialogue.id, 'commitment');
    reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${dialogue.id}.commitments.csv"`);
    return commitmentsToCsv(records, deps.ctx.node.clock.now());
  });

  app.post('/dialogues/:dialogue/commitments.csv', {
    schema: {
      tags: ['Commitments'], params: IdParams,
      summary: 'Bulk update from CSV (text/csv): all rows are applied in one transaction, or none with every problem listed',
      description: 'Each row is compared with its commitment: a row equal to it is skipped (so an exported sheet imports unchanged), '
        + 'a row that differs is applied as update/deliver commands. A changed row whose `version` is not its commitment\'s current '
        + 'version is refused with 412 (nothing is applied); a row without a version is not checked.',
      body: z.string().max(2_000_000),
      response: { 200: CsvImportResult, ...problemResponses },
    },
  }, async (request) => {
    const actor = actorOf(request, { write: true });
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    const parsed = parseCommitmentCsv(request.body);
    if (parsed.errors.length > 0) {
      throw new HttpProblem(problem(400, 'csv_invalid', parsed.errors.map((e) => e.message).join('; '), { errors: parsed.errors.map(csvProblemField) }));
    }
    return deps.ctx.node.execute(dialogue.id, async (tx, now) => {
      const changed: { row: number; state: CommitmentState; commands: readonly CommitmentCommand[] }[] = [];
      const stale: CommitmentCsvError[] = [];
      for (const row of parsed.rows) {
        const current = await tx.aggregates.aggregate<CommitmentState>(dialogue.id, 'commitment', row.id);
        if (!current) throw notFound('commitment_not_found', `no commitment ${row.id}`, `row ${row.row}, id`);
        const change = compareCommitmentCsvRow(row, current);
        if (change.type === 'stale') stale.push(change.error);
        else if (change.type === 'changed') changed.push({ row: row.row, state: current.state, commands: change.commands });
      }
      if (stale.length > 0) {
        throw new HttpProblem(problem(412, 'precondition_failed', stale.map((e) => e.message).join('; '), { errors: stale.map(csvProblemField) }));
      }
      const context = { actor, dialogue: { id: dialogue.id, parties: dialogue.parties }, now };
      const events = changed.flatMap(({ row, state, commands }) => commands.flatMap((command) => {
        try {
          return commitments.decide(command, state, context);
        } catch (error) {
          throw atRow(row, error);
        }
      }));
      return {
        party: actor.party, member: actor.member, events,
        result: (stored) => ({ rows: parsed.rows.length, applied: changed.length, unchanged: parsed.rows.length - changed.length, events: stored.length }),
      };
    });
  });
}
