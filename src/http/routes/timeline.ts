/** Context events (the relationship timeline) and joint statements over HTTP. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  CONTEXT_CATEGORIES, contextEvents, jointStatements,
  type ContextEventCommand, type JointStatementCommand,
} from '../../domain/index.js';
import type { HttpDeps } from '../context.js';
import { MultilingualTextSchema } from '../schemas.js';
import { registerAggregateRoutes } from './aggregate-routes.js';

const ContextInput = z.strictObject({
  title: MultilingualTextSchema,
  date: z.string().min(10).max(40).meta({ description: 'RFC 3339 date or date-time' }),
  category: z.enum(CONTEXT_CATEGORIES),
  source: z.strictObject({ text: MultilingualTextSchema, url: z.string().max(2000).optional() }),
  description: MultilingualTextSchema.optional(),
});

export function registerTimelineRoutes(api: FastifyInstance, deps: HttpDeps): void {
  registerAggregateRoutes<unknown, ContextEventCommand>(api, deps, {
    kind: contextEvents,
    path: 'context-events',
    tag: 'Timeline',
    create: { summary: 'Record a dated event on the relationship timeline, with its source', body: z.strictObject({ event: ContextInput }),
      toCommand: (b: { event: z.infer<typeof ContextInput> }) => ({ type: 'record', event: b.event }) as ContextEventCommand },
    actions: [
      { path: 'correct', summary: 'Correct your own entry (changed fields only)', body: z.strictObject({ changes: ContextInput.partial(), reason: z.string().max(10_000).optional() }),
        toCommand: (b: { changes: Partial<z.infer<typeof ContextInput>>; reason?: string }) => ({ type: 'correct', changes: b.changes, ...(b.reason ? { reason: b.reason } : {}) }) as ContextEventCommand },
    ],
  });

  registerAggregateRoutes<unknown, JointStatementCommand>(api, deps, {
    kind: jointStatements,
    path: 'joint-statements',
    tag: 'Joint statements',
    create: {
      summary: 'Propose a joint statement (agreed only when every party signed the same version)',
      body: z.strictObject({ text: MultilingualTextSchema, authentic: z.array(z.string()).optional(), meeting: z.string().max(200).optional(), workingGroup: z.string().max(200).optional() }),
      toCommand: (b: Record<string, unknown>) => ({ type: 'propose', ...b }) as JointStatementCommand,
    },
    actions: [
      { path: 'revise', summary: 'Revise the text (a new version; earlier signatures no longer count)', body: z.strictObject({ text: MultilingualTextSchema, authentic: z.array(z.string()).optional() }),
        toCommand: (b: { text: Record<string, string>; authentic?: string[] }) => ({ type: 'revise', text: b.text, ...(b.authentic ? { authentic: b.authentic } : {}) }) },
      { path: 'sign', summary: 'Sign this version (principals)', body: z.strictObject({ version: z.string().min(1).max(200) }),
        toCommand: (b: { version: string }) => ({ type: 'sign', version: b.version }) },
      { path: 'withdraw', summary: 'Withdraw (the proposing party)', body: z.strictObject({ reason: z.string().max(10_000).optional() }),
        toCommand: (b: { reason?: string }) => ({ type: 'withdraw', ...(b.reason ? { reason: b.reason } : {}) }) },
    ],
  });
}
