/** Meetings over HTTP: schedule by agreement, agenda items with goals, outcomes per party, attendance, the next meeting. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MAX_ID_LENGTH, MEETING_FORMATS, meetings, OUTCOMES, type MeetingCommand, type MeetingState } from '../../domain/index.js';
import type { HttpDeps } from '../context.js';
import { MultilingualTextSchema } from '../schemas.js';
import { registerAggregateRoutes } from './aggregate-routes.js';

const Instant = z.string().max(40).meta({ description: 'RFC 3339 date-time in UTC, e.g. 2026-06-30T09:00:00Z' });
const Venue = { format: z.enum(MEETING_FORMATS), place: MultilingualTextSchema.optional() };
const Members = z.array(z.string().max(MAX_ID_LENGTH)).max(200);
const Items = z.array(z.strictObject({ goal: MultilingualTextSchema.meta({ description: 'a concrete, checkable outcome, not a topic' }), incident: z.string().max(MAX_ID_LENGTH).optional(), commitment: z.string().max(MAX_ID_LENGTH).optional() })).max(50);

export function registerMeetingRoutes(api: FastifyInstance, deps: HttpDeps): void {
  registerAggregateRoutes<MeetingState, MeetingCommand>(api, deps, {
    kind: meetings,
    path: 'meetings',
    tag: 'Meetings',
    create: {
      summary: 'Propose a meeting of a working group (agreed when every party accepts this version)',
      body: z.strictObject({ workingGroup: z.string().min(1).max(200), start: Instant, end: Instant, ...Venue, participants: Members.optional() }),
      toCommand: (b: Record<string, unknown>) => ({ type: 'propose', ...b }) as MeetingCommand,
    },
    actions: [
      { path: 'accept', summary: 'Accept this version of the meeting (principals)', body: z.strictObject({ proposal: z.string().min(1).max(200), participants: Members.optional() }),
        toCommand: (b: Record<string, unknown>) => ({ type: 'accept', ...b }) as MeetingCommand },
      { path: 'reschedule', summary: 'Reschedule (a new version needing fresh acceptance)', body: z.strictObject({ start: Instant, end: Instant, ...Venue, participants: Members.optional(), reason: z.string().max(10_000).optional() }),
        toCommand: (b: Record<string, unknown>) => ({ type: 'reschedule', ...b }) as MeetingCommand },
      { path: 'cancel', summary: 'Cancel, with a reason', body: z.strictObject({ reason: z.string().max(10_000) }),
        toCommand: (b: { reason: string }) => ({ type: 'cancel', reason: b.reason }) },
      { path: 'attendance', summary: "Record which of your party's members attended", body: z.strictObject({ attended: Members }),
        toCommand: (b: { attended: string[] }) => ({ type: 'record_attendance', attended: b.attended }) },
      { path: 'conclude', summary: 'Conclude by fixing the date and place of the next meeting', body: z.strictObject({ next: z.strictObject({ start: Instant, ...Venue }) }),
        toCommand: (b: Record<string, unknown>) => ({ type: 'conclude', ...b }) as MeetingCommand },
      { path: 'agenda', summary: 'Propose the agenda: items, each with a checkable goal', body: z.strictObject({ items: Items }),
        toCommand: (b: { items: z.infer<typeof Items> }) => ({ type: 'propose_agenda', items: b.items }) },
      { path: 'agenda/amend', summary: 'Amend the agenda (a new version needing fresh acceptance)', body: z.strictObject({ items: Items }),
        toCommand: (b: { items: z.infer<typeof Items> }) => ({ type: 'amend_agenda', items: b.items }) },
      { path: 'agenda/accept', summary: 'Accept this agenda version (principals)', body: z.strictObject({ proposal: z.string().min(1).max(200) }),
        toCommand: (b: { proposal: string }) => ({ type: 'accept_agenda', proposal: b.proposal }) },
      { path: 'outcomes', summary: "Record your party's outcome for an agenda item", body: z.strictObject({ item: z.number().int().min(0), outcome: z.enum(OUTCOMES), note: MultilingualTextSchema.optional() }),
        toCommand: (b: Record<string, unknown>) => ({ type: 'record_outcome', ...b }) as MeetingCommand },
    ],
  });
}
