/**
 * The bodies of working-group events as this node's decider makes them (decide.ts), so an
 * event from another node that no decider could have written is refused at the inbox instead
 * of reaching the state and the other party's screens (goals that are not a list, a title
 * that is not text). Only shape and per-field limits: status, and whether a proposal id
 * names the current one, are the fold's to settle, in order.
 */
import { type BodyRule, type Body, reasonAt, ruleChecker, isObject, objectWith, textShape } from '../bodies.js';
import { invalid } from '../errors.js';
import { checkId } from '../ids.js';
import { checkMandate, type MandateInput } from './decide.js';

const target = (body: Body): void => void checkId(body.target, 'body.target', 'target_invalid');
const proposal = (body: Body): void => void checkId(body.proposal, 'body.proposal', 'proposal_invalid');
const coChair = (body: Body): void => void checkId(body.coChair, 'body.coChair', 'co_chair_missing');

/** A mandate as checkMandate writes it: `topic` only when given, `protected` only when true. */
function mandate(value: unknown, field: string): void {
  const input = objectWith(value, field, ['title', 'topic', 'goals', 'protected'], 'mandate_invalid');
  textShape(input.title, `${field}.title`);
  if (input.topic !== undefined) textShape(input.topic, `${field}.topic`);
  if (!Array.isArray(input.goals)) throw invalid('goals_missing', `${field}.goals`, 'must be a list of goals');
  input.goals.forEach((goal, i) => {
    if (!isObject(goal)) throw invalid('text_invalid', `${field}.goals[${i}]`, 'must map language tags to text');
  });
  if (input.protected !== undefined && input.protected !== true) throw invalid('flag_invalid', `${field}.protected`, 'is true or absent');
  checkMandate(input as unknown as MandateInput, field);
}

const RULES: { readonly [type: string]: BodyRule } = {
  'working_group.proposed': {
    fields: ['mandate', 'coChair'],
    check: (body) => { mandate(body.mandate, 'body.mandate'); coChair(body); },
  },
  'working_group.accepted': { fields: ['target', 'proposal', 'coChair'], check: (body) => { target(body); proposal(body); coChair(body); } },
  'working_group.rejected': {
    fields: ['target', 'proposal', 'reason'],
    check: (body) => { target(body); proposal(body); reasonAt(body.reason, 'body.reason', false); },
  },
  'working_group.withdrawn': { fields: ['target', 'reason'], check: (body) => { target(body); reasonAt(body.reason, 'body.reason', false); } },
  'working_group.suspended': { fields: ['target', 'reason'], check: (body) => { target(body); reasonAt(body.reason, 'body.reason', true); } },
  'working_group.resumed': { fields: ['target'], check: target },
  'working_group.amendment_proposed': {
    fields: ['target', 'mandate'],
    check: (body) => { target(body); mandate(body.mandate, 'body.mandate'); },
  },
  'working_group.amendment_accepted': { fields: ['target', 'proposal'], check: (body) => { target(body); proposal(body); } },
  'working_group.closure_proposed': { fields: ['target', 'reason'], check: (body) => { target(body); reasonAt(body.reason, 'body.reason', false); } },
  'working_group.closure_accepted': { fields: ['target', 'proposal'], check: (body) => { target(body); proposal(body); } },
};

export const checkWorkingGroupBody = ruleChecker(RULES);
