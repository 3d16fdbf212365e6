/**
 * Routes for one aggregate kind, declared as data: a list endpoint with filters and cursor
 * paging, a read endpoint with an ETag, a create endpoint, and one POST per action. Every
 * write is authenticated, scoped to the member's own party, checked against If-Match when
 * given, and answered only after its transaction has committed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z, type ZodType } from 'zod';
import { utcInstant, type AggregateKind } from '../../domain/index.js';
import { runAggregateCommand } from '../../node/aggregate-commands.js';
import type { AggregateRecord } from '../../node/private-ports.js';
import type { DialogueRecord, DialogueTransaction } from '../../node/index.js';
import { actorOf, dialogueFor, type HttpDeps } from '../context.js';
import { AggregateSchema, DateBound, IdParams, ItemParams, problemResponses } from '../schemas.js';
import { HttpProblem, problem } from '../problem.js';
import { localTimes, zonesOf, type Zones } from '../local-times.js';

export interface ActionRoute<S, C> {
  /** Path segment after the item, e.g. `accept` or `amendments/accept`. */
  readonly path: string;
  readonly summary: string;
  readonly body: ZodType;
  readonly toCommand: (body: never) => C;
  readonly prepare?: Prepare<S, C>;
}

/** Cross-aggregate checks and facts, in the command's transaction (see node/preconditions.ts). */
export type Prepare<S, C> = (command: C, tx: DialogueTransaction, dialogue: DialogueRecord, current: AggregateRecord<S> | undefined) => Promise<C>;

export interface AggregateRoutes<S, C> {
  readonly kind: AggregateKind<S, C>;
  /** URL segment under the dialogue, e.g. `working-groups`. */
  readonly path: string;
  readonly tag: string;
  readonly create?: { readonly summary: string; readonly body: ZodType; readonly toCommand: (body: never) => C; readonly prepare?: Prepare<S, C> };
  readonly actions: readonly ActionRoute<S, C>[];
  /** A status computed from the state and the clock (a commitment past due is `overdue`). */
  readonly statusAt?: (state: S, now: Date) => string;
  /**
   * Computed statuses usable in `?status=`: each maps to recorded statuses and a date bound
   * (e.g. overdue = committed with a due date before now).
   */
  readonly computedStatuses?: Readonly<Record<string, (now: Date) => { status: string[]; dateTo?: string }>>;
  /** Named UTC instants of the state to show in each party's time zone too (`localTimes`). */
  readonly times?: (state: S) => Readonly<Record<string, string | null | undefined>>;
}

const ListQuery = z.strictObject({
  status: z.string().max(200).optional().meta({ description: 'comma-separated statuses' }),
  parent: z.string().max(200).optional(),
  party: z.string().max(200).optional(),
  from: DateBound.optional().meta({ description: 'only those dated at or after this instant; a bare date (2026-06-30) is the start of that day in UTC' }),
  to: DateBound.optional().meta({ description: 'only those dated at or before this instant; a bare date is the end of that day in UTC (inclusive)' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  after: z.string().max(200).optional(),
});

export function presentAggregate<S>(
  record: AggregateRecord<S>, statusAt?: (state: S, now: Date) => string, now?: Date,
  local?: { times: (state: S) => Readonly<Record<string, string | null | undefined>>; zones: Zones },
): z.infer<typeof AggregateSchema> {
  const status = statusAt && now ? statusAt(record.state, now) : record.status;
  return {
    id: record.id, kind: record.kind, status, parent: record.parent, party: record.party, date: record.date, version: record.version, state: record.state,
    ...(local ? { localTimes: localTimes(local.times(record.state), local.zones) } : {}),
  };
}

function ifMatch(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"(\d+)"$/.exec(String(header).trim());
  if (!match) throw new HttpProblem(problem(400, 'invalid_if_match', 'If-Match must be an ETag this API returned, e.g. "42"', { errors: [{ field: 'If-Match', reason: 'not an ETag of this API' }] }));
  return Number(match[1]);
}

function withEtag(reply: FastifyReply, record: AggregateRecord): FastifyReply {
  return reply.header('etag', `"${record.version}"`);
}

export function registerAggregateRoutes<S, C>(api: FastifyInstance, deps: HttpDeps, spec: AggregateRoutes<S, C>): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  const base = `/dialogues/:dialogue/${spec.path}`;
  const tags = [spec.tag];
  /** The presenter of this kind in `dialogue` (with each party's local times when the kind names some). */
  const presenter = async (dialogue: DialogueRecord) => {
    const times = spec.times;
    const local = times ? { times, zones: await zonesOf(deps.ctx.store, dialogue) } : undefined;
    const now = deps.ctx.node.clock.now();
    return (record: AggregateRecord<S>) => presentAggregate(record, spec.statusAt, now, local);
  };

  app.get(base, { schema: { tags, summary: `List ${spec.tag.toLowerCase()}`, params: IdParams, querystring: ListQuery, response: { 200: z.object({ items: z.array(AggregateSchema), next: z.string().nullable() }), ...problemResponses } } },
    async (request) => {
      actorOf(request, { write: false });
      const dialogue = await dialogueFor(deps, request, request.params.dialogue);
      const q = request.query;
      const now = deps.ctx.node.clock.now();
      const wanted = q.status ? q.status.split(',') : undefined;
      // A computed status (a commitment's `overdue`) is read as the stored statuses it comes
      // from; every item is then kept only if it presents as a wanted status at `now`.
      const statuses = wanted && [...new Set(wanted.flatMap((status) => spec.computedStatuses?.[status]?.(now).status ?? [status]))];
      // Bounds compare as text with the stored dates, which are in toISOString form (indexDate).
      const dateFrom = q.from === undefined ? undefined : utcInstant(q.from, 'start');
      let dateTo = q.to === undefined ? undefined : utcInstant(q.to, 'end');
      // A computed status asked alone may also bound the dates (overdue: due before now).
      const computed = wanted?.length === 1 ? spec.computedStatuses?.[wanted[0]!]?.(now) : undefined;
      if (computed?.dateTo && (!dateTo || computed.dateTo < dateTo)) dateTo = computed.dateTo;
      const keep = wanted && spec.statusAt ? (record: AggregateRecord<S>) => wanted.includes(spec.statusAt!(record.state, now)) : () => true;
      const items: AggregateRecord<S>[] = [];
      let after = q.after;
      // Pages of the store until the page is full, so a filtered-out item never shortens it.
      for (;;) {
        const page = await deps.ctx.store.aggregates.aggregates<S>(dialogue.id, spec.kind.kind, {
          ...(statuses ? { status: statuses } : {}), ...(q.parent ? { parent: q.parent } : {}), ...(q.party ? { party: q.party } : {}),
          ...(dateFrom ? { dateFrom } : {}), ...(dateTo ? { dateTo } : {}), limit: q.limit, ...(after ? { after } : {}),
        });
        for (const record of page) if (items.length < q.limit && keep(record)) items.push(record);
        if (items.length === q.limit || page.length < q.limit) break;
        after = page.at(-1)!.id;
      }
      const present = await presenter(dialogue);
      return { items: items.map(present), next: items.length === q.limit ? items.at(-1)!.id : null };
    });

  app.get(`${base}/:id`, { schema: { tags, summary: `Read one (ETag = version)`, params: ItemParams, response: { 200: AggregateSchema, ...problemResponses } } },
    async (request, reply) => {
      actorOf(request, { write: false });
      const dialogue = await dialogueFor(deps, request, request.params.dialogue);
      const record = await deps.ctx.store.aggregates.aggregate<S>(dialogue.id, spec.kind.kind, request.params.id);
      if (!record) throw new HttpProblem(problem(404, `${spec.kind.kind}_not_found`, `no ${spec.kind.kind.replace(/_/g, ' ')} ${request.params.id}`));
      withEtag(reply, record);
      return (await presenter(dialogue))(record);
    });

  if (spec.create) {
    const create = spec.create;
    app.post(base, { schema: { tags, summary: create.summary, params: IdParams, body: create.body, response: { 201: AggregateSchema, ...problemResponses } } },
      async (request, reply) => {
        const actor = actorOf(request, { write: true });
        const dialogue = await dialogueFor(deps, request, request.params.dialogue);
        const prepare = create.prepare;
        const result = await runAggregateCommand(deps.ctx.node, spec.kind, {
          dialogue, actor, command: create.toCommand(request.body as never),
          ...(prepare ? { prepare: (command: C, tx: DialogueTransaction, current: AggregateRecord<S> | undefined) => prepare(command, tx, dialogue, current) } : {}),
        });
        withEtag(reply, result.aggregate).status(201).header('location', `/api/v1/dialogues/${dialogue.id}/${spec.path}/${result.aggregate.id}`);
        return (await presenter(dialogue))(result.aggregate);
      });
  }

  for (const action of spec.actions) {
    app.post(`${base}/:id/${action.path}`, { schema: { tags, summary: action.summary, params: ItemParams, body: action.body, response: { 200: AggregateSchema, ...problemResponses } } },
      async (request, reply) => {
        const actor = actorOf(request, { write: true });
        const dialogue = await dialogueFor(deps, request, request.params.dialogue);
        const expected = ifMatch(request);
        const result = await runAggregateCommand(deps.ctx.node, spec.kind, {
          dialogue, actor, target: request.params.id, command: action.toCommand(request.body as never), ...(expected !== undefined ? { ifMatch: expected } : {}),
          ...(action.prepare ? { prepare: (command: C, tx: DialogueTransaction, current: AggregateRecord<S> | undefined) => action.prepare!(command, tx, dialogue, current) } : {}),
        });
        withEtag(reply, result.aggregate);
        return (await presenter(dialogue))(result.aggregate);
      });
  }
}
