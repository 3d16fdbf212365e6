/**
 * A party's PRIVATE hotline escalation: its ladder (managed by the party's admins only) and
 * the steps its node took (read by the party's principals, duty officers and admins). Every
 * read and write is scoped to the member's own party; nothing here reaches the other party,
 * the shared record or a transcript. A change of the ladder is written to the party's audit
 * log in its transaction.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize, checkLadder, DEFAULT_LADDER, invalid, MAX_RUNGS, ROLES, type EscalationRung } from '../../domain/index.js';
import { audited } from '../../node/index.js';
import type { MemberId } from '../../record/index.js';
import { actorOf, dialogueFor, type HttpDeps } from '../context.js';
import { localTimes, zonesOf } from '../local-times.js';
import { IdParams, LocalTimesSchema, problemResponses } from '../schemas.js';

const RungSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  roles: z.array(z.enum(ROLES)).max(ROLES.length).default([]),
  members: z.array(z.string().min(1).max(100)).max(50).default([]),
  deadlineSeconds: z.number().int().positive().max(7 * 24 * 3600).meta({ description: 'how long the call may stay unacknowledged at this rung' }),
});
const LadderSchema = z.object({
  party: z.string(), rungs: z.array(RungSchema), isDefault: z.boolean(), updatedBy: z.string().nullable(), updatedAt: z.string().nullable(),
});
const StepSchema = z.object({
  call: z.string(), level: z.number().int(), rung: RungSchema, paged: z.array(z.string()), dueAt: z.string(), at: z.string(),
  localTimes: LocalTimesSchema,
});

const copy = (rungs: readonly EscalationRung[]) => rungs.map((r) => ({ ...r, roles: [...r.roles], members: [...r.members] }));

export function registerEscalationRoutes(api: FastifyInstance, deps: HttpDeps): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  const tags = ['Hotline (private)'];

  app.get('/dialogues/:dialogue/escalation-ladder', {
    schema: { tags, summary: "My party's escalation ladder for hotline calls it receives (admins; never shared)", params: IdParams, response: { 200: LadderSchema, ...problemResponses } },
  }, async (request) => {
    const actor = actorOf(request, { write: false });
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    authorize(actor, 'hotline.ladder');
    const ladder = await deps.ctx.store.privates.escalationLadder(actor.party, dialogue.id);
    return ladder
      ? { party: actor.party, rungs: copy(ladder.rungs), isDefault: false, updatedBy: ladder.updatedBy, updatedAt: ladder.updatedAt }
      : { party: actor.party, rungs: copy(DEFAULT_LADDER), isDefault: true, updatedBy: null, updatedAt: null };
  });

  app.put('/dialogues/:dialogue/escalation-ladder', {
    schema: {
      tags, summary: "Set my party's escalation ladder (admins): rung 1 is paged when the agreed deadline passes, each later rung when the one before it ran out",
      params: IdParams, body: z.strictObject({ rungs: z.array(RungSchema).min(1).max(MAX_RUNGS) }), response: { 200: LadderSchema, ...problemResponses },
    },
  }, async (request) => {
    const actor = actorOf(request, { write: true });
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    authorize(actor, 'hotline.ladder');
    const rungs = checkLadder(request.body.rungs as EscalationRung[]);
    for (const [i, rung] of rungs.entries()) {
      for (const id of rung.members) {
        const member = await deps.ctx.store.member(id as MemberId);
        if (!member || member.party !== actor.party) throw invalid('member_unknown', `rungs[${i}].members`, `no member ${id} in your party`);
      }
    }
    const record = await audited(deps.ctx.node, actor, async () => {
      const before = await deps.ctx.store.privates.escalationLadder(actor.party, dialogue.id);
      // `before: null`: the default ladder applied.
      const change = { before: before ? copy(before.rungs) : null, after: copy(rungs) };
      // The same rungs again change nothing: not who set them and when, and nothing is logged.
      if (before && JSON.stringify(change.before) === JSON.stringify(change.after)) return { result: before, entry: undefined };
      const next = { party: actor.party, dialogue: dialogue.id, rungs, updatedBy: actor.member, updatedAt: deps.ctx.node.clock.now().toISOString() };
      await deps.ctx.store.privates.putEscalationLadder(next);
      return { result: next, entry: { action: 'escalation_ladder.changed' as const, target: dialogue.id, detail: { rungs: change } } };
    });
    return { party: actor.party, rungs: copy(record.rungs), isDefault: false, updatedBy: record.updatedBy, updatedAt: record.updatedAt };
  });

  app.get('/dialogues/:dialogue/hotline/escalations', {
    schema: {
      tags, summary: 'Escalation steps my node took for calls my party received: rung, who was paged, when (never shared)',
      params: IdParams, querystring: z.strictObject({ call: z.string().max(200).optional() }),
      response: { 200: z.object({ items: z.array(StepSchema) }), ...problemResponses },
    },
  }, async (request) => {
    const actor = actorOf(request, { write: false });
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    authorize(actor, 'hotline.escalations');
    const steps = await deps.ctx.store.privates.escalationSteps(actor.party, dialogue.id, request.query.call);
    const zones = await zonesOf(deps.ctx.store, dialogue);
    return {
      items: steps.map((s) => ({
        call: s.call, level: s.level, rung: copy([s.rung])[0]!, paged: [...s.paged], dueAt: s.due, at: s.at,
        localTimes: localTimes({ dueAt: s.due, at: s.at }, zones),
      })),
    };
  });
}
