/**
 * Incident reports over HTTP: report (creates the incident with your party's account), add
 * your party's own account, revise it. Put an incident on a meeting's agenda through an
 * agenda item's `incident` (meetings.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { INCIDENT_DOMAINS, incidents, incidentSummary, type IncidentCommand, type IncidentState } from '../../domain/index.js';
import { allAggregates } from '../../node/index.js';
import { actorOf, dialogueFor, type HttpDeps } from '../context.js';
import { IdParams, InstantSchema, MultilingualTextSchema, PositionSchema, problemResponses } from '../schemas.js';
import { registerAggregateRoutes } from './aggregate-routes.js';

const AccountBody = z.strictObject({
  time: InstantSchema.meta({ description: 'when it happened (UTC)' }),
  position: PositionSchema,
  domain: z.enum(INCIDENT_DOMAINS),
  units: z.array(z.strictObject({ party: z.string().max(64), name: z.string().max(200), type: z.string().max(200).optional() })).max(50)
    .meta({ description: 'the units involved, each side\'s, each naming its party' }),
  cpaMetres: z.number().int().meta({ description: 'closest point of approach, whole metres' }),
  narrative: MultilingualTextSchema,
});
const toCommand = (type: IncidentCommand['type']) => (b: Record<string, unknown>) => ({ type, ...b }) as IncidentCommand;

const MonthCounts = z.object({ sea: z.number().int(), air: z.number().int(), accounted: z.number().int(), disputed: z.number().int() });

export function registerIncidentRoutes(api: FastifyInstance, deps: HttpDeps): void {
  api.withTypeProvider<ZodTypeProvider>().get('/dialogues/:dialogue/incidents/summary', {
    schema: {
      tags: ['Incidents'], summary: 'Incidents per month (UTC, by the first report\'s time) and domain; how many have every party\'s account, and how many accounts differ',
      params: IdParams, response: { 200: z.object({ total: z.number().int(), months: z.record(z.string(), MonthCounts) }), ...problemResponses },
    },
  }, async (request) => {
    actorOf(request, { write: false });
    const dialogue = await dialogueFor(deps, request, request.params.dialogue);
    const all = await allAggregates<IncidentState>(deps.ctx.store.aggregates, dialogue.id, 'incident');
    return incidentSummary(all.map((record) => record.state));
  });

  registerAggregateRoutes<IncidentState, IncidentCommand>(api, deps, {
    kind: incidents,
    path: 'incidents',
    tag: 'Incidents',
    times: (s) => ({ time: s.accounts[s.reportedBy]?.account?.time, reportedAt: s.reportedAt }),
    create: { summary: 'Report an incident at sea or in the air, with your party\'s account', body: AccountBody, toCommand: toCommand('report') },
    actions: [
      { path: 'accounts', summary: 'Add your party\'s own account of the incident', body: AccountBody, toCommand: toCommand('add_account') },
      { path: 'accounts/revise', summary: 'Revise your party\'s account (each party only its own)', body: AccountBody, toCommand: toCommand('revise_account') },
    ],
  });
}
