/**
 * The scenario file (YAML): parties, members and a dialogue, to set a dialogue up from a
 * file and to ship demos. Validated whole before anything is written; errors name the path
 * inside the file, e.g. `parties[1].members[0].roles: unknown role "chief"`.
 */
import { z } from 'zod';
import { ROLES } from '../domain/index.js';

const SAFE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?$/;

const Id = z.string().regex(SAFE_ID, 'must be lowercase letters, digits, "-" or "_" (at most 64), starting with a letter or digit');

export const MultilingualTextSchema = z
  .record(z.string().regex(LANGUAGE_TAG, 'is not a language tag such as en or zh-Hans'), z.string().trim().min(1, 'must not be empty'))
  .refine((text) => Object.keys(text).length > 0, 'needs at least one language version');

/** Whether the platform's ICU knows the IANA zone (e.g. `America/New_York`). */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const RolesSchema = z.array(z.string()).min(1, 'needs at least one role').superRefine((roles, ctx) => {
  for (const role of roles) {
    if (!(ROLES as readonly string[]).includes(role)) {
      ctx.addIssue({ code: 'custom', message: `unknown role "${role}" (known: ${ROLES.join(', ')})` });
    }
  }
});

export const MemberSchema = z.strictObject({
  id: Id,
  name: z.string().trim().min(1, 'must not be empty'),
  roles: RolesSchema,
  password: z.string().min(8, 'must be at least 8 characters').optional(),
});

export const PartySchema = z.strictObject({
  id: Id,
  name: MultilingualTextSchema,
  timeZone: z.string().refine(isTimeZone, 'is not an IANA time zone such as Asia/Shanghai').optional(),
  members: z.array(MemberSchema).default([]),
});

/**
 * A scripted step: at a time, a member performs one command of one aggregate kind, e.g.
 * `do: working_group.propose`. Other fields are the command's own; a string `@name` refers
 * to the aggregate created by an earlier step with `ref: name`.
 */
export const StepSchema = z
  .object({
    at: z.iso.datetime({ offset: false, message: 'must be an RFC 3339 UTC time, e.g. 2026-09-01T08:00:00Z' }),
    as: Id,
    do: z.string().regex(/^[a-z_]+\.[a-z_]+$/, 'must be <kind>.<command>, e.g. working_group.propose'),
    ref: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/).optional(),
    /** Names the id of the step's first event (e.g. an agenda version, which is an event, not an aggregate). */
    eventRef: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/).optional(),
    target: z.string().regex(/^@[a-z0-9][a-z0-9_-]*$/, 'must be @name of an earlier step').optional(),
    /** The node was down from this time until the step's: what fell due meanwhile is caught up late. */
    nodeDownSince: z.iso.datetime({ offset: false, message: 'must be an RFC 3339 UTC time' }).optional(),
  })
  .catchall(z.unknown());

export const ScenarioSchema = z
  .object({
    dialogue: z.strictObject({ id: Id.optional(), title: MultilingualTextSchema }),
    parties: z.array(PartySchema).min(2, 'a dialogue needs at least two parties'),
    messages: z
      .array(z.strictObject({
        as: Id,
        kind: z.enum(['informal', 'formal_note']).default('informal'),
        text: MultilingualTextSchema,
      }))
      .default([]),
    steps: z.array(StepSchema).default([]),
  })
  .superRefine((scenario, ctx) => {
    const partyIds = new Set<string>();
    const memberIds = new Set<string>();
    scenario.parties.forEach((party, i) => {
      if (partyIds.has(party.id)) ctx.addIssue({ code: 'custom', path: ['parties', i, 'id'], message: `duplicate party id "${party.id}"` });
      partyIds.add(party.id);
      party.members.forEach((member, j) => {
        if (memberIds.has(member.id)) {
          ctx.addIssue({ code: 'custom', path: ['parties', i, 'members', j, 'id'], message: `duplicate member id "${member.id}"` });
        }
        memberIds.add(member.id);
      });
    });
    const refs = new Set<string>();
    scenario.steps.forEach((step, i) => {
      if (!memberIds.has(step.as)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'as'], message: `no member "${step.as}" in this file` });
      if (step.target && !refs.has(step.target.slice(1))) {
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'target'], message: `${step.target} is not the ref of an earlier step` });
      }
      for (const key of ['ref', 'eventRef'] as const) {
        const name = step[key];
        if (typeof name !== 'string') continue;
        if (refs.has(name)) ctx.addIssue({ code: 'custom', path: ['steps', i, key], message: `ref "${name}" is used twice` });
        refs.add(name);
      }
    });
    scenario.messages.forEach((message, i) => {
      if (!memberIds.has(message.as)) ctx.addIssue({ code: 'custom', path: ['messages', i, 'as'], message: `no member "${message.as}" in this file` });
    });
  });

export type Scenario = z.infer<typeof ScenarioSchema>;

/** `parties[1].members[0].roles` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out || '(file)';
}
