/**
 * The floor dashboard over HTTP (SPEC.md §5): the indicators of a dialogue and its floor
 * rules with their status and alerts, computed at the node's clock from the projections
 * (src/node/floor.ts). Readable by every member of the dialogue's parties; nothing private
 * goes into it (hotline escalation ladders and steps are not read).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FLOOR_RULE_IDS, TIMELINE_TYPES } from '../../domain/index.js';
import { dialogueFloor } from '../../node/index.js';
import { actorOf, dialogueFor, type HttpDeps } from '../context.js';
import { IdParams, problemResponses } from '../schemas.js';

const Text = z.record(z.string(), z.string());
const Count = z.number().int();
const Percent = z.number().nullable().meta({ description: 'percent, one decimal; null when there is nothing to divide' });
const Outcomes = z.object({
  achieved: Count, partly: Count, not_achieved: Count, deferred: Count,
  disputed: Count.meta({ description: 'items whose outcome the parties recorded differently' }), unrecorded: Count,
});

export const FloorSchema = z.object({
  at: z.string().meta({ description: 'the node time the floor was computed at' }),
  channels: z.object({
    counts: z.object({ active: Count, suspended: Count, proposed: Count, closed: Count }),
    groups: z.array(z.object({
      id: z.string(), title: Text.nullable(), status: z.string(), isProtected: z.boolean(),
      lastContactAt: z.string().nullable().meta({ description: 'latest of activation/resumption, a meeting held, a message in the group' }),
      daysSinceContact: z.number().int().nullable(),
    })),
  }),
  outcomes: z.object({
    goals: Outcomes.extend({ total: Count, achievedPercent: Percent }),
    commitments: z.object({
      byStatus: z.record(z.string(), Count), delivered: Count, deliveredOnTime: Count, onTimePercent: Percent,
      confirmed: Count, disputed: Count, overdue: Count,
    }),
    meetings: z.array(z.object({
      id: z.string(), workingGroup: z.string().nullable(), start: z.string().nullable(), status: z.string(),
      items: Count, outcomes: Outcomes, commitments: Count,
    })).meta({ description: 'outcomes per meeting held: many meetings and no outcomes is a visible failure' }),
  }),
  hotline: z.object({
    parties: z.array(z.object({
      party: z.string(), received: Count, acknowledged: Count,
      ackMedianSeconds: z.number().nullable(), ackP90Seconds: z.number().nullable(), unansweredPastDeadline: Count,
    })),
    unansweredPastDeadline: Count,
    availability: z.array(z.object({
      days: Count, since: z.string(),
      directions: z.array(z.object({
        from: z.string(), to: z.string(), scheduled: Count, answered: Count, missed: Count, availability: z.number().nullable(),
      })),
    })),
  }),
  notices: z.array(z.object({ party: z.string(), type: z.string(), onTime: Count, late: Count, voluntary: Count })),
  incidents: z.array(z.object({ month: z.string(), domain: z.string(), count: Count })),
  timeline: z.array(z.object({
    at: z.string(), type: z.enum(TIMELINE_TYPES), id: z.string(), party: z.string().nullable(), title: Text.nullable(),
    workingGroup: z.string().nullable(), detail: z.string().nullable(),
  })).meta({ description: 'the latest entries (at most 200), oldest first' }),
  timelineTotal: Count.meta({ description: 'timeline entries on the record, shown or not' }),
  rules: z.array(z.object({
    rule: z.enum(FLOOR_RULE_IDS), threshold: z.number(), status: z.enum(['met', 'breached', 'no_data']),
    alerts: z.array(z.object({
      rule: z.enum(FLOOR_RULE_IDS), subject: z.string(), at: z.string(), isActive: z.boolean(),
      value: z.number().nullable(), threshold: z.number(),
    })),
  })),
  ruleSettings: z.object({
    linkAvailabilityMinPercent: Count, linkAvailabilityDays: Count, silentGroupMaxDays: Count,
    flashUnansweredMaxSeconds: Count, protectedNeverSuspended: z.boolean(),
  }).meta({ description: 'the rules in force: the agreed terms’ floor section over the defaults' }),
});

export function registerFloorRoutes(api: FastifyInstance, deps: HttpDeps): void {
  const app = api.withTypeProvider<ZodTypeProvider>();
  app.get('/dialogues/:dialogue/floor', {
    schema: {
      tags: ['Floor'], summary: 'The floor dashboard: channels, outcomes, hotline, notices, incidents, timeline, and floor rules with their alerts',
      params: IdParams, response: { 200: FloorSchema, ...problemResponses },
    },
  }, async (request) => {
    actorOf(request, { write: false });
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    const floor = await dialogueFloor(deps.ctx.store, dialogue, deps.ctx.node.clock.now());
    return floor as z.infer<typeof FloorSchema>;
  });
}
